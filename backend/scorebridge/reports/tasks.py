"""Report jobs: ``reports.generate`` makes one pack; ``reports.quarterly`` makes the packs of
the quarter just ended (every ``SCOREBRIDGE_REPORTS_CHECK_EVERY_SECONDS``; each pack once)."""

from __future__ import annotations

import logging
import uuid

from scorebridge.kit.db import utcnow
from scorebridge.kit.jobs import JobContext, periodic, task
from scorebridge.reports import service
from scorebridge.settings import get_settings

logger = logging.getLogger(__name__)
_settings = get_settings()


@task(service.GENERATE_JOB, max_tries=3)
async def generate(ctx: JobContext, report_id: str) -> None:
    await service.generate(ctx.db, ctx.settings, uuid.UUID(report_id))


if _settings.reports_check_every_seconds:

    @periodic("reports.quarterly", every_seconds=_settings.reports_check_every_seconds)
    async def quarterly(ctx: JobContext) -> None:
        made = await service.make_quarterly(ctx.db, ctx.settings, utcnow())
        if made:
            logger.info("reports: %d quarterly packs queued", len(made))
