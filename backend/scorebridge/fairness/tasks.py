"""Fairness jobs: ``fairness.watch`` looks for newly flagged positions after new results
(periodically, and at once when an import completes) and tells admins and auditors once."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from scorebridge.fairness import watch
from scorebridge.imports import service as imports
from scorebridge.kit import events
from scorebridge.kit.jobs import JobContext, periodic
from scorebridge.notifications.hub import hub_for
from scorebridge.settings import get_settings

logger = logging.getLogger(__name__)
_settings = get_settings()


async def look(ctx: JobContext) -> int | None:
    """One look (skipped while an import is writing: the data is changing under it)."""
    async with ctx.db.unit_of_work() as session:
        if await imports.writing(session):
            return None
        sent = await watch.run(
            session, hub_for(ctx.settings.redis_url), ZoneInfo(ctx.settings.default_timezone)
        )
    if sent:
        logger.info("fairness: %d new adverse-impact alerts", sent)
    return sent


if _settings.fairness_watch_every_seconds:

    @periodic("fairness.watch", every_seconds=_settings.fairness_watch_every_seconds)
    async def watch_periodically(ctx: JobContext) -> None:
        await look(ctx)

    @events.subscribe("import.completed")
    async def watch_after_import(ctx: JobContext, payload: dict[str, Any]) -> None:
        await look(ctx)
