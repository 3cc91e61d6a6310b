"""Import jobs: run a stored import, and pick up imports a stopped process left unfinished."""

from __future__ import annotations

import uuid

from scorebridge.imports import gauges as _gauges  # noqa: F401  (registers /metrics gauges)
from scorebridge.imports import service
from scorebridge.kit.jobs import JobContext, at_startup, enqueue, task


@task(service.RUN_JOB, max_tries=service.MAX_ATTEMPTS)
async def run_import(ctx: JobContext, import_id: str, token: int | None = None) -> None:
    await service.run(ctx, uuid.UUID(import_id), token)


@at_startup
async def recover_imports(ctx: JobContext) -> None:
    """Re-queue pending or interrupted imports (a live run keeps its claim via its heartbeat)."""
    async with ctx.db.unit_of_work() as session:
        for import_id in await service.unfinished(session):
            enqueue(session, service.RUN_JOB, str(import_id), job_id=f"import:{import_id}:startup")
