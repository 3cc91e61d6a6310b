"""Intake jobs: process a delivery, re-queue what the queue lost, poll vendors that do not push.

The delivery row is the source of truth; these jobs only make sure every pending row is
eventually processed, whatever happened to the queue or the worker.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from scorebridge.intake import gauges as _gauges  # noqa: F401  (registers /metrics gauges)
from scorebridge.intake import polling, processing, repository
from scorebridge.intake.service import PROCESS_JOB
from scorebridge.kit.db import utcnow
from scorebridge.kit.jobs import JobContext, at_startup, enqueue, periodic, task
from scorebridge.settings import get_settings

_settings = get_settings()
RECONCILE_BATCH = 1000
STARTUP_BATCH = 20_000


@task(PROCESS_JOB, max_tries=8)
async def process_delivery(ctx: JobContext, delivery_id: str) -> None:
    await processing.process_delivery(
        ctx.db, uuid.UUID(delivery_id), batch=ctx.settings.intake_batch_size
    )


async def requeue_pending(
    ctx: JobContext, *, older_than_seconds: float | None, tag: str, limit: int
) -> int:
    """Enqueue a processing job for every pending delivery (older than the given age)."""
    async with ctx.db.unit_of_work() as session:
        before = (
            utcnow() - timedelta(seconds=older_than_seconds)
            if older_than_seconds is not None
            else None
        )
        ids = await repository.pending_ids(session, received_before=before, limit=limit)
        for delivery_id in ids:
            # Own job id per kind of wake-up: the original job id may still be kept by arq.
            enqueue(session, PROCESS_JOB, str(delivery_id), job_id=f"{delivery_id}:{tag}")
    return len(ids)


@periodic("intake.reconcile", every_seconds=_settings.intake_reconcile_every_seconds)
async def reconcile(ctx: JobContext) -> None:
    await requeue_pending(
        ctx,
        older_than_seconds=ctx.settings.intake_reconcile_after_seconds,
        tag="reconcile",
        limit=RECONCILE_BATCH,
    )


@at_startup
async def recover_pending(ctx: JobContext) -> None:
    """A restarted process picks up whatever was pending when the last one stopped."""
    await requeue_pending(ctx, older_than_seconds=None, tag="startup", limit=STARTUP_BATCH)


@periodic("intake.poll_due", every_seconds=_settings.intake_poll_every_seconds)
async def poll_due(ctx: JobContext) -> None:
    await polling.enqueue_due(ctx.db)


@task(polling.POLL_JOB, max_tries=1)
async def poll_vendor(ctx: JobContext, vendor_id: str) -> None:
    await polling.poll_vendor(ctx.db, uuid.UUID(vendor_id))
