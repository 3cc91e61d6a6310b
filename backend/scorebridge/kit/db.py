"""Database engine, declarative base and the unit of work.

A unit of work commits on success and rolls back on error. Jobs enqueued on a session
(see :mod:`scorebridge.kit.jobs`) are handed to the queue only after the commit succeeded,
so a failed request never wakes a worker for rows that do not exist.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import AsyncIterator, Collection, Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    ColumnElement,
    DateTime,
    MetaData,
    Table,
    any_,
    bindparam,
    event,
    insert,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, Uuid

from scorebridge.kit import jobs

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_ids() -> Iterator[uuid.UUID]:
    """Time-ordered (version 7, RFC 9562) UUIDs for bulk inserts.

    Ids made together sort together, so a primary-key index grows at its right edge instead of
    touching a random page per row (which, on a table of millions, means a page read and a
    full-page WAL image per insert). The random tails come 4,096 at a time from the OS random
    source: :func:`uuid.uuid4` reads it once per id, a quarter of an import's time.
    """
    low = (1 << 62) - 1
    while True:
        raw = os.urandom(10 * 4096)
        for start in range(0, len(raw), 10):
            tail = int.from_bytes(raw[start : start + 10])
            stamp = time.time_ns() // 1_000_000
            yield uuid.UUID(
                int=(stamp << 80)
                | (0x7 << 76)
                | ((tail >> 62) & 0xFFF) << 64
                | (2 << 62)
                | (tail & low)
            )


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


class Database:
    """The engine, its session factory and the job queue that commits wake up."""

    def __init__(self, engine: AsyncEngine, queue: jobs.JobQueue) -> None:
        self.engine = engine
        self.queue = queue
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """Commit on success, roll back and drop queued jobs on error, then send the jobs."""
        async with self.sessionmaker() as session:
            try:
                yield session
            except BaseException:
                await session.rollback()
                jobs.discard(session)
                raise
            await session.commit()
            await self.queue.send(jobs.take(session))

    async def dispose(self) -> None:
        await self.engine.dispose()


def is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def one_of(session: AsyncSession, column: Any, values: Collection[Any]) -> ColumnElement[bool]:
    """``column IN values`` for a large collection: one array parameter (``= ANY($1)``) on
    PostgreSQL, where an IN list of thousands of parameters is slow to prepare and plan."""
    if is_postgres(session):
        array = bindparam(None, list(values), type_=ARRAY(column.type))
        return column == any_(array)  # type: ignore[no-any-return]
    return column.in_(list(values))  # type: ignore[no-any-return]


async def insert_rows(
    session: AsyncSession,
    model: type[Base],
    columns: Sequence[str],
    records: Sequence[tuple[Any, ...]],
) -> None:
    """Insert many rows in the session's transaction: COPY on PostgreSQL (an order of magnitude
    faster than INSERT for imports), one executemany elsewhere.

    ``records`` hold one value per name in ``columns``, as Python values (JSON columns as lists
    or dicts, timestamps timezone-aware). Nothing goes through the ORM: the identity map is
    untouched and Python-side column defaults apply only on SQLite.
    """
    if not records:
        return
    table = model.__table__
    assert isinstance(table, Table)
    if not is_postgres(session):
        await session.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in records])
        return
    as_json = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON)]
    if as_json:
        records = [list(r) for r in records]  # type: ignore[misc]
        for record in records:
            for i in as_json:
                record[i] = json.dumps(record[i], ensure_ascii=False)  # type: ignore[index]
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    if not driver.is_in_transaction():  # the adapter begins its transaction lazily
        await session.execute(text("SELECT 1"))
    await driver.copy_records_to_table(table.name, records=records, columns=list(columns))


async def refresh_statistics(session: AsyncSession, *models: type[Base]) -> None:
    """``ANALYZE`` tables that just grew in bulk (PostgreSQL): autovacuum catches up only
    later, and until then the planner takes a table filled by an import for an empty one and
    scans it whole for every lookup by key."""
    if is_postgres(session):
        names = ", ".join(f'"{model.__tablename__}"' for model in models)
        await session.execute(text(f"ANALYZE {names}"))
