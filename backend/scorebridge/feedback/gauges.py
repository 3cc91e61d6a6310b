"""The feedback SLA as Prometheus sees it (read from the database at each scrape)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.feedback.models import Feedback, FeedbackStatus
from scorebridge.feedback.service import overdue_condition
from scorebridge.observability.gauges import Reading, db_gauge

DUE_SOON = timedelta(hours=4)  # HR hear of feedback 4 hours before it is due


@db_gauge(
    "scorebridge_feedback",
    "Unresolved feedback: open (all unresolved), due_soon (unanswered, due within 4 hours), "
    "overdue (unanswered past its due time)",
    labels=("state",),
)
async def feedback(session: AsyncSession, now: datetime) -> Reading:
    unanswered = (Feedback.status != FeedbackStatus.resolved) & Feedback.first_response_at.is_(None)
    row = (
        await session.execute(
            select(
                func.count().filter(Feedback.status.in_(FeedbackStatus.unresolved)),
                func.count().filter(
                    unanswered, Feedback.due_at >= now, Feedback.due_at < now + DUE_SOON
                ),
                func.count().filter(overdue_condition(now)),
            )
        )
    ).one()
    return {("open",): row[0], ("due_soon",): row[1], ("overdue",): row[2]}
