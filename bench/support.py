"""What the bench scripts share: a Redis database number of their own, waiting for a server."""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine


async def claim_redis(base: str, only: int | None = None) -> str:
    """A Redis database number no test run or other bench holds (claimed for an hour); with
    ``only``, that number or none (on a shared machine)."""
    import redis.asyncio as redis

    for db in [only] if only is not None else range(15, 0, -1):
        client = redis.from_url(f"{base.rstrip('/')}/{db}")
        claimed = await client.set("scorebridge:bench-run", "1", nx=True, ex=3600)
        if claimed and await client.exists("scorebridge:test-run"):
            await client.delete("scorebridge:bench-run")  # a test run holds it
            claimed = False
        if claimed:
            await client.flushdb()
            await client.set("scorebridge:bench-run", "1", ex=3600)
            await client.aclose()
            return f"{base.rstrip('/')}/{db}"
        await client.aclose()
    raise SystemExit("no free Redis database number")


def host_speed() -> float:
    """Seconds a plain Python loop of 20 million additions takes: this machine's speed varies
    from run to run (a shared host), and the figures are comparable only beside it."""
    t0 = time.perf_counter()
    total = 0
    for i in range(20_000_000):
        total += i
    return time.perf_counter() - t0


async def release_redis(url: str) -> None:
    import redis.asyncio as redis

    client = redis.from_url(url)
    await client.flushdb()
    await client.aclose()


async def wait_http(url: str, within: float = 30) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(url)).status_code < 500:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


async def create_database(admin_url: str) -> tuple[Any, str, str]:
    """A throw-away PostgreSQL database: (admin engine, its name, its URL)."""
    name = f"scorebridge_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    return admin, name, admin_url.rsplit("/", 1)[0] + "/" + name


async def drop_database(admin: Any, name: str) -> None:
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Terminate the servers this bench started; kill any that do not stop in 10 s."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def keep_or_drop(admin: Any, name: str, keep: bool) -> None:
    """At a bench's end: keep its database (``--keep`` / ``--reuse``) or drop it."""
    if keep:
        print(f"database kept: {name}")
    else:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()
