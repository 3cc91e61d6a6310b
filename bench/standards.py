"""Interview standards benchmark (PostgreSQL): prints figures, asserts nothing.

* bulk-loads (asyncpg COPY) one position with ``--results`` results (5 dimensions each,
  interviewed over 1,000 days, one result per ~5 people, every other person with a
  performance metric) into its own database (dropped at the end);
* against a uvicorn subprocess (jobs in-process): saves a standard, then times
  ``POST /positions/{id}/standard/simulate`` with a changing draft over a period holding
  ``--window`` results (p50/p95 of ``--repeat`` calls; targets p95 ≤ 1 s for 100,000), the
  same with an outcome metric, and over every result of the position;
* times ``POST …/standard/apply`` to every result (until the run reports `succeeded`; target
  ≤ 2 minutes for 1,000,000) and the API process's peak RSS before and after (bounded memory).

    .venv/bin/python bench/standards.py [--pg postgresql+asyncpg://root@127.0.0.1:5432/postgres]
        [--results 1000000] [--window 100000] [--repeat 20] [--port 8804] [--keep | --reuse NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import numpy as np
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import asyncpg_dsn, host_speed, keep_or_drop  # noqa: E402

CODES = ["communication", "logic", "expertise", "resilience", "teamwork"]
DAYS = 1000
START = datetime(2023, 1, 1, tzinfo=UTC)
PASSWORD = "Bench-Password-2026"


async def load(url: str, n: int) -> str:
    """Returns the position's id."""
    rng = np.random.default_rng(11)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    now = datetime.now(UTC)
    departments = [(uuid.uuid4(), f"d{i}", f"部门{i}") for i in range(10)]
    await conn.copy_records_to_table(
        "departments",
        records=[(i, c, name, now, now) for i, c, name in departments],
        columns=["id", "code", "name", "created_at", "updated_at"],
    )
    position = uuid.uuid4()
    await conn.execute(
        "INSERT INTO positions (id, code, name, created_at, updated_at)"
        " VALUES ($1, 'sales-rep', '销售代表', now(), now())",
        position,
    )
    vendor = uuid.uuid4()
    await conn.execute(
        "INSERT INTO vendors (id, slug, name, signing_scheme, secret, auto_confirm, is_active,"
        " created_at, updated_at) VALUES ($1, 'bench', 'Bench', 'standard-webhooks',"
        " 'whsec_x', false, true, now(), now())",
        vendor,
    )
    n_people = max(n // 5, 10)
    people = [uuid.uuid4() for _ in range(n_people)]
    await conn.copy_records_to_table(
        "people",
        records=[
            (p, f"P{i}", f"S{i:07d}", departments[i % 10][0], now, now)
            for i, p in enumerate(people)
        ],
        columns=["id", "name", "employee_no", "department_id", "created_at", "updated_at"],
    )
    started = time.perf_counter()
    chunk = 100_000
    for offset in range(0, n, chunk):
        size = min(chunk, n - offset)
        scores = np.round(np.clip(rng.normal(70, 12, (size, len(CODES))), 0, 100), 2)
        totals = np.round(scores.mean(axis=1), 2)
        # results arrive in the order they were held (received ≈ interviewed), as intake
        # writes them: a period's results and their scores lie near each other
        minutes = np.sort(rng.integers(0, DAYS * 24 * 60, size)) // (n // size) + (
            offset // size
        ) * (DAYS * 24 * 60 // (n // size))
        who = rng.integers(0, n_people, size)
        ids = [uuid.uuid4() for _ in range(size)]
        results = [
            (
                ids[j], now, now, vendor, f"bench-{offset + j}", people[int(who[j])],
                departments[int(who[j]) % 10][0], position,
                START + timedelta(minutes=int(minutes[j])), float(totals[j]), 100.0,
                float(totals[j]), "[]", "[]", "confirmed", 1, True,
                START + timedelta(minutes=int(minutes[j]) + 60), now,
            )
            for j in range(size)
        ]  # fmt: skip
        await conn.copy_records_to_table(
            "interview_results",
            records=results,
            columns=[
                "id", "created_at", "updated_at", "vendor_id", "interview_id", "person_id",
                "department_id", "position_id", "interviewed_at", "total_score", "max_score",
                "normalized_total", "suggestions", "flags", "status", "revision", "published",
                "received_at", "reviewed_at",
            ],
        )  # fmt: skip
        dims = [
            (uuid.uuid4(), ids[j], k, code, code, float(scores[j, k]), 100.0, float(scores[j, k]))
            for j in range(size)
            for k, code in enumerate(CODES)
        ]
        await conn.copy_records_to_table(
            "result_dimensions",
            records=dims,
            columns=["id", "result_id", "position", "code", "name", "score", "max_score",
                     "normalized"],
        )  # fmt: skip
    performance = [
        (uuid.uuid4(), p, period, "销售业绩", float(rng.normal(100, 20)), now)
        for i, p in enumerate(people)
        if i % 2 == 0
        for period in ("2025-H1", "2025-H2")
    ]
    await conn.copy_records_to_table(
        "performance_records",
        records=performance,
        columns=["id", "person_id", "period", "metric", "value", "created_at"],
    )
    from scorebridge.standards.scorecards import FILE_ALL

    await conn.execute(FILE_ALL)  # as storing each result would have
    await conn.execute("VACUUM (ANALYZE)")
    await conn.execute("CHECKPOINT")
    print(
        f"loaded {n:,} results of one position ({len(CODES) * n:,} dimensions), "
        f"{n_people:,} people, {len(performance):,} performance records in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    await conn.close()
    return str(position)


def vm_hwm(pid: int) -> float:
    """Peak resident memory of a process, MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def vm_rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _draft(i: int) -> dict[str, Any]:
    """A different draft per call, as a slider being dragged."""
    return {
        "weights": {"communication": 2 + (i % 5) * 0.5, "logic": 1, "expertise": 1,
                    "resilience": 1, "teamwork": 0.5},
        "pass_line": 66 + i % 8,
        "minimums": {"communication": 50 + i % 10},
    }  # fmt: skip


async def timed(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> float:
    started = time.perf_counter()
    response = await client.post(url, json=body)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    return elapsed


def figures(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label}: p50 {statistics.median(ordered):.3f} s, p95 {p95:.3f} s, "
        f"max {ordered[-1]:.3f} s ({len(ordered)} calls)",
        flush=True,
    )


async def bench(port: int, pid: int, position: str, args: argparse.Namespace) -> None:
    base = f"http://127.0.0.1:{port}/api/v1"
    async with httpx.AsyncClient(timeout=600) as client:
        token = (
            await client.post(
                f"{base}/auth/token",
                data={"grant_type": "password", "username": "hr@bench.example",
                      "password": PASSWORD},
            )
        ).json()["access_token"]  # fmt: skip
        client.headers["Authorization"] = f"Bearer {token}"
        saved = await client.put(
            f"{base}/positions/{position}/standard",
            json={**_draft(0), "note": "bench"},
        )
        assert saved.status_code == 200, saved.text
        days = DAYS * args.window / args.results
        window = {
            "interviewed_from": START.isoformat(),
            "interviewed_to": (START + timedelta(days=days)).isoformat(),
        }
        url = f"{base}/positions/{position}/standard/simulate"
        print(f"host speed now: {host_speed():.2f} s", flush=True)
        first = (await client.post(url, json={"draft": _draft(1), **window})).json()
        print(f"simulation window holds {first['n']:,} results", flush=True)
        times = [
            await timed(client, url, {"draft": _draft(i), **window}) for i in range(args.repeat)
        ]
        figures(f"simulate over {first['n']:,} results", times)
        times = [
            await timed(client, url, {"draft": _draft(i), **window, "outcome": "销售业绩"})
            for i in range(args.repeat)
        ]
        figures(f"simulate over {first['n']:,} results with an outcome", times)
        times = [await timed(client, url, {"draft": _draft(i)}) for i in range(3)]
        figures(f"simulate over all {args.results:,} results", times)
        print(f"host speed now: {host_speed():.2f} s", flush=True)
        rss_before, hwm_before = vm_rss(pid), vm_hwm(pid)
        started = time.perf_counter()
        run = (await client.post(f"{base}/positions/{position}/standard/apply")).json()
        status_url = f"{base}/positions/{position}/standard/applications/{run['id']}"
        while run["status"] in ("pending", "running"):
            await asyncio.sleep(1)
            run = (await client.get(status_url)).json()
        elapsed = time.perf_counter() - started
        print(
            f"apply to {run['processed']:,} results: {elapsed:.1f} s ({run['status']}); "
            f"API RSS {rss_before:.0f} MB before, peak {hwm_before:.0f} → {vm_hwm(pid):.0f} MB",
            flush=True,
        )


async def main(args: argparse.Namespace) -> None:
    print(f"host speed: a 20,000,000-step Python loop takes {host_speed():.2f} s", flush=True)
    name = args.reuse or f"scorebridge_bench_standards_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(args.pg, isolation_level="AUTOCOMMIT")
    if not args.reuse:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.pg.rsplit("/", 1)[0] + "/" + name
    server = None
    try:
        os.environ["SCOREBRIDGE_DATABASE_URL"] = url  # before scorebridge reads its settings
        from scorebridge import migrate
        from scorebridge.demo import create_user
        from scorebridge.settings import get_settings

        get_settings.cache_clear()
        await migrate.upgrade_async(url)
        if args.reuse:
            conn = await asyncpg.connect(asyncpg_dsn(url))
            position = str(await conn.fetchval("SELECT id FROM positions LIMIT 1"))
            await conn.execute("DELETE FROM result_standards")
            await conn.execute("DELETE FROM position_standards")
            await conn.close()
        else:
            position = await load(url, args.results)
            await create_user("hr@bench.example", "HR", PASSWORD, ["hr"], [])
        env = {**os.environ, "SCOREBRIDGE_DATABASE_URL": url, "SCOREBRIDGE_LOG_LEVEL": "WARNING"}
        env.pop("SCOREBRIDGE_REDIS_URL", None)
        env["SCOREBRIDGE_ANALYTICS_PREPARE_EVERY_SECONDS"] = "0"
        server = subprocess.Popen(  # noqa: ASYNC220
            [sys.executable, "-m", "uvicorn", "--factory", "scorebridge.app:create_app",
             "--port", str(args.port), "--log-level", "warning"],
            env=env,
            cwd=ROOT,
        )  # fmt: skip
        for _ in range(150):
            try:
                health = httpx.get(f"http://127.0.0.1:{args.port}/api/v1/health")  # noqa: ASYNC210
                if health.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
        await bench(args.port, server.pid, position, args)
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
        await keep_or_drop(admin, name, bool(args.keep or args.reuse))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default="postgresql+asyncpg://root@127.0.0.1:5432/postgres")
    parser.add_argument("--results", type=int, default=1_000_000)
    parser.add_argument("--window", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--port", type=int, default=8804)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", metavar="NAME", help="an already loaded database to run on")
    asyncio.run(main(parser.parse_args()))
