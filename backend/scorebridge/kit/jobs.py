"""Background jobs with two backends behind one interface.

* ``task("domain.verb")`` registers a plain ``async def fn(ctx: JobContext, *args)``.
* ``enqueue(session, name, *args)`` buffers a job on the session; the unit of work sends it
  only after the commit (a failed request drops it).
* :class:`InProcessQueue` runs jobs as asyncio tasks in the API process (embedded default);
  :class:`ArqQueue` sends them to Redis for ``scorebridge worker`` (see ``scorebridge.worker``).
* ``periodic("domain.verb", every_seconds=N)`` registers a cron-like job for both backends.
* A job carries the request id (and trace context) of the work that queued it, so its log
  lines and spans join the request's (``observability.context``).

Jobs are at-least-once in both backends: a job function must be safe to run twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from scorebridge.observability import context

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from scorebridge.kit.db import Database
    from scorebridge.settings import Settings

logger = logging.getLogger(__name__)

_SESSION_KEY = "scorebridge.jobs"


@dataclass
class JobContext:
    """What every job receives: the database (with its queue) and the settings."""

    db: Database
    settings: Settings
    extras: dict[str, Any] = field(default_factory=dict)


JobFunction = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Task:
    name: str
    fn: JobFunction
    max_tries: int
    every_seconds: int | None = None

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before try ``attempt + 1``: 1, 2, 4, … capped at 5 minutes."""
        return float(min(2 ** (attempt - 1), 300))


_TASKS: dict[str, Task] = {}


def task(name: str, *, max_tries: int = 5) -> Callable[[JobFunction], JobFunction]:
    def register(fn: JobFunction) -> JobFunction:
        _TASKS[name] = Task(name=name, fn=fn, max_tries=max_tries)
        return fn

    return register


def periodic(name: str, *, every_seconds: int) -> Callable[[JobFunction], JobFunction]:
    def register(fn: JobFunction) -> JobFunction:
        _TASKS[name] = Task(name=name, fn=fn, max_tries=1, every_seconds=every_seconds)
        return fn

    return register


def registered() -> dict[str, Task]:
    return dict(_TASKS)


StartupHook = Callable[[JobContext], Awaitable[None]]
_STARTUP_HOOKS: list[StartupHook] = []


def at_startup(fn: StartupHook) -> StartupHook:
    """Register recovery work (re-queue what a killed process left pending) for API and worker."""
    _STARTUP_HOOKS.append(fn)
    return fn


async def run_startup_hooks(ctx: JobContext) -> None:
    for hook in _STARTUP_HOOKS:
        await hook(ctx)


class Retry(Exception):
    """Raise from a job for a transient failure: the job runs again after ``defer_seconds``."""

    def __init__(self, defer_seconds: float | None = None, reason: str = "") -> None:
        super().__init__(reason)
        self.defer_seconds = defer_seconds


@dataclass(frozen=True)
class JobCall:
    name: str
    args: tuple[Any, ...]
    job_id: str | None = None
    defer_seconds: float | None = None
    carried: Mapping[str, str] | None = None  # request id, trace context


def enqueue(
    session: AsyncSession,
    name: str,
    *args: Any,
    job_id: str | None = None,
    defer_seconds: float | None = None,
) -> None:
    session.info.setdefault(_SESSION_KEY, []).append(
        call(name, *args, job_id=job_id, defer_seconds=defer_seconds)
    )


def call(
    name: str, *args: Any, job_id: str | None = None, defer_seconds: float | None = None
) -> JobCall:
    """A job to send now (``JobQueue.send``), for work committed without a session; with a
    session, :func:`enqueue` sends it once the session commits."""
    if name not in _TASKS:
        raise KeyError(f"unknown job {name!r}")
    return JobCall(name, args, job_id, defer_seconds, context.capture())


def take(session: AsyncSession) -> list[JobCall]:
    calls: list[JobCall] = session.info.pop(_SESSION_KEY, [])
    return calls


def discard(session: AsyncSession) -> None:
    session.info.pop(_SESSION_KEY, None)


class JobQueue(Protocol):
    async def send(self, calls: list[JobCall]) -> None: ...

    async def close(self) -> None: ...


async def run_task(
    task_: Task,
    ctx: JobContext,
    args: tuple[Any, ...],
    attempt: int,
    carried: Mapping[str, str] | None = None,
) -> float | None:
    """Run one try. Returns the delay before the next try, or None when done (or given up)."""
    try:
        with context.job_scope(task_.name, carried, attempt):
            await task_.fn(ctx, *args)
        return None
    except Retry as retry:
        delay = retry.defer_seconds if retry.defer_seconds is not None else task_.backoff(attempt)
    except Exception:
        logger.exception("job %s%r failed on try %d", task_.name, args, attempt)
        delay = task_.backoff(attempt)
    if attempt >= task_.max_tries:
        logger.error("job %s%r gave up after %d tries", task_.name, args, attempt)
        return None
    return delay


class InProcessQueue:
    """Runs jobs as asyncio tasks inside this process (no Redis)."""

    def __init__(self) -> None:
        self.context: JobContext | None = None
        self._running: set[asyncio.Task[None]] = set()
        self._active_ids: set[str] = set()
        self._held: list[JobCall] | None = None

    def pause(self) -> None:
        """Hold new jobs instead of running them (as a stopped worker would, e.g. in tests)."""
        if self._held is None:
            self._held = []

    async def resume(self) -> None:
        """Run the held jobs and every new one again."""
        held, self._held = self._held or [], None
        await self.send(held)

    async def send(self, calls: list[JobCall]) -> None:
        if self._held is not None:
            self._held.extend(calls)
            return
        for call in calls:
            if call.job_id is not None:
                if call.job_id in self._active_ids:
                    continue
                self._active_ids.add(call.job_id)
            running = asyncio.create_task(self._run(call), name=f"job:{call.name}")
            self._running.add(running)
            running.add_done_callback(self._running.discard)

    async def _run(self, call: JobCall) -> None:
        try:
            if call.defer_seconds:
                await asyncio.sleep(call.defer_seconds)
            assert self.context is not None, "InProcessQueue used before start()"
            task_ = _TASKS[call.name]
            attempt = 1
            while (
                delay := await run_task(task_, self.context, call.args, attempt, call.carried)
            ) is not None:
                await asyncio.sleep(delay)
                attempt += 1
        finally:
            if call.job_id is not None:
                self._active_ids.discard(call.job_id)

    async def drain(self, within_seconds: float = 30) -> None:
        """Wait until every queued job has finished (tests and shutdown)."""
        async with asyncio.timeout(within_seconds):
            while self._running:
                await asyncio.gather(*list(self._running), return_exceptions=True)

    async def close(self) -> None:
        for running in list(self._running):
            running.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)


class ArqQueue:
    """Sends jobs to Redis, where ``scorebridge worker`` (arq) runs them.

    Sending happens after the commit, so the work is already stored: when Redis does not
    answer, the jobs are logged as not sent (the reconcilers re-queue what they stand for, e.g.
    pending deliveries) and the request still succeeds. The failure is remembered for
    ``break_seconds`` (a circuit breaker): meanwhile sends give up at once instead of each
    request waiting for a connection timeout. Connecting and sending are bounded in time.
    """

    def __init__(
        self, redis_url: str, *, break_seconds: float = 5.0, timeout_seconds: float = 1.0
    ) -> None:
        self.redis_url = redis_url
        self.break_seconds = break_seconds
        self.timeout_seconds = timeout_seconds
        self._pool: Any = None
        self._down_until = 0.0  # monotonic time until which Redis counts as unreachable

    @property
    def reachable(self) -> bool:
        """False while a recent failure is remembered."""
        return time.monotonic() >= self._down_until

    def _trip(self) -> None:
        self._down_until = time.monotonic() + self.break_seconds

    async def _connect(self) -> Any:
        if self._pool is None:
            from arq import create_pool
            from arq.connections import RedisSettings

            redis_settings = RedisSettings.from_dsn(self.redis_url)
            redis_settings.conn_timeout = max(1, math.ceil(self.timeout_seconds))
            redis_settings.conn_retries = 0
            async with asyncio.timeout(self.timeout_seconds):
                self._pool = await create_pool(redis_settings)
        return self._pool

    async def pool(self) -> Any:
        if not self.reachable:
            raise ConnectionError("Redis was unreachable moments ago")
        try:
            return await self._connect()
        except Exception:
            self._trip()
            raise

    async def ping(self, timeout_seconds: float) -> None:
        """Ask Redis now, breaker or not (readiness probes); an answer closes the breaker."""
        try:
            async with asyncio.timeout(timeout_seconds):
                await (await self._connect()).ping()
        except Exception:
            self._trip()
            raise
        self._down_until = 0.0

    async def send(self, calls: list[JobCall]) -> None:
        if not calls:
            return
        try:
            pool = await self.pool()
            async with asyncio.timeout(self.timeout_seconds * 2):
                await _enqueue(pool, calls)
        except Exception as exc:  # the work is stored; a reconciler sends it again
            self._trip()
            logger.warning(
                "job queue unreachable (%s): not sent %s; re-queued by the reconcilers",
                exc.__class__.__name__,
                ", ".join(f"{c.name}{c.args!r}" for c in calls),
            )

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            with contextlib.suppress(Exception):
                await pool.aclose()


# arq's ``enqueue_job`` (refuse a job id that is queued, running or kept as a result; else
# store the job and add it to the queue) as one atomic script: one round trip for all of a
# commit's jobs instead of three (WATCH, EXISTS, MULTI/EXEC) for each.
_ENQUEUE = """
if redis.call('exists', KEYS[1], KEYS[2]) > 0 then return 0 end
redis.call('psetex', KEYS[1], ARGV[1], ARGV[2])
redis.call('zadd', KEYS[3], ARGV[3], ARGV[4])
return 1
"""
_ENQUEUE_SHA = hashlib.sha1(_ENQUEUE.encode(), usedforsecurity=False).hexdigest()  # its Redis name


async def _enqueue(pool: Any, calls: list[JobCall]) -> None:
    from arq.constants import job_key_prefix, result_key_prefix
    from arq.jobs import serialize_job
    from arq.utils import timestamp_ms
    from redis.exceptions import NoScriptError

    each: list[list[Any]] = []
    for call in calls:
        job_id = call.job_id or uuid.uuid4().hex
        now = timestamp_ms()
        defer_ms = round(call.defer_seconds * 1000) if call.defer_seconds else 0
        job = serialize_job(
            call.name,
            call.args,
            {"carried": dict(call.carried or {})},
            None,
            now,
            serializer=pool.job_serializer,
        )
        keys = [job_key_prefix + job_id, result_key_prefix + job_id, pool.default_queue_name]
        each.append([*keys, defer_ms + pool.expires_extra_ms, job, now + defer_ms, job_id])
    for attempt in (1, 2):
        try:
            async with pool.pipeline(transaction=False) as pipe:
                for keys_and_args in each:
                    pipe.evalsha(_ENQUEUE_SHA, 3, *keys_and_args)
                await pipe.execute()
            return
        except NoScriptError:  # a restarted or flushed Redis: load it, send again (idempotent)
            if attempt == 2:
                raise
            await pool.script_load(_ENQUEUE)


class PeriodicRunner:
    """Runs the ``periodic`` tasks in-process (embedded mode); arq cron does it in the worker."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self._loops: list[asyncio.Task[None]] = []

    def start(self) -> None:
        for task_ in _TASKS.values():
            if task_.every_seconds:
                self._loops.append(asyncio.create_task(self._loop(task_)))

    async def _loop(self, task_: Task) -> None:
        assert task_.every_seconds
        while True:
            await asyncio.sleep(task_.every_seconds)
            await run_task(task_, self.ctx, (), task_.max_tries)

    async def stop(self) -> None:
        for loop in self._loops:
            loop.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        self._loops.clear()
