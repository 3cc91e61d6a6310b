"""Alembic: empty → head → base → head on SQLite and PostgreSQL; audit_events is append-only."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from conftest import App
from scorebridge import migrate
from scorebridge.audit.models import AuditEvent
from scorebridge.models import Base

PG_URL = os.environ.get("SCOREBRIDGE_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
        return
    if not PG_URL:
        pytest.skip("SCOREBRIDGE_TEST_POSTGRES_URL is not set")
    name = f"scorebridge_migr_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def tables(url: str) -> set[str]:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


async def schema_drift(url: str) -> list[object]:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
            )
        )
    await engine.dispose()
    return list(diff)


async def assert_audit_append_only(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                AuditEvent.__table__.insert().values(
                    id=uuid.uuid4(),
                    at=datetime.now(UTC),
                    actor_kind="system",
                    action="test.inserted",
                    detail={},
                )
            )
        for statement in (
            "UPDATE audit_events SET action = 'test.changed'",
            "DELETE FROM audit_events",
        ):
            with pytest.raises((DBAPIError, IntegrityError)) as raised:
                async with engine.begin() as conn:
                    await conn.execute(text(statement))
            assert "append-only" in str(raised.value)
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT action FROM audit_events"))).all()
        assert [r[0] for r in rows] == ["test.inserted"]
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    url = empty_database
    await migrate.upgrade_async(url)
    expected = {t.name for t in Base.metadata.sorted_tables}
    assert expected <= await tables(url)
    assert await schema_drift(url) == []
    await assert_audit_append_only(url)

    await asyncio.to_thread(command.downgrade, migrate.alembic_config(url), "base")
    assert await tables(url) == set()

    await migrate.upgrade_async(url)
    assert expected <= await tables(url)
    await assert_audit_append_only(url)
    # Upgrading an up-to-date database is a no-op.
    await migrate.upgrade_async(url)


async def test_orm_cannot_rewrite_audit_history(app: App) -> None:
    """Through the application's own engine too (the test database is migrated)."""
    async with app.db.unit_of_work() as session:
        event = AuditEvent(actor_kind="system", action="test.original", detail={})
        session.add(event)

    async def rewrite() -> None:
        async with app.db.unit_of_work() as session:
            row = await session.get(AuditEvent, event.id)
            assert row is not None
            row.action = "test.rewritten"

    async def erase() -> None:
        async with app.db.unit_of_work() as session:
            await session.delete(await session.get(AuditEvent, event.id))

    with pytest.raises((DBAPIError, IntegrityError)):
        await rewrite()
    with pytest.raises((DBAPIError, IntegrityError)):
        await erase()
    async with app.db.unit_of_work() as session:
        row = await session.get(AuditEvent, event.id)
        assert row is not None
        assert row.action == "test.original"
