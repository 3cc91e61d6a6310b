"""Redis (or the database) unreachable: a vendor's delivery is still stored and answered 202 at
once, the lost job is logged and re-queued by the reconciler later, the failure is remembered
briefly so requests do not each wait, and /ready answers 503 within a second. Real sockets:
a closed port, and a server that accepts connections and never answers."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlalchemy import select

from conftest import App
from notifications.servers import free_port
from scorebridge.app import create_app
from scorebridge.intake.models import Delivery
from scorebridge.intake.tasks import reconcile
from scorebridge.kit.jobs import ArqQueue, JobCall
from scorebridge.settings import Settings
from vendor_support import create_vendor, envelope, signed, standard_data


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    """A TCP server that accepts and then says nothing (a hung Redis or database)."""
    held: list[asyncio.StreamWriter] = []

    async def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    asgi = create_app(settings)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, client=("203.0.113.9", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def timed_get(client: httpx.AsyncClient, path: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await client.get(path)
    return response, time.monotonic() - started


@pytest.mark.parametrize("hung", [False, True], ids=["closed-port", "no-answer"])
async def test_ready_says_503_quickly_when_redis_is_down(
    settings: Settings, silent_port: int, hung: bool
) -> None:
    port = silent_port if hung else free_port()
    down = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{port}/0"})
    async with running(down) as client:
        response, took = await timed_get(client, "/api/v1/ready")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unavailable"
        assert body["checks"]["database"] == "ok"
        assert body["checks"]["redis"].startswith("error")
        assert took < 3  # not the ~5 s of arq's connection retries
        assert (await client.get("/api/v1/health")).status_code == 200


async def test_ready_says_503_quickly_when_the_database_does_not_answer(
    settings: Settings, silent_port: int
) -> None:
    if settings.is_sqlite:
        pytest.skip("a hung database server needs a network database (PostgreSQL run)")
    url = f"postgresql+asyncpg://root@127.0.0.1:{silent_port}/nowhere"
    async with running(settings.model_copy(update={"database_url": url})) as client:
        response, took = await timed_get(client, "/api/v1/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("error")
    assert took < 3


async def test_a_delivery_is_accepted_while_redis_is_down_and_reconciled_later(
    app: App, silent_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    """``app`` is the healthy instance; ``down`` shares its database, its Redis hangs."""
    await create_vendor(app)
    down = app.settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{silent_port}/0"})
    caplog.set_level(logging.WARNING, logger="scorebridge.kit.jobs")
    async with running(down) as vendor:
        took = []
        ids = []
        for n in range(3):
            body = envelope(standard_data(f"iv-redis-down-{n}"))
            started = time.monotonic()
            response = await vendor.post(
                "/api/v1/webhooks/acme", content=body, headers=signed(body)
            )
            took.append(time.monotonic() - started)
            assert response.status_code == 202, response.text
            ids.append(uuid.UUID(response.json()["delivery_id"]))
        # Only the first waits for the connection timeout; the breaker answers the others.
        assert took[0] < 4
        assert max(took[1:]) < 0.5
    logged = [r.getMessage() for r in caplog.records if "not sent" in r.getMessage()]
    assert len(logged) == 3
    assert "intake.process_delivery" in logged[0]

    async with app.db.unit_of_work() as session:
        statuses = set(
            (await session.scalars(select(Delivery.status).where(Delivery.id.in_(ids)))).all()
        )
    assert statuses == {"pending"}
    # The healthy instance's reconciler sends them again.
    app.settings.intake_reconcile_after_seconds = 0
    await reconcile(app.asgi.state.job_context)
    await app.run_jobs()
    async with app.db.unit_of_work() as session:
        statuses = set(
            (await session.scalars(select(Delivery.status).where(Delivery.id.in_(ids)))).all()
        )
    assert statuses == {"processed"}


async def test_the_breaker_remembers_a_failure_briefly_then_tries_again() -> None:
    queue = ArqQueue(f"redis://127.0.0.1:{free_port()}/0", break_seconds=0.3)
    try:
        await queue.send([JobCall("intake.process_delivery", ("x",))])  # logged, not raised
        assert not queue.reachable
        with pytest.raises(ConnectionError):
            await queue.pool()  # at once, without connecting
        await asyncio.sleep(0.35)
        assert queue.reachable  # tries again after the break
    finally:
        await queue.close()


async def test_jobs_are_enqueued_as_arq_would_in_one_script(app: App) -> None:
    """``ArqQueue.send`` writes what arq's ``enqueue_job`` writes (arq reads it back: name,
    arguments, deferral), refuses a job id already queued, and survives a Redis that lost its
    scripts (SCRIPT FLUSH, as after a restart)."""
    if not app.settings.redis_url:
        pytest.skip("needs Redis (the PostgreSQL run)")
    from arq.jobs import Job, JobStatus

    queue = ArqQueue(app.settings.redis_url)
    try:
        pool = await queue.pool()
        await pool.script_flush()
        first = JobCall("events.deliver", ("x.happened", {"n": 1}), "job-a", None, {})
        later = JobCall("events.deliver", ("x.happened", {"n": 2}), "job-b", 60, {})
        again = JobCall("events.deliver", ("x.happened", {"n": 3}), "job-a", None, {})
        await queue.send([first, later])
        await queue.send([again])  # a single call
        await pool.script_flush()
        await queue.send([again, JobCall("events.deliver", ("y", {}), "job-c", None, {})])
        info = await Job("job-a", pool).info()
        assert info is not None
        assert info.function == "events.deliver"
        assert info.args == ("x.happened", {"n": 1})  # the repeat did not replace it
        assert info.kwargs == {"carried": {}}
        assert await Job("job-b", pool).status() == JobStatus.deferred
        assert await Job("job-c", pool).status() == JobStatus.queued
        assert await pool.zcard(pool.default_queue_name) == 3
    finally:
        await queue.close()
