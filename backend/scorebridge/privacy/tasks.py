"""Privacy jobs: the daily retention run (``privacy.retention``) and the overdue check of
privacy requests (``privacy.check_overdue``)."""

from __future__ import annotations

import logging

from scorebridge.kit.jobs import JobContext, periodic
from scorebridge.notifications.hub import hub_for
from scorebridge.privacy import requests, retention
from scorebridge.settings import get_settings

logger = logging.getLogger(__name__)
_settings = get_settings()


# Wakes every hour (a fixed hourly cron in the worker); runs when no run started within
# SCOREBRIDGE_RETENTION_EVERY_HOURS (24), so several workers or restarts still run it daily.
@periodic("privacy.retention", every_seconds=3600)
async def run_retention(ctx: JobContext) -> None:
    async with ctx.db.unit_of_work() as session:
        if not await retention.due(session, ctx.settings.retention_every_hours):
            return
    record = await retention.run(
        ctx.db, trigger="job", batch_size=ctx.settings.retention_batch_size
    )
    logger.info("retention run %s: %s", record.id, record.counts)


@periodic("privacy.check_overdue", every_seconds=_settings.privacy_overdue_check_seconds)
async def check_overdue(ctx: JobContext) -> None:
    async with ctx.db.unit_of_work() as session:
        flagged = await requests.flag_overdue(session, hub_for(ctx.settings.redis_url))
    if flagged:
        logger.info("privacy: %d requests newly overdue", flagged)
