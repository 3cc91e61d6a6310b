"""Test harness: real databases and a real queue, each test run with its own.

* SQLite (default): the schema is migrated once into a template file; each test gets a copy.
* PostgreSQL (``SCOREBRIDGE_TEST_BACKEND=postgres`` with ``SCOREBRIDGE_TEST_POSTGRES_URL``):
  the run creates its own database, migrates it with Alembic, truncates between tests and
  drops it at the end. Jobs go through arq on ``SCOREBRIDGE_TEST_REDIS_URL`` using a Redis db
  number this run claims and flushes only for itself.
* PgBouncer (also ``SCOREBRIDGE_TEST_PGBOUNCER=1``, ``make pytest-pgbouncer``): the run starts
  a real PgBouncer in transaction mode on a free port (``pgbouncer.py``); the app, its workers
  and the migrations reach PostgreSQL through it with ``database_pooler="pgbouncer"``, while
  the harness creates, truncates and drops the database directly.
* In parallel (``pytest -n 2``, pytest-xdist, as ``make test`` runs it): every worker is a run
  of its own — its own SQLite template or PostgreSQL database (named after the worker), its
  own PgBouncer and its own claimed Redis db number (``SCOREBRIDGE_TEST_REDIS_URL``'s number
  plus the worker's index first, else the next free one). Each drops only what it made.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import routing as fastapi_routing
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from pgbouncer import PgBouncer
from scorebridge import migrate
from scorebridge.app import create_app
from scorebridge.auth import service as auth_service
from scorebridge.auth.permissions import Role
from scorebridge.auth.schemas import UserCreate
from scorebridge.kit import security
from scorebridge.kit.db import Base, Database
from scorebridge.kit.jobs import InProcessQueue
from scorebridge.settings import Environment, Settings

BACKEND = os.environ.get("SCOREBRIDGE_TEST_BACKEND", "sqlite")
PGBOUNCER = BACKEND == "postgres" and os.environ.get("SCOREBRIDGE_TEST_PGBOUNCER") == "1"
# "gw0", "gw1", … under pytest-xdist; "" when pytest runs alone.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
# Who holds a Redis db number: test runs and the bench scripts both claim this key.
REDIS_CLAIM = "scorebridge:test-run"
PASSWORD = "Correct-Horse-2026"
SECRET = "test-secret-key-0123456789abcdef0123456789"


def pytest_report_header() -> str:
    return f"scorebridge test backend: {BACKEND}" + (" through PgBouncer" if PGBOUNCER else "")


class Backend:
    """Where this test run keeps its data."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.pg_name: str | None = None
        self.pg_admin_url: str | None = None
        self.redis_url: str | None = None
        self.redis_db: int | None = None
        self.template: Path | None = None
        self.bouncer: PgBouncer | None = None
        self._emptying: _Emptying | None = None

    async def start(self) -> None:
        if BACKEND == "postgres":
            base = os.environ["SCOREBRIDGE_TEST_POSTGRES_URL"]
            self.pg_admin_url = base
            self.pg_name = f"scorebridge_test_{WORKER or 'main'}_{uuid.uuid4().hex[:10]}"
            admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
            async with admin.connect() as conn:
                await conn.execute(text(f'CREATE DATABASE "{self.pg_name}"'))
            await admin.dispose()
            if PGBOUNCER:
                self.bouncer = PgBouncer.start(base)
            await migrate.upgrade_async(self.app_url(), pooler=self.pooler)
            await self._claim_redis()
        else:
            self.template = self.tmp / "template.db"
            await migrate.upgrade_async(f"sqlite+aiosqlite:///{self.template}")

    def database_url(self, name: str | None = None) -> str:
        if BACKEND == "postgres":
            assert self.pg_admin_url
            assert self.pg_name
            return self.pg_admin_url.rsplit("/", 1)[0] + "/" + self.pg_name
        assert name
        return f"sqlite+aiosqlite:///{self.tmp / name}"

    @property
    def pooler(self) -> str:
        return "pgbouncer" if self.bouncer else "none"

    def app_url(self) -> str:
        """Where the app reaches this run's database (through PgBouncer when it runs)."""
        url = self.database_url()
        return self.bouncer.route(url) if self.bouncer else url

    async def _claim_redis(self) -> None:
        import redis.asyncio as redis

        url = os.environ["SCOREBRIDGE_TEST_REDIS_URL"].rstrip("/")
        base, _, number = url.rpartition("/") if url.count("/") > 2 else (url, "", "")
        preferred = (int(number) if number.isdigit() else 1) + _worker_index()
        for db in sorted(range(1, 16), key=lambda n: (n < preferred, n)):
            client = redis.from_url(f"{base}/{db}")
            claimed = await client.set(REDIS_CLAIM, self.pg_name or "x", nx=True, ex=7200)
            if claimed and await client.exists("scorebridge:bench-run"):
                await client.delete(REDIS_CLAIM)  # a bench script holds it
                claimed = False
            await client.aclose()
            if claimed:
                self.redis_db = db
                self.redis_url = f"{base}/{db}"
                return
        raise RuntimeError("no free Redis database number for this test run")

    async def fresh(self, name: str) -> str:
        """A clean database for one test; returns its URL."""
        if BACKEND == "postgres":
            import asyncpg

            conn = await asyncpg.connect(self.database_url().replace("+asyncpg", ""))
            try:
                await self._empty(conn)
            finally:
                await conn.close()
            await self.flush_redis(keep_claim=True)
            return self.app_url()
        assert self.template
        shutil.copyfile(self.template, self.tmp / name)
        return self.database_url(name)

    async def _empty(self, conn: Any) -> None:
        """Empty the tables the last test wrote to.

        TRUNCATE of all 56 tables cost 0.16 s a test (PostgreSQL scans its buffer pool for each
        relation it drops); a probe and a DELETE of the few written tables cost 0.02 s. The
        DELETEs run as a replica would apply them: no triggers (audit_events is append-only) and
        no foreign-key checks, so in any order. That needs a superuser; otherwise TRUNCATE.
        """
        if self._emptying is None:
            self._emptying = await _Emptying.plan(conn)
        plan = self._emptying
        if plan.probe is None:
            await conn.execute(plan.truncate)
            return
        written = [f'DELETE FROM "{plan.tables[r[0]]}"' for r in await conn.fetch(plan.probe)]
        statements = ["SET LOCAL session_replication_role = replica", *written, *plan.sequences]
        await conn.execute("BEGIN; " + "; ".join(statements) + "; COMMIT")

    async def flush_redis(self, keep_claim: bool) -> None:
        if not self.redis_url:
            return
        import redis.asyncio as redis

        client = redis.from_url(self.redis_url)
        await client.flushdb()
        if keep_claim:
            await client.set(REDIS_CLAIM, self.pg_name or "x", ex=7200)
        await client.aclose()

    async def stop(self) -> None:
        if self.bouncer:
            self.bouncer.stop()
        if BACKEND == "postgres" and self.pg_admin_url:
            admin = create_async_engine(self.pg_admin_url, isolation_level="AUTOCOMMIT")
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'))
            await admin.dispose()
            await self.flush_redis(keep_claim=False)


# Argon2 at its production cost (64 MiB, three passes) took a third of a second per hash beside
# a busy core: the few hundred accounts the tests make and sign in with cost minutes of each run.
# The tests are about who may do what, not the hash's cost, so they hash cheaply; the production
# cost is checked by tests/auth/test_password_cost.py (marker `production_password_cost`).
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=256)


@pytest.fixture(autouse=True)
def _quick_password_hashing(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("production_password_cost") is None:
        monkeypatch.setattr(security, "_hasher", QUICK_HASHER)


def _build_each_route_once() -> None:
    """FastAPI prepares a router's routes (their dependencies and response models, as pydantic
    schemas) when an app first serves one, once per app. Every test has an app of its own (its
    own database and settings), and preparing the same routes again took a third of the suite's
    CPU. The routers, endpoints and include options are the same in every app and no test
    overrides dependencies, so this run prepares each route once and every app uses it.
    Should FastAPI's internals change, the apps prepare their routes as before."""
    context_type: Any = getattr(fastapi_routing, "_EffectiveRouteContext", None)
    build = getattr(context_type, "from_api_route", None)
    if build is None or getattr(build, "shared", False):
        return
    prepared: dict[tuple[int, int, str], Any] = {}

    def shared(*, original_route: Any, include_context: Any) -> Any:
        key = (id(original_route), id(include_context.included_router), include_context.prefix)
        if key not in prepared:
            prepared[key] = build(original_route=original_route, include_context=include_context)
        return prepared[key]

    shared.shared = True  # type: ignore[attr-defined]
    context_type.from_api_route = shared


_build_each_route_once()


@dataclass(frozen=True)
class _Emptying:
    """How this run empties its PostgreSQL database between tests (the same every time)."""

    tables: list[str]
    probe: str | None  # which tables hold rows; None: not a superuser, so TRUNCATE
    sequences: list[str]
    truncate: str

    @classmethod
    async def plan(cls, conn: Any) -> _Emptying:
        tables = [t.name for t in Base.metadata.sorted_tables]
        rows = await conn.fetch(
            "SELECT sequence_schema, sequence_name FROM information_schema.sequences"
        )
        superuser = await conn.fetchval(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        probe = " UNION ALL ".join(
            f'SELECT {i} WHERE EXISTS (SELECT FROM "{name}")' for i, name in enumerate(tables)
        )
        names = ", ".join(f'"{name}"' for name in tables)
        return cls(
            tables=tables,
            probe=probe if superuser else None,
            sequences=[f'ALTER SEQUENCE "{r[0]}"."{r[1]}" RESTART' for r in rows],
            truncate=f"TRUNCATE {names} RESTART IDENTITY CASCADE",
        )


def _worker_index() -> int:
    return int(WORKER[2:]) if WORKER.startswith("gw") and WORKER[2:].isdigit() else 0


@pytest.fixture(scope="session")
async def backend(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Backend]:
    store = Backend(tmp_path_factory.mktemp("db"))
    await store.start()
    yield store
    await store.stop()


@pytest.fixture
async def settings(backend: Backend, request: pytest.FixtureRequest) -> Settings:
    url = await backend.fresh(f"{uuid.uuid4().hex}.db")
    return Settings(
        env=Environment.test,
        database_url=url,
        redis_url=backend.redis_url,
        secret_key=SECRET,
        # The tests' partners (SMTP, HTTP endpoints) are local servers: allowed explicitly.
        outbound_allow="127.0.0.1",
        database_pooler=backend.pooler,
    )


class App:
    """The app under test, its HTTP client and ways to reach its data and jobs."""

    def __init__(self, asgi: Any, client: httpx.AsyncClient, settings: Settings) -> None:
        self.asgi = asgi
        self.client = client
        self.settings = settings
        self.db: Database = asgi.state.database

    async def run_jobs(self) -> None:
        """Run every queued job to completion, on whichever backend this run uses."""
        queue = self.db.queue
        if isinstance(queue, InProcessQueue):
            await queue.drain()
            return
        from arq.worker import Worker

        from scorebridge.worker import worker_settings

        ws = worker_settings(self.settings)
        worker = Worker(
            functions=ws.functions,
            redis_settings=ws.redis_settings,
            burst=True,
            on_startup=ws.on_startup,
            on_shutdown=ws.on_shutdown,
            poll_delay=ws.poll_delay,
            handle_signals=False,
        )
        try:
            await worker.main()
        finally:
            await worker.close()

    async def create_user(
        self,
        roles: list[str],
        *,
        email: str | None = None,
        departments: list[uuid.UUID] | None = None,
        person_id: uuid.UUID | None = None,
        name: str = "测试用户",
    ) -> uuid.UUID:
        email = email or f"{roles[0] if roles else 'nobody'}-{uuid.uuid4().hex[:8]}@corp.example"
        async with self.db.unit_of_work() as session:
            user = await auth_service.create_user(
                session,
                UserCreate(
                    email=email,
                    name=name,
                    password=PASSWORD,
                    roles=[Role(r) for r in roles] or [Role.employee],
                    department_ids=departments or [],
                    person_id=person_id,
                ),
            )
            return user.id

    async def token(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        response = await self.client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": password},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def login(self, email: str, password: str = PASSWORD) -> dict[str, str]:
        body = await self.token(email, password)
        return {"Authorization": f"Bearer {body['access_token']}"}

    async def user_headers(
        self,
        role: str,
        *,
        departments: list[uuid.UUID] | None = None,
        person_id: uuid.UUID | None = None,
    ) -> dict[str, str]:
        email = f"{role}-{uuid.uuid4().hex[:8]}@corp.example"
        await self.create_user([role], email=email, departments=departments, person_id=person_id)
        return await self.login(email)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    asgi = create_app(settings)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, client=("203.0.113.7", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield App(asgi, client, settings)


@pytest.fixture
def as_role(app: App) -> Callable[..., Awaitable[dict[str, str]]]:
    return app.user_headers
