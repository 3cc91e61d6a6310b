"""Standards jobs: ``standards.apply`` re-evaluates a position's earlier results."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.kit.jobs import InProcessQueue, JobContext, at_startup, enqueue, task
from scorebridge.standards import sweep
from scorebridge.standards.models import ApplicationStatus, StandardApplication

APPLY_JOB = "standards.apply"


def queue_apply(session: AsyncSession, application_id: uuid.UUID, part: int = 1) -> None:
    enqueue(
        session,
        APPLY_JOB,
        str(application_id),
        part,
        job_id=f"standards-apply:{application_id}:{part}",
    )


@task(APPLY_JOB, max_tries=3)
async def apply(ctx: JobContext, application_id: str, part: int = 1) -> None:
    """One slice of a run; under arq a slice stops after 60% of the job timeout and queues the
    next, so a timeout never kills a run over a million results halfway."""
    in_process = isinstance(ctx.db.queue, InProcessQueue)
    budget = None if in_process else ctx.settings.job_timeout_seconds * 0.6
    if await sweep.run(ctx.db, uuid.UUID(application_id), budget):
        async with ctx.db.unit_of_work() as session:
            queue_apply(session, uuid.UUID(application_id), part + 1)


@at_startup
async def resume_applications(ctx: JobContext) -> None:
    """Queue again the runs a stopped process left pending or running."""
    async with ctx.db.unit_of_work() as session:
        ids = (
            await session.scalars(
                select(StandardApplication.id).where(
                    StandardApplication.status.in_(ApplicationStatus.active)
                )
            )
        ).all()
        for application_id in ids:
            enqueue(
                session,
                APPLY_JOB,
                str(application_id),
                1,
                job_id=f"standards-apply:{application_id}:startup",
            )
