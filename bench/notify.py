"""Notification benchmark (PostgreSQL + Redis): prints figures, asserts nothing.

An ``auto_confirm`` vendor, an employee account linked to the candidate, one API process
(``scorebridge serve``) and one worker (``scorebridge worker``). The employee opens the SSE
stream; vendor webhooks arrive at a steady rate (default 50/s for 60 s). Each webhook is
processed by the worker, publishes the result, the ``result.published`` subscriber creates the
notification, Redis pub/sub carries it to the API process and the stream. Measured: webhook
sent → ``notification`` event seen on the stream, p50/p99 (target p99 ≤ 2 s).

The employee also wants WeCom: the ``wecom`` channel is in app mode against the in-repo
emulator (tests/enterprise_emulator, served by this process), so each notification is a send
job in the worker (``gettoken`` cached, ``message/send``). Measured too: webhook sent (the
vendor auto-confirms) → WeCom message received by the emulator, p50/p99 (target p99 ≤ 1 s),
and how many tokens the worker fetched (once per token lifetime, ``--token-lifetime``).

    .venv/bin/python bench/notify.py [--pg postgresql+asyncpg://root@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379] [--redis-db N] [--rate 50] [--seconds 60]
        [--port 8821] [--token-lifetime 20] [--drain-seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the emulator
from support import (
    claim_redis,
    create_database,
    drop_database,
    release_redis,
    stop,
    wait_http,
)

from enterprise_emulator import AGENT_ID, CORP_ID, CORP_SECRET, Emulator, running

SCOREBRIDGE = str(Path(sys.executable).parent / "scorebridge")
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
EMPLOYEE_NO = "BENCH-0001"
EMAIL = "bench.employee@corp.example"
PASSWORD = "Bench-Password-2026"
PUBLIC_URL = "https://scorebridge.bench.example"


def result_body(n: int, run: str) -> tuple[str, str, bytes]:
    interview_id = f"{run}-{n}"
    data = {
        "interview_id": interview_id,
        "candidate": {"employee_no": EMPLOYEE_NO, "name": "压测员工"},
        "position": {"code": "sales-rep", "name": "销售代表"},
        "department": {"code": "sales", "name": "销售部"},
        "interviewed_at": "2026-11-20T09:30:00Z",
        "total_score": 80 + n % 5,
        "max_score": 100,
        "dimensions": [
            {"code": "communication", "name": "沟通能力", "score": 82, "max_score": 100},
            {"code": "logic", "name": "逻辑思维", "score": 80, "max_score": 100},
        ],
        "comment": "压测",
        "suggestions": [],
    }
    body = json.dumps(
        {"type": "interview.result.completed", "data": data}, ensure_ascii=False
    ).encode()
    return interview_id, f"msg_{interview_id}", body


async def setup(database_url: str, wecom_base: str) -> None:
    """The vendor (auto-confirm), the person and the employee account linked to it, who wants
    WeCom messages; the WeCom channel in app mode against the emulator."""
    from scorebridge.auth import service as auth_service
    from scorebridge.auth.permissions import Role
    from scorebridge.auth.schemas import UserCreate
    from scorebridge.intake import service
    from scorebridge.intake.schemas import VendorCreate
    from scorebridge.kit.db import open_database
    from scorebridge.kit.jobs import InProcessQueue
    from scorebridge.notifications.models import NotificationChannel, NotificationPreference
    from scorebridge.organisation.models import Person

    db = open_database(database_url, InProcessQueue())
    async with db.unit_of_work() as session:
        await service.create_vendor(
            session,
            VendorCreate.model_validate(
                {
                    "slug": "bench",
                    "name": "Bench",
                    "auto_confirm": True,
                    "signing": {"scheme": "standard-webhooks", "secret": SECRET},
                }
            ),
        )
        person = Person(id=uuid.uuid4(), name="压测员工", employee_no=EMPLOYEE_NO)
        session.add(person)
        await session.flush()
        user = await auth_service.create_user(
            session,
            UserCreate(
                email=EMAIL,
                name="压测员工",
                password=PASSWORD,
                roles=[Role.employee],
                department_ids=[],
                person_id=person.id,
            ),
        )
        session.add(NotificationPreference(user_id=user.id, channels={"wecom": True}))
        config = {"mode": "app", "corp_id": CORP_ID, "agent_id": AGENT_ID,
                  "secret": CORP_SECRET, "api_base": wecom_base}  # fmt: skip
        session.add(NotificationChannel(kind="wecom", enabled=True, config=config))
    await db.dispose()


class StreamWatcher:
    """Holds the employee's SSE stream open and notes when each result's event arrives."""

    def __init__(self) -> None:
        self.seen: dict[str, float] = {}
        self.connected = asyncio.Event()
        self.heartbeats = 0

    async def run(self, url: str, headers: dict[str, str]) -> None:
        async with (
            httpx.AsyncClient(timeout=httpx.Timeout(10, read=None)) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            response.raise_for_status()
            async for line in response.aiter_lines():
                if line == ": connected":
                    self.connected.set()
                elif line == ": heartbeat":
                    self.heartbeats += 1
                elif line.startswith("data: "):
                    payload = json.loads(line[6:])
                    result_id = payload.get("data", {}).get("result_id")
                    if result_id:
                        self.seen.setdefault(result_id, time.time())


async def steady(url: str, count: int, rate: float, run: str) -> dict[str, float]:
    from scorebridge.intake.simulator import signed_headers

    sent: dict[str, float] = {}
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        started = time.perf_counter()
        tasks = []
        for n in range(count):
            delay = started + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            interview_id, webhook_id, body = result_body(n, run)

            async def send(iid: str = interview_id, wid: str = webhook_id, b: bytes = body) -> None:
                sent[iid] = time.time()
                for _ in range(3):
                    try:
                        await client.post(url, content=b, headers=signed_headers(SECRET, wid, b))
                        return
                    except httpx.TransportError:
                        await asyncio.sleep(0.1)

            tasks.append(asyncio.create_task(send()))
        await asyncio.gather(*tasks)
    return sent


def _p(values: list[float]) -> str:
    values = sorted(values)
    if not values:
        return "n/a"
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return f"p50 {statistics.median(values):.0f} ms, p99 {p99:.0f} ms"


async def stages(
    engine: Any, sent: dict[str, float], ids: dict[str, str], seen: dict[str, float]
) -> None:
    """Where the time goes: webhook → result stored → notification stored → on the stream."""
    from scorebridge.notifications.models import Notification
    from scorebridge.results.models import InterviewResult

    async with engine.connect() as conn:
        results = dict(
            (await conn.execute(select(InterviewResult.id, InterviewResult.created_at))).all()
        )
        notes = (await conn.execute(select(Notification.data, Notification.created_at))).all()
    stored = {str(k): v.timestamp() for k, v in results.items()}
    notified = {d.get("result_id"): at.timestamp() for d, at in notes}
    to_result = [(stored[r] - sent[i]) * 1000 for r, i in ids.items() if r in stored]
    to_note = [(notified[r] - stored[r]) * 1000 for r in ids if r in notified and r in stored]
    to_stream = [(seen[r] - notified[r]) * 1000 for r in ids if r in seen and r in notified]
    print(f"  webhook → result stored:          {_p(to_result)}")
    print(f"  result → notification stored:     {_p(to_note)}")
    print(f"  notification stored → on stream:  {_p(to_stream)}")


def wecom_received(emulator: Emulator) -> dict[str, float]:
    """When the WeCom text card of each result arrived (the card links to the result's page)."""
    received: dict[str, float] = {}
    for message in emulator.received("wecom", EMPLOYEE_NO):
        url = message.body.get("textcard", {}).get("url", "")
        received.setdefault(url.rsplit("/", 1)[-1], message.at)
    return received


def wecom_latencies(emulator: Emulator, sent: dict[str, float], ids: dict[str, str]) -> list[float]:
    """Webhook sent → WeCom text card received, per result."""
    received = wecom_received(emulator)
    return sorted((received[r] - sent[i]) * 1000 for r, i in ids.items() if r in received)


async def wecom_stage(engine: Any, emulator: Emulator, ids: dict[str, str]) -> None:
    """The WeCom path alone: notification stored → message received (the send job)."""
    from scorebridge.notifications.models import Notification

    async with engine.connect() as conn:
        notes = (await conn.execute(select(Notification.data, Notification.created_at))).all()
    notified = {d.get("result_id"): at.timestamp() for d, at in notes}
    received = wecom_received(emulator)
    stage = [(received[r] - notified[r]) * 1000 for r in ids if r in received and r in notified]
    print(f"  notification stored → WeCom received: {_p(stage)}")


async def main(args: argparse.Namespace) -> None:

    emulator = Emulator(token_lifetime=args.token_lifetime)
    emulator.add_member(EMPLOYEE_NO, "压测员工")
    async with running(emulator) as wecom_base:
        await measure(args, emulator, wecom_base)


async def measure(args: argparse.Namespace, emulator: Emulator, wecom_base: str) -> None:
    from scorebridge import migrate

    admin, name, database_url = await create_database(args.pg)
    redis_url = await claim_redis(args.redis, args.redis_db)
    processes: list[subprocess.Popen[bytes]] = []
    engine = create_async_engine(database_url)
    watcher_task: asyncio.Task[None] | None = None
    try:
        await migrate.upgrade_async(database_url)
        await setup(database_url, wecom_base)
        env = {
            **os.environ,
            "SCOREBRIDGE_DATABASE_URL": database_url,
            "SCOREBRIDGE_REDIS_URL": redis_url,
            "SCOREBRIDGE_LOG_LEVEL": "WARNING",
            "SCOREBRIDGE_PUBLIC_URL": PUBLIC_URL,
            "SCOREBRIDGE_OUTBOUND_ALLOW": "127.0.0.1",  # the emulator
        }
        api = subprocess.Popen(  # noqa: ASYNC220 - starting is instant
            [SCOREBRIDGE, "serve", "--port", str(args.port)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        worker = subprocess.Popen(  # noqa: ASYNC220
            [SCOREBRIDGE, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        processes += [api, worker]
        base = f"http://127.0.0.1:{args.port}"
        await wait_http(base + "/api/v1/health", within=180)  # a loaded machine starts slowly
        await asyncio.sleep(2)  # the worker's start-up
        async with httpx.AsyncClient(timeout=60) as client:  # password hashing on a busy host
            token = await client.post(
                base + "/api/v1/auth/token",
                data={"grant_type": "password", "username": EMAIL, "password": PASSWORD},
            )
            token.raise_for_status()
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        watcher = StreamWatcher()
        watcher_task = asyncio.create_task(
            watcher.run(base + "/api/v1/notifications/stream", headers)
        )
        async with asyncio.timeout(10):
            await watcher.connected.wait()
        print(f"database {name}, redis {redis_url}")
        print(f"host: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")

        hook = base + "/api/v1/webhooks/bench"
        await steady(hook, 50, 25, "warm")  # warm-up, not measured
        count = int(args.rate * args.seconds)
        fetches_before = emulator.token_fetches["wecom"]
        started = time.monotonic()
        sent = await steady(hook, count, args.rate, "steady")
        deadline = time.monotonic() + args.drain_seconds
        from scorebridge.results.models import InterviewResult

        ids: dict[str, str] = {}
        while time.monotonic() < deadline:
            async with engine.connect() as conn:
                rows = (
                    await conn.execute(
                        select(InterviewResult.id, InterviewResult.interview_id).where(
                            InterviewResult.interview_id.like("steady-%")
                        )
                    )
                ).all()
            ids = {str(rid): iid for rid, iid in rows}
            if (
                len(ids) >= count
                and all(rid in watcher.seen for rid in ids)
                and len(wecom_latencies(emulator, sent, ids)) >= count
            ):
                break
            await asyncio.sleep(0.5)
        latencies = sorted(
            (watcher.seen[rid] - sent[iid]) * 1000
            for rid, iid in ids.items()
            if rid in watcher.seen
        )
        missing = count - len(latencies)
        if not latencies:
            raise SystemExit("no notification reached the stream")
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(
            f"webhook → notification on the SSE stream at {args.rate:.0f}/s for {args.seconds:.0f}s"
            f" ({count} results): p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {latencies[-1]:.0f} ms"
            f"{f', {missing} not seen' if missing else ''}"
        )
        await stages(engine, sent, ids, watcher.seen)
        print(f"target p99 ≤ 2000 ms: {'met' if p99 <= 2000 and not missing else 'NOT met'}")

        wecom = wecom_latencies(emulator, sent, ids)
        lost = count - len(wecom)
        fetches = emulator.token_fetches["wecom"] - fetches_before
        elapsed = time.monotonic() - started
        if wecom:
            w99 = wecom[min(len(wecom) - 1, int(len(wecom) * 0.99))]
            print(
                f"webhook (auto-confirmed) → WeCom app message received ({count} results): "
                f"p50 {statistics.median(wecom):.0f} ms, p99 {w99:.0f} ms, max {wecom[-1]:.0f} ms"
                f"{f', {lost} not received' if lost else ''}"
            )
            await wecom_stage(engine, emulator, ids)
            print(f"target p99 ≤ 1000 ms: {'met' if w99 <= 1000 and not lost else 'NOT met'}")
        print(
            f"WeCom tokens fetched during the run: {fetches} in {elapsed:.0f} s with a "
            f"{args.token_lifetime} s token lifetime ({len(wecom)} messages; at most "
            f"{int(elapsed // (args.token_lifetime * 0.9)) + 1} expected, one per expiry)"
        )
    finally:
        if watcher_task is not None:
            watcher_task.cancel()
            await asyncio.gather(watcher_task, return_exceptions=True)
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
    parser.add_argument("--port", type=int, default=8821)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--redis-db", type=int, default=None, help="use this Redis db only")
    parser.add_argument("--drain-seconds", type=float, default=60, help="wait after sending")
    parser.add_argument("--token-lifetime", type=int, default=20, help="emulated expires_in")
    asyncio.run(main(parser.parse_args()))
