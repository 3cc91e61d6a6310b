"""Database engine, declarative base and the unit of work.

A unit of work commits on success and rolls back on error. Jobs enqueued on a session
(see :mod:`scorebridge.kit.jobs`) are handed to the queue only after the commit succeeded,
so a failed request never wakes a worker for rows that do not exist.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

import asyncpg  # type: ignore[import-untyped]
from asyncpg.pgproto.pgproto import UUID as FastUUID  # type: ignore[import-untyped]
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
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, Uuid

from scorebridge.kit import jobs

T = TypeVar("T")
# Connections of the driver's own pool (``Database.direct``), beside the engine's 10 (+10).
DIRECT_POOL_SIZE = 10

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
    full-page WAL image per insert). As RFC 9562 §6.2 (method 2) allows, the ids of a run of
    4,096 share the millisecond and a random start, and count up from it in the random bits:
    one read of the OS random source and one timestamp per run instead of per id (both were a
    quarter of an import's time).

    The ids are asyncpg's ``UUID``, a subclass of :class:`uuid.UUID` built in C from 16 bytes,
    six times faster to make than ``uuid.UUID(int=...)`` (which checked a million ids one by
    one) and equal to it in every way.
    """
    run = 4096
    while True:
        tail = int.from_bytes(os.urandom(10))
        rand_a = (tail >> 62) & 0xFFF
        rand_b = (tail & ((1 << 62) - 1)) % ((1 << 62) - run)  # room to count up
        stamp = time.time_ns() // 1_000_000
        start = (stamp << 80) | (0x7 << 76) | (rand_a << 64) | (2 << 62) | rand_b
        for n in range(start, start + run):
            yield FastUUID(n.to_bytes(16))


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


def create_engine(url: str, *, pool_size: int = 10, pooler: str = "none") -> AsyncEngine:
    """The engine for ``url``. SQL parameters never appear in errors or logs (they hold
    personal data). ``pooler="pgbouncer"``: PgBouncer in transaction mode — see
    :func:`pgbouncer_connect_args`."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args=pgbouncer_connect_args() if pooler == "pgbouncer" else {},
    )


def open_database(url: str, queue: jobs.JobQueue, *, pooler: str = "none") -> Database:
    """A :class:`Database` on a new engine for ``url``, both told the same pooler."""
    return Database(create_engine(url, pooler=pooler), queue, pooler=pooler)


def pgbouncer_connect_args() -> dict[str, Any]:
    """asyncpg behind PgBouncer in transaction mode, where consecutive transactions of one
    client connection may run on different server connections: no statement cache (neither
    asyncpg's nor SQLAlchemy's), so every statement is prepared unnamed inside its own
    transaction and no named prepared statement is ever left on (or looked for on) a server
    connection. Session state is never relied on: settings are ``SET LOCAL``
    (analytics) and locks transaction-scoped (``pg_advisory_xact_lock`` in migrations)."""
    return {"statement_cache_size": 0, "prepared_statement_cache_size": 0}


class Database:
    """The engine, its session factory and the job queue that commits wake up."""

    def __init__(self, engine: AsyncEngine, queue: jobs.JobQueue, *, pooler: str = "none") -> None:
        self.engine = engine
        self.queue = queue
        self.pooler = pooler
        self._direct: asyncpg.Pool | None = None
        self._direct_lock = asyncio.Lock()
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
        self._autocommit_sessionmaker = async_sessionmaker(
            engine.execution_options(isolation_level="AUTOCOMMIT"),
            expire_on_commit=False,
            autoflush=False,
        )

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

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncSession]:
        """Each statement commits by itself: no BEGIN and COMMIT round trips, for work whose
        one write is one statement (a webhook's ``INSERT … ON CONFLICT DO NOTHING``). The jobs
        it queues are sent afterwards, as ``unit_of_work`` does (dropped on error)."""
        async with self._autocommit_sessionmaker() as session:
            try:
                yield session
            except BaseException:
                jobs.discard(session)
                raise
            await self.queue.send(jobs.take(session))

    @property
    def has_direct(self) -> bool:
        """Whether :meth:`direct` is available (PostgreSQL)."""
        return self.dialect == "postgresql"

    async def direct(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """``work`` on a connection of the driver's own pool (PostgreSQL), for a hot path of a
        few statements: asyncpg prepares each once per connection, and neither the ORM nor the
        engine's checkout stands between (its pre-ping alone is three round trips: BEGIN, a
        ping, ROLLBACK). py-spy put SQLAlchemy at a third of the API's CPU per webhook.

        Each statement commits by itself; behind PgBouncer in transaction mode, where a
        statement's prepare and execute could reach different servers, ``work`` runs in one
        transaction. A connection found dead (a restarted server) is dropped and ``work`` runs
        once more on another, so it must be safe to repeat."""
        pool = self._direct or await self._direct_pool()
        for attempt in (1, 2):
            async with pool.acquire() as conn:
                try:
                    if self.pooler != "pgbouncer":
                        return await work(conn)
                    async with conn.transaction():
                        return await work(conn)
                except _CONNECTION_LOST:
                    # Never back to the pool in that state. When the server's news came first,
                    # asyncpg has cleaned the connection up and detached it already.
                    with contextlib.suppress(asyncpg.InterfaceError):
                        conn.terminate()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    async def _direct_pool(self) -> asyncpg.Pool:
        async with self._direct_lock:
            if self._direct is None:
                if not self.has_direct:
                    raise RuntimeError("direct connections are PostgreSQL's")
                _, options = self.engine.dialect.create_connect_args(self.engine.url)
                if self.pooler == "pgbouncer":
                    options["statement_cache_size"] = 0
                self._direct = await asyncpg.create_pool(
                    min_size=1, max_size=DIRECT_POOL_SIZE, reset=_unchanged, **options
                )
            return self._direct

    async def dispose(self) -> None:
        if self._direct is not None:
            pool, self._direct = self._direct, None
            await pool.close()
        await self.engine.dispose()


# What a connection the server ended raises, depending on when the news arrives: a closed
# socket, the server's FATAL (57P01 admin shutdown, 57P03 cannot connect now, 08xxx), or, with
# the FATAL landing during the next statement, the protocol's "another operation is in progress".
_CONNECTION_LOST = (
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.InternalClientError,
    OSError,
)


async def _unchanged(conn: asyncpg.Connection) -> None:
    """What a direct connection needs on its way back to the pool: nothing, as the work done on
    it changes no session state (asyncpg's default reset is a round trip of four statements)."""


def is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def one_of(
    session: AsyncSession | AsyncConnection, column: Any, values: Collection[Any]
) -> ColumnElement[bool]:
    """``column IN values`` for a large collection: one array parameter (``= ANY($1)``) on
    PostgreSQL, where an IN list of thousands of parameters is slow to prepare and plan."""
    dialect = (
        session.dialect if isinstance(session, AsyncConnection) else session.get_bind().dialect
    )
    if dialect.name == "postgresql":
        array = bindparam(None, list(values), type_=ARRAY(column.type))
        return column == any_(array)  # type: ignore[no-any-return]
    return column.in_(list(values))  # type: ignore[no-any-return]


# One encoder for every row: ``json.dumps`` with options builds a new one per call.
to_json = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


class JSONText(str):
    """A JSON value already encoded, for a JSON column written by :func:`insert_rows` (a bulk
    writer that builds its documents as text rather than as dictionaries to encode)."""


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
    as_json = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON)]
    if not is_postgres(session):  # the JSON type encodes: give it values
        rows = [dict(zip(columns, r, strict=True)) for r in records]
        for name in (columns[i] for i in as_json):
            for row in rows:
                if isinstance(row[name], JSONText):
                    row[name] = json.loads(row[name])
        await session.execute(insert(table), rows)
        return
    if as_json:
        records = [list(r) for r in records]  # type: ignore[misc]
        for record in records:
            for i in as_json:
                value = record[i]
                record[i] = value if isinstance(value, JSONText) else to_json(value)  # type: ignore[index]
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    if not driver.is_in_transaction():  # the adapter begins its transaction lazily
        await session.execute(text("SELECT 1"))
    await driver.copy_records_to_table(table.name, records=records, columns=list(columns))


@dataclass
class Growth:
    """Keeps the planner's statistics right while a bulk writer fills tables (PostgreSQL).

    Autovacuum analyses a table only after a while; until then the planner takes a table filled
    by an import for as small as it was and scans it whole for every lookup by key, which made
    imports into empty tables quadratic. ``wrote`` runs ``ANALYZE`` on a table each time this
    writer has doubled it (from at least 1,000 rows): a handful of times into an empty table,
    never during an import that adds a tenth to a large one (each ANALYZE reads a sample of
    30,000 rows, a quarter of a second on a table of millions).
    """

    floor: int = 1000
    _size: dict[str, float] = field(default_factory=dict)  # rows at the last ANALYZE (or start)
    _added: Counter[str] = field(default_factory=Counter)  # rows written since then

    async def wrote(self, session: AsyncSession, model: type[Base], rows: int) -> None:
        if not rows or not is_postgres(session):
            return
        name = model.__tablename__
        if name not in self._size:
            estimate = await session.scalar(
                text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:name)"),
                {"name": name},
            )
            self._size[name] = max(float(estimate or 0), 0.0)
        self._added[name] += rows
        if self._added[name] >= max(self.floor, self._size[name]):
            await session.execute(text(f'ANALYZE "{name}"'))
            self._size[name] += self._added.pop(name)
