"""Imports as Prometheus sees them (read from the database at each scrape)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.imports.models import ImportJob, ImportStatus
from scorebridge.observability.gauges import Reading, db_gauge


@db_gauge(
    "scorebridge_import_rows_per_second",
    "Rows per second written by the imports running now, by kind (0: none running)",
    labels=("kind",),
)
async def import_speed(session: AsyncSession, now: datetime) -> Reading:
    speeds = dict.fromkeys(("people", "results", "performance", "training"), 0.0)
    rows = await session.execute(
        select(ImportJob.kind, ImportJob.processed_rows, ImportJob.started_at).where(
            ImportJob.status == ImportStatus.running, ImportJob.started_at.is_not(None)
        )
    )
    for kind, processed, started in rows:
        assert started is not None
        seconds = (now - started).total_seconds()
        if seconds > 0:
            speeds[kind] = speeds.get(kind, 0.0) + processed / seconds
    return {(kind,): speed for kind, speed in speeds.items()}
