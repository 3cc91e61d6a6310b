"""Feedback jobs: the periodic SLA check (``feedback.check_overdue``): due soon, overdue,
escalated."""

from __future__ import annotations

import logging

from scorebridge.feedback import gauges as _gauges  # noqa: F401  (registers /metrics gauges)
from scorebridge.feedback import service
from scorebridge.kit.jobs import JobContext, periodic
from scorebridge.notifications.hub import hub_for
from scorebridge.settings import get_settings

logger = logging.getLogger(__name__)
_settings = get_settings()


@periodic("feedback.check_overdue", every_seconds=_settings.feedback_overdue_check_seconds)
async def check_overdue(ctx: JobContext) -> None:
    async with ctx.db.unit_of_work() as session:
        due_soon, overdue, escalated = await service.flag_overdue(
            session, hub_for(ctx.settings.redis_url), ctx.settings.feedback_sla_hours
        )
    if due_soon or overdue or escalated:
        logger.info(
            "feedback: %d due soon, %d newly overdue, %d escalated", due_soon, overdue, escalated
        )
