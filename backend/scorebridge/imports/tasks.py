"""Import jobs: run a stored import, and hand on imports whose run died (at startup and
periodically, in the API in embedded mode and in the worker in scaled mode)."""

from __future__ import annotations

import uuid

from scorebridge.imports import gauges as _gauges  # noqa: F401  (registers /metrics gauges)
from scorebridge.imports import running, service
from scorebridge.kit.jobs import JobContext, at_startup, enqueue, periodic, task
from scorebridge.settings import get_settings

_settings = get_settings()


@task(service.RUN_JOB, max_tries=service.MAX_ATTEMPTS)
async def run_import(ctx: JobContext, import_id: str, token: int | None = None) -> None:
    await running.run(ctx, uuid.UUID(import_id), token)


@periodic("imports.reconcile", every_seconds=_settings.import_reconcile_every_seconds)
async def reconcile_imports(ctx: JobContext) -> None:
    """Resume (or fail, saying why) imports whose heartbeat went stale: their run died."""
    await running.reconcile(ctx)


@at_startup
async def recover_imports(ctx: JobContext) -> None:
    """Re-queue pending or interrupted imports (a live run keeps its claim via its heartbeat)."""
    async with ctx.db.unit_of_work() as session:
        for import_id in await service.unfinished(session):
            enqueue(session, service.RUN_JOB, str(import_id), job_id=f"import:{import_id}:startup")
