"""Jobs leave only with a committed unit of work, run on either backend, and retry on Retry."""

from __future__ import annotations

import uuid

import pytest
from fastapi import APIRouter
from sqlalchemy import func, select

from conftest import App
from scorebridge.audit.models import AuditEvent
from scorebridge.kit import jobs
from scorebridge.kit.errors import Conflict
from scorebridge.kit.web import Session

ACTION = "test.job_ran"


async def _record(ctx: jobs.JobContext, marker: str, note: str = "") -> int:
    """Write a row the test can see (the job may run in another process); return the count
    of rows for ``marker`` before this one."""
    async with ctx.db.unit_of_work() as session:
        before = await session.scalar(
            select(func.count()).where(AuditEvent.action == ACTION, AuditEvent.target_id == marker)
        )
        session.add(
            AuditEvent(actor_kind="system", action=ACTION, target_id=marker, detail={"note": note})
        )
    return int(before or 0)


@jobs.task("test.record")
async def record(ctx: jobs.JobContext, marker: str, note: str = "") -> None:
    await _record(ctx, marker, note)


@jobs.task("test.flaky", max_tries=3)
async def flaky(ctx: jobs.JobContext, marker: str) -> None:
    if await _record(ctx, marker) == 0:
        raise jobs.Retry(defer_seconds=0.05, reason="first try always fails")


@jobs.task("test.always_retry", max_tries=2)
async def always_retry(ctx: jobs.JobContext, marker: str) -> None:
    await _record(ctx, marker)
    raise jobs.Retry(defer_seconds=0.05)


async def runs(app: App, marker: str) -> list[str]:
    async with app.db.unit_of_work() as session:
        rows = await session.scalars(
            select(AuditEvent).where(AuditEvent.action == ACTION, AuditEvent.target_id == marker)
        )
        return [str(r.detail.get("note", "")) for r in rows]


async def test_job_of_a_failed_unit_never_runs(app: App) -> None:
    marker = uuid.uuid4().hex

    async def failing_unit() -> None:
        async with app.db.unit_of_work() as session:
            jobs.enqueue(session, "test.record", marker)
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        await failing_unit()
    await app.run_jobs()
    assert await runs(app, marker) == []


async def test_job_of_a_committed_unit_runs_once(app: App) -> None:
    marker = uuid.uuid4().hex
    async with app.db.unit_of_work() as session:
        jobs.enqueue(session, "test.record", marker, "hello")
        # Not sent before the commit.
        assert await runs(app, marker) == []
    await app.run_jobs()
    assert await runs(app, marker) == ["hello"]
    # Nothing is left in the queue to run again.
    await app.run_jobs()
    assert await runs(app, marker) == ["hello"]


async def test_retry_runs_the_job_again(app: App) -> None:
    marker = uuid.uuid4().hex
    async with app.db.unit_of_work() as session:
        jobs.enqueue(session, "test.flaky", marker)
    await app.run_jobs()
    assert len(await runs(app, marker)) == 2


async def test_retry_gives_up_after_max_tries(app: App) -> None:
    marker = uuid.uuid4().hex
    async with app.db.unit_of_work() as session:
        jobs.enqueue(session, "test.always_retry", marker)
    await app.run_jobs()
    assert len(await runs(app, marker)) == 2


async def test_same_job_id_in_one_unit_runs_once(app: App) -> None:
    marker = uuid.uuid4().hex
    async with app.db.unit_of_work() as session:
        jobs.enqueue(session, "test.record", marker, "a", job_id=f"rec-{marker}")
        jobs.enqueue(session, "test.record", marker, "b", job_id=f"rec-{marker}")
        jobs.enqueue(session, "test.record", marker, "c")
    await app.run_jobs()
    assert sorted(await runs(app, marker)) == ["a", "c"]


async def test_unknown_job_name_is_refused_at_enqueue(app: App) -> None:
    with pytest.raises(KeyError):
        async with app.db.unit_of_work() as session:
            jobs.enqueue(session, "test.no_such_job")


async def test_jobs_from_a_request_run(app: App) -> None:
    """A request's unit of work (the endpoint session) sends its jobs after commit too."""
    router = APIRouter()
    marker = uuid.uuid4().hex

    @router.post("/api/v1/test-enqueue/{fail}")
    async def enqueue_endpoint(fail: int, session: Session) -> dict[str, str]:
        jobs.enqueue(session, "test.record", marker, f"fail={fail}")
        if fail:
            raise Conflict("refused after enqueueing")
        return {"ok": "yes"}

    app.asgi.include_router(router)
    app.asgi.router.routes.insert(0, app.asgi.router.routes.pop())
    assert (await app.client.post("/api/v1/test-enqueue/1")).status_code == 409
    assert (await app.client.post("/api/v1/test-enqueue/0")).status_code == 200
    await app.run_jobs()
    assert await runs(app, marker) == ["fail=0"]
