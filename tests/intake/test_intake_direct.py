"""The webhook's direct path on PostgreSQL (``Database.direct``): the same answers as the
session path, and a connection the server dropped costs no webhook."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import text

from conftest import BACKEND, PGBOUNCER, App
from vendor_support import create_vendor, deliveries, envelope, send, signed, standard_data

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="the direct path is PostgreSQL's")


@pytest.mark.skipif(PGBOUNCER, reason="behind PgBouncer, server connections are PgBouncer's")
async def test_a_webhook_survives_its_connection_being_dropped(app: App) -> None:
    await create_vendor(app)
    assert (await send(app, standard_data("before"))).status_code == 202
    # The server ends every connection of the direct pool (a restart, a failover, a timeout).
    async with app.db.engine.connect() as conn:
        ended = await conn.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    assert ended >= 1
    response = await send(app, standard_data("after"))
    assert response.status_code == 202, response.text
    await app.run_jobs()
    assert {d["status"] for d in await deliveries(app)} == {"processed"}
    assert len(await deliveries(app)) == 2


async def test_a_repeat_answers_the_first_delivery_and_queues_nothing(app: App) -> None:
    await create_vendor(app)
    body = envelope(standard_data("once"))
    headers = signed(body, webhook_id="msg_once")
    first = await app.client.post("/api/v1/webhooks/acme", content=body, headers=headers)
    again = await app.client.post("/api/v1/webhooks/acme", content=body, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["delivery_id"] == again.json()["delivery_id"]
    await app.run_jobs()
    [delivery] = await deliveries(app)
    assert delivery["attempts"] == 1


@pytest.mark.skipif(PGBOUNCER, reason="behind PgBouncer, server connections are PgBouncer's")
async def test_work_whose_connection_dies_under_it_runs_once_more(app: App) -> None:
    """The server ends the connection in the middle of the work's statement: asyncpg may have
    cleaned the connection up (and handed it back to its pool) before the error arrives."""
    tries: list[int] = []

    async def work(conn: asyncpg.Connection) -> int:
        tries.append(await conn.fetchval("SELECT pg_backend_pid()"))
        if len(tries) == 1:
            await conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return len(tries)

    for _ in range(3):
        tries.clear()
        assert await app.db.direct(work) == 2
        assert tries[0] != tries[1]  # the second try ran on another connection
