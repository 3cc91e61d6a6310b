"""Lose nothing: SIGKILL the worker mid-stream, restart it, every result exists exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import BACKEND, App
from scorebridge.intake.models import Delivery
from scorebridge.results.models import InterviewResult
from vendor_support import create_vendor, send, standard_data

pytestmark = [
    pytest.mark.durability,
    pytest.mark.skipif(BACKEND != "postgres", reason="needs PostgreSQL + Redis and a real worker"),
]

UNIQUE = 270
REPEATS = 30


def _start_worker(app: App) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SCOREBRIDGE_DATABASE_URL": app.settings.database_url,
        "SCOREBRIDGE_DATABASE_POOLER": app.settings.database_pooler,
        "SCOREBRIDGE_REDIS_URL": app.settings.redis_url or "",
        "SCOREBRIDGE_ENV": "test",
        "SCOREBRIDGE_SECRET_KEY": app.settings.secret_key,
        "SCOREBRIDGE_INTAKE_RECONCILE_EVERY_SECONDS": "5",
        "SCOREBRIDGE_INTAKE_RECONCILE_AFTER_SECONDS": "5",
        "SCOREBRIDGE_LOG_LEVEL": "WARNING",
        # Small batches, so the kill lands while some of the first half are still pending.
        "SCOREBRIDGE_INTAKE_BATCH_SIZE": "10",
    }
    command = [str(Path(sys.executable).parent / "scorebridge"), "worker"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def _counts(app: App) -> tuple[int, int, int]:
    async with app.db.unit_of_work() as session:
        results = await session.scalar(select(func.count()).select_from(InterviewResult))
        distinct = await session.scalar(
            select(func.count(func.distinct(InterviewResult.interview_id)))
        )
        pending = await session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status != "processed")
        )
    return results or 0, distinct or 0, pending or 0


async def test_killed_worker_loses_nothing(app: App) -> None:
    await create_vendor(app)
    payloads = [(f"msg_{i}", standard_data(f"dur-{i}")) for i in range(UNIQUE)]
    stream = payloads + payloads[:: UNIQUE // REPEATS][:REPEATS]  # 10% repeated webhook ids
    worker = _start_worker(app)
    restarted: subprocess.Popen[bytes] | None = None
    try:
        half = len(stream) // 2
        for webhook_id, data in stream[:half]:
            assert (await send(app, data, webhook_id=webhook_id)).status_code == 202
        started = time.monotonic()
        # A worker starts in seconds, or a minute on a loaded machine.
        while (await _counts(app))[0] < 30 and time.monotonic() - started < 120:  # noqa: ASYNC110 - polls another process
            await asyncio.sleep(0.02)
        processed_before_kill = (await _counts(app))[0]
        assert 0 < processed_before_kill < UNIQUE // 2, "the kill did not land mid-stream"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        for webhook_id, data in stream[half:]:
            assert (await send(app, data, webhook_id=webhook_id)).status_code == 202
        restarted = _start_worker(app)
        deadline = time.monotonic() + 240  # a loaded machine starts a worker slowly
        while time.monotonic() < deadline:
            results, distinct, unfinished = await _counts(app)
            if results == UNIQUE and unfinished == 0:
                break
            await asyncio.sleep(0.5)
        results, distinct, unfinished = await _counts(app)
        assert (results, distinct, unfinished) == (UNIQUE, UNIQUE, 0), processed_before_kill
        async with app.db.unit_of_work() as session:
            deliveries = await session.scalar(select(func.count()).select_from(Delivery))
            revisions = await session.scalar(select(func.max(InterviewResult.revision)))
        assert deliveries == UNIQUE
        assert revisions == 1
    finally:
        for process in (worker, restarted):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
