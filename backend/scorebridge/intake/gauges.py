"""Intake as Prometheus sees it (read from the database at each scrape)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.intake.models import Delivery
from scorebridge.observability.gauges import Reading, db_gauge


@db_gauge(
    "scorebridge_deliveries",
    "Vendor deliveries waiting to be processed (pending) or given up on (failed)",
    labels=("status",),
)
async def deliveries(session: AsyncSession, now: datetime) -> Reading:
    counts = dict.fromkeys(("pending", "failed"), 0.0)
    rows = await session.execute(
        select(Delivery.status, func.count())
        .where(Delivery.status.in_(list(counts)))
        .group_by(Delivery.status)
    )
    counts.update({status: float(n) for status, n in rows})
    return {(status,): n for status, n in counts.items()}


@db_gauge(
    "scorebridge_delivery_lag_seconds",
    "Age of the oldest pending delivery: how far behind intake processing is (0: none pending)",
)
async def delivery_lag(session: AsyncSession, now: datetime) -> Reading:
    oldest = await session.scalar(
        select(func.min(Delivery.received_at)).where(Delivery.status == "pending")
    )
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:  # SQLite's min() comes back as a naive UTC timestamp
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return max((now - oldest).total_seconds(), 0.0)
