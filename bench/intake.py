"""Intake benchmark (PostgreSQL + Redis): prints figures, asserts nothing.

* accepted webhooks/s — concurrent httpx clients against one API process (``scorebridge serve``)
  while one ``scorebridge worker`` processes them;
* webhook → result visible latency p50/p99 at a steady rate (default 100/s for 20 s);
* the floor: a bare FastAPI app (same script, same database) that only verifies the signature
  and inserts the body, and the ratio of the two;
* worker RSS before and after N deliveries.

    .venv/bin/python bench/intake.py [--pg postgresql+asyncpg://root@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379] [--burst 3000] [--concurrency 64] [--rate 100]
        [--seconds 20] [--rss-deliveries 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine
from support import (
    claim_redis,
    create_database,
    drop_database,
    release_redis,
    stop,
    wait_http,
)

ROOT = Path(__file__).resolve().parents[1]
SCOREBRIDGE = str(Path(sys.executable).parent / "scorebridge")
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


# --- The floor: verify + insert, nothing else ---------------------------------------------------


def floor_app(database_url: str) -> Any:
    from scorebridge.intake import signing
    from scorebridge.kit.db import create_engine

    engine = create_engine(database_url)
    app = FastAPI()

    @app.post("/hook")
    async def hook(request: Request) -> Response:
        body = await request.body()
        try:
            verified = signing.verify_standard([SECRET], request.headers, body, now=time.time())
        except signing.SignatureError:
            return Response(status_code=401)
        async with engine.begin() as conn:
            row = await conn.execute(
                text(
                    "INSERT INTO bench_floor (id, webhook_id, body) VALUES (:id, :wid, :body) "
                    "ON CONFLICT (webhook_id) DO NOTHING RETURNING id"
                ),
                {"id": uuid.uuid4(), "wid": verified.webhook_id, "body": body},
            )
            row.scalar_one_or_none()
        return Response(status_code=202)

    return app


def run_floor(database_url: str, port: int) -> None:
    import uvicorn

    uvicorn.run(floor_app(database_url), host="127.0.0.1", port=port, log_level="warning")


# --- Load generation ----------------------------------------------------------------------------


def message(n: int, run: str) -> tuple[str, bytes]:
    from scorebridge.intake.simulator import ResultGenerator, envelope

    data = ResultGenerator(seed=n).result(interview_id=f"{run}-{n}")
    return f"msg_{run}_{n}", json.dumps(envelope(data), ensure_ascii=False).encode()


def headers_for(webhook_id: str, body: bytes) -> dict[str, str]:
    from scorebridge.intake.simulator import signed_headers

    return signed_headers(SECRET, webhook_id, body)


async def burst(url: str, messages: list[tuple[str, bytes]], concurrency: int) -> float:
    """Send every message with ``concurrency`` clients; returns accepted per second."""
    queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    for m in messages:
        queue.put_nowait(m)
    accepted = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal accepted
            while not queue.empty():
                webhook_id, body = queue.get_nowait()
                response = await client.post(
                    url, content=body, headers=headers_for(webhook_id, body)
                )
                accepted += response.status_code == 202

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    if accepted != len(messages):
        print(f"  warning: {len(messages) - accepted} not accepted")
    return accepted / elapsed


async def steady(url: str, messages: list[tuple[str, bytes]], rate: float) -> dict[str, float]:
    """Send at a fixed rate; returns the wall-clock send time per webhook id."""
    sent: dict[str, float] = {}
    async with httpx.AsyncClient(timeout=30) as client:
        started = time.perf_counter()
        tasks = []
        for i, (webhook_id, body) in enumerate(messages):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)

            async def send(wid: str = webhook_id, content: bytes = body) -> None:
                sent[wid] = time.time()
                for _ in range(3):
                    try:
                        await client.post(url, content=content, headers=headers_for(wid, content))
                        return
                    except httpx.TransportError:
                        await asyncio.sleep(0.1)

            tasks.append(asyncio.create_task(send()))
        await asyncio.gather(*tasks)
    return sent


# --- Orchestration ------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def count_results(engine: Any, prefix: str) -> int:
    from scorebridge.results.models import InterviewResult

    async with engine.connect() as conn:
        value = await conn.scalar(
            select(func.count())
            .select_from(InterviewResult)
            .where(InterviewResult.interview_id.like(f"{prefix}-%"))
        )
    return int(value or 0)


async def wait_results(engine: Any, prefix: str, expected: int, within: float = 600) -> float:
    started = time.perf_counter()
    while await count_results(engine, prefix) < expected:
        if time.perf_counter() - started > within:
            raise SystemExit(f"only {await count_results(engine, prefix)}/{expected} results")
        await asyncio.sleep(0.25)
    return time.perf_counter() - started


async def main(args: argparse.Namespace) -> None:
    from scorebridge import migrate
    from scorebridge.intake import service
    from scorebridge.intake.schemas import VendorCreate
    from scorebridge.kit.db import Database
    from scorebridge.kit.jobs import InProcessQueue

    admin, name, database_url = await create_database(args.pg)
    redis_url = await claim_redis(args.redis)
    processes: list[subprocess.Popen[bytes]] = []
    engine = create_async_engine(database_url)
    try:
        await migrate.upgrade_async(database_url)
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "CREATE TABLE bench_floor (id uuid PRIMARY KEY, webhook_id text UNIQUE, "
                    "body bytea, received_at timestamptz DEFAULT now())"
                )
            )
        db = Database(engine, InProcessQueue())
        async with db.unit_of_work() as session:
            await service.create_vendor(
                session,
                VendorCreate.model_validate(
                    {
                        "slug": "bench",
                        "name": "Bench",
                        "signing": {"scheme": "standard-webhooks", "secret": SECRET},
                    }
                ),
            )
        env = {
            **os.environ,
            "SCOREBRIDGE_DATABASE_URL": database_url,
            "SCOREBRIDGE_REDIS_URL": redis_url,
            "SCOREBRIDGE_LOG_LEVEL": "WARNING",
        }
        api = subprocess.Popen(  # noqa: ASYNC220 - starting is instant
            [SCOREBRIDGE, "serve", "--port", str(args.port)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        worker = subprocess.Popen(  # noqa: ASYNC220
            [SCOREBRIDGE, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        floor = subprocess.Popen(  # noqa: ASYNC220
            [sys.executable, __file__, "--floor-server", "--port", str(args.port + 1),
             "--floor-db", database_url],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        processes += [api, worker, floor]
        base = f"http://127.0.0.1:{args.port}"
        await wait_http(base + "/api/v1/health")
        await wait_http(f"http://127.0.0.1:{args.port + 1}/docs")
        await asyncio.sleep(2)  # the worker's start-up
        hook = base + "/api/v1/webhooks/bench"

        print(f"database {name}, redis {redis_url}")
        warm = [message(n, "warm") for n in range(200)]
        await burst(hook, warm, 16)
        await burst(f"http://127.0.0.1:{args.port + 1}/hook", warm, 16)

        rss_before = rss_mb(worker.pid)
        print(f"host: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        # Intake alone (worker paused), like the floor; then with the worker processing.
        worker.send_signal(signal.SIGSTOP)
        messages = [message(n, "burst") for n in range(args.burst)]
        api_rate = await burst(hook, messages, args.concurrency)
        floor_rate = await burst(
            f"http://127.0.0.1:{args.port + 1}/hook", messages, args.concurrency
        )
        worker.send_signal(signal.SIGCONT)
        drained = await wait_results(engine, "burst", args.burst)
        print(f"accepted webhooks/s (API, {args.concurrency} clients): {api_rate:8.0f}")
        print(f"floor (verify + insert only):                {floor_rate:8.0f}")
        print(f"ratio API / floor:                           {api_rate / floor_rate:8.2f}")
        print(f"worker processed the {args.burst} backlog in {drained:.1f}s "
              f"({args.burst / drained:.0f}/s)")  # fmt: skip
        mixed = [message(n, "mixed") for n in range(args.burst)]
        mixed_rate = await burst(hook, mixed, args.concurrency)
        await wait_results(engine, "mixed", args.burst)
        print(f"accepted webhooks/s with the worker running: {mixed_rate:8.0f}")

        count = int(args.rate * args.seconds)
        steady_messages = [message(n, "steady") for n in range(count)]
        sent = await steady(hook, steady_messages, args.rate)
        await wait_results(engine, "steady", count)
        from scorebridge.results.models import InterviewResult

        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(InterviewResult.interview_id, InterviewResult.created_at).where(
                        InterviewResult.interview_id.like("steady-%")
                    )
                )
            ).all()
        latencies = sorted(
            (created.timestamp() - sent[f"msg_steady_{iid.split('-', 1)[1]}"]) * 1000
            for iid, created in rows
        )
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(
            f"webhook → result latency at {args.rate:.0f}/s for {args.seconds}s: "
            f"p50 {p50:.0f} ms, p99 {p99:.0f} ms"
        )

        more = [message(n, "rss") for n in range(args.rss_deliveries)]
        await burst(hook, more, args.concurrency)
        await wait_results(engine, "rss", args.rss_deliveries)
        rss_after = rss_mb(worker.pid)
        total = 2 * args.burst + count + args.rss_deliveries
        print(
            f"worker RSS: {rss_before:.0f} MB before, {rss_after:.0f} MB after {total} deliveries "
            f"(the last {args.rss_deliveries} in a burst)"
        )
    finally:
        stop(processes)
        await engine.dispose()
        await drop_database(admin, name)
        await release_redis(redis_url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--pg", default="postgresql+asyncpg://root@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--burst", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rss-deliveries", type=int, default=3000)
    parser.add_argument("--floor-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor-db", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.floor_server:
        run_floor(arguments.floor_db, arguments.port)
    else:
        asyncio.run(main(arguments))
