"""Behind PgBouncer in transaction mode (the ``make pytest-pgbouncer`` stage): no statement
cache, no named prepared statements left on a server connection, transaction-scoped settings
and locks only."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from conftest import PGBOUNCER, App
from scorebridge.kit.db import create_engine, pgbouncer_connect_args

pytestmark = pytest.mark.skipif(not PGBOUNCER, reason="runs in the PgBouncer stage only")


async def test_the_app_talks_to_pgbouncer_without_named_statements(app: App) -> None:
    assert app.settings.database_pooler == "pgbouncer"
    assert ":5432/" not in app.settings.database_url

    async def work(n: int) -> None:
        async with app.db.unit_of_work() as session:
            assert await session.scalar(text("SELECT :n + 1"), {"n": n}) == n + 1
            await session.execute(text("SET LOCAL work_mem = '64MB'"))
            assert await session.scalar(text("SHOW work_mem")) == "64MB"
            await session.execute(text("SELECT pg_advisory_xact_lock(7270736902)"))

    # More concurrent transactions than PgBouncer has server connections for one pool: each
    # statement may meet a server connection another client used before.
    await asyncio.gather(*(work(n) for n in range(60)))
    for _ in range(25):
        async with app.db.unit_of_work() as session:
            named = await session.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
            assert named == 0
            # SET LOCAL never outlives its transaction on the shared server connection.
            assert await session.scalar(text("SHOW work_mem")) != "64MB"


def test_pgbouncer_engine_options() -> None:
    assert pgbouncer_connect_args() == {
        "statement_cache_size": 0,
        "prepared_statement_cache_size": 0,
    }
    engine = create_engine("postgresql+asyncpg://u@h/db", pooler="pgbouncer")
    assert engine.sync_engine.dialect.name == "postgresql"
