"""Analytics and import benchmark (PostgreSQL): prints figures, asserts nothing.

* bulk-loads (asyncpg COPY) ``--results`` interview results with 5 dimensions each, one result
  per ~5 people, and ``--performance`` performance records into its own database (dropped at
  the end);
* times ``analytics.prepare`` (the default dashboard's answers computed ahead), then every
  analytics endpoint through HTTP against a uvicorn subprocess: computed (``Cache-Control:
  no-cache``, median of ``--repeat`` calls) and served from its saved answer, and a dashboard
  (all cards requested at once, as the SPA does) both ways;
* imports a ``--import-rows`` XLSX and CSV of results through ``POST /imports`` and reports
  the time to ``succeeded`` and the API process's peak RSS (VmHWM; jobs run in-process).

    .venv/bin/python bench/analytics.py [--pg postgresql+asyncpg://root@127.0.0.1:5432/postgres]
        [--results 1000000] [--performance 200000] [--import-rows 100000] [--repeat 3]
        [--keep | --reuse NAME]

``--keep`` leaves the loaded database in place (its name is printed) and ``--reuse NAME`` runs
against such a database without loading again (the imports add 200,000 new results to it each
run, which slows the analytics of the next: load afresh for comparable figures).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import csv
import io
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import numpy as np
from openpyxl import Workbook
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import asyncpg_dsn, host_speed, keep_or_drop  # noqa: E402

DIMENSIONS = ["communication", "logic", "risk", "teamwork", "learning"]
PASSWORD = "Bench-Password-2026"


async def load(url: str, n_results: int, n_performance: int) -> None:
    rng = np.random.default_rng(7)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    now = datetime.now(UTC)
    departments = [(uuid.uuid4(), f"d{i}", f"部门{i}") for i in range(20)]
    positions = [(uuid.uuid4(), f"p{i}", f"岗位{i}", departments[i % 20][0]) for i in range(50)]
    batches = [(uuid.uuid4(), f"b{i}", f"批次{i}", positions[i % 50][0]) for i in range(100)]
    await conn.copy_records_to_table(
        "departments",
        records=[(i, c, n, None, now, now) for i, c, n in departments],
        columns=["id", "code", "name", "parent_id", "created_at", "updated_at"],
    )
    await conn.copy_records_to_table(
        "positions",
        records=[(i, c, n, d, now, now) for i, c, n, d in positions],
        columns=["id", "code", "name", "department_id", "created_at", "updated_at"],
    )
    await conn.copy_records_to_table(
        "batches",
        records=[(i, c, n, p, now, now) for i, c, n, p in batches],
        columns=["id", "code", "name", "position_id", "created_at", "updated_at"],
    )
    vendor = uuid.uuid4()
    await conn.execute(
        "INSERT INTO vendors (id, slug, name, signing_scheme, secret, auto_confirm, is_active,"
        " created_at, updated_at) VALUES ($1, 'bench', 'Bench', 'standard-webhooks',"
        " 'whsec_x', false, true, now(), now())",
        vendor,
    )
    n_people = max(n_results // 5, 10)
    people = [uuid.uuid4() for _ in range(n_people)]
    hired = rng.integers(0, 700, n_people)
    left = rng.random(n_people) < 0.3
    await conn.copy_records_to_table(
        "people",
        records=[
            (
                pid,
                f"P{i}",
                f"B{i:07d}",
                departments[i % 20][0],
                date(2024, 1, 1) + timedelta(days=int(hired[i])),
                date(2025, 1, 1) + timedelta(days=int(hired[i])) if left[i] else None,
                now,
                now,
            )
            for i, pid in enumerate(people)
        ],
        columns=[
            "id",
            "name",
            "employee_no",
            "department_id",
            "hired_on",
            "left_on",
            "created_at",
            "updated_at",
        ],
    )
    start = time.perf_counter()
    chunk = 100_000
    base = datetime(2024, 1, 1, tzinfo=UTC)
    for offset in range(0, n_results, chunk):
        size = min(chunk, n_results - offset)
        totals = np.round(np.clip(rng.normal(70, 12, size), 0, 100), 2)
        minutes = rng.integers(0, 700 * 24 * 60, size)
        who = rng.integers(0, n_people, size)
        pos = rng.integers(0, 50, size)
        ids = [uuid.uuid4() for _ in range(size)]
        results = []
        dims = []
        for j in range(size):
            p = int(pos[j])
            batch = batches[p][0] if j % 2 else batches[p + 50][0]
            total = float(totals[j])
            results.append(
                (
                    ids[j],
                    now,
                    now,
                    vendor,
                    f"bench-{offset + j}",
                    people[int(who[j])],
                    positions[p][3],
                    positions[p][0],
                    batch,
                    base + timedelta(minutes=int(minutes[j])),
                    total,
                    100.0,
                    total,
                    "[]",
                    "[]",
                    "confirmed",
                    1,
                    True,
                    now,
                    now,
                )
            )
        scores = np.round(np.clip(totals[:, None] + rng.normal(0, 8, (size, 5)), 0, 100), 2)
        for j in range(size):
            for k, code in enumerate(DIMENSIONS):
                s = float(scores[j, k])
                dims.append((uuid.uuid4(), ids[j], k, code, code, s, 100.0, s))
        await conn.copy_records_to_table(
            "interview_results",
            records=results,
            columns=[
                "id",
                "created_at",
                "updated_at",
                "vendor_id",
                "interview_id",
                "person_id",
                "department_id",
                "position_id",
                "batch_id",
                "interviewed_at",
                "total_score",
                "max_score",
                "normalized_total",
                "suggestions",
                "flags",
                "status",
                "revision",
                "published",
                "received_at",
                "reviewed_at",
            ],
        )
        await conn.copy_records_to_table(
            "result_dimensions",
            records=dims,
            columns=[
                "id",
                "result_id",
                "position",
                "code",
                "name",
                "score",
                "max_score",
                "normalized",
            ],
        )
    who = rng.integers(0, n_people, n_performance)
    records = {}
    for i in range(n_performance):
        key = (people[int(who[i])], f"2025-Q{i % 4 + 1}", "sales" if i % 2 else "compliance")
        records[key] = float(rng.normal(100, 20))
    await conn.copy_records_to_table(
        "performance_records",
        records=[(uuid.uuid4(), p, per, m, v, now) for (p, per, m), v in records.items()],
        columns=["id", "person_id", "period", "metric", "value", "created_at"],
    )
    # As a database in service would be: vacuumed (visibility map set) and analysed, so that
    # autovacuum does not start on the fresh millions in the middle of the measurements.
    await conn.execute("VACUUM (ANALYZE)")
    await conn.execute("CHECKPOINT")
    print(
        f"loaded {n_results:,} results ({5 * n_results:,} dimensions), {n_people:,} people, "
        f"{len(records):,} performance records in {time.perf_counter() - start:.1f} s"
    )
    await conn.close()


def import_rows(n: int, prefix: str) -> list[list[Any]]:
    """``n`` results of people ``<prefix>0000000``…: a prefix of its own makes every row new."""
    header = ["工号", "姓名", "部门", "岗位", "批次", "面试时间", "总分", "满分"]
    rows: list[list[Any]] = [header + [f"维度:{d}" for d in DIMENSIONS]]
    rng = np.random.default_rng(11)
    scores = np.round(rng.uniform(0, 100, (n, 6)), 1)
    for i in range(n):
        rows.append(
            [
                f"{prefix}{i:07d}",
                f"导入{i}",
                f"d{i % 20}",
                f"p{i % 50}",
                f"b{i % 100}",
                f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d} 09:30",
                *scores[i, :1],
                100,
                *scores[i, 1:],
            ]
        )
    return rows


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_gbk(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("gbk")


def vm_hwm(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def bench_prepare(url: str) -> None:
    """``analytics.prepare``: the default dashboard computed ahead, as the job does it."""
    from scorebridge.analytics.tasks import prepare_dashboard
    from scorebridge.kit.db import open_database
    from scorebridge.kit.jobs import InProcessQueue, JobContext
    from scorebridge.settings import get_settings

    database = open_database(url, InProcessQueue())
    try:
        ctx = JobContext(db=database, settings=get_settings())
        t0 = time.perf_counter()
        computed = await prepare_dashboard(ctx)
        print(
            f"analytics.prepare: {computed} default dashboard answers computed ahead "
            f"in {time.perf_counter() - t0:.1f} s"
        )
    finally:
        await database.dispose()


async def bench_http(port: int, pid: int, url: str, args: argparse.Namespace) -> None:
    base = f"http://127.0.0.1:{port}/api/v1"
    async with httpx.AsyncClient(base_url=base, timeout=600) as client:
        token = await client.post(
            "/auth/token",
            data={"grant_type": "password", "username": "hr@bench.example", "password": PASSWORD},
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        cards = {
            "distribution total/position": "/analytics/distribution?group_by=position",
            "distribution risk/department": "/analytics/distribution?"
            "dimension=risk&group_by=department",
            "trends total/position": "/analytics/trends?dimension=total&group_by=position",
            "dimension-means/position": "/analytics/dimension-means?group_by=position",
            "correlation risk~compliance": "/analytics/correlation?"
            "dimension=risk&outcome=compliance",
            "threshold total>=70 sales": "/analytics/threshold?threshold=70&outcome=sales",
            "retention total>=70 12m": "/analytics/retention?threshold=70&months=12",
            "training-needs": "/analytics/training-needs",
        }
        fresh = {**headers, "Cache-Control": "no-cache"}
        print(f"\n{'endpoint':34} {'computed s':>10} {'max s':>7} {'saved s':>8}")
        for name, path in cards.items():
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                response = await client.get(path, headers=fresh)
                times.append(time.perf_counter() - t0)
                assert response.status_code == 200, response.text
            t0 = time.perf_counter()
            response = await client.get(path, headers=headers)
            saved = time.perf_counter() - t0
            assert response.headers["cache-status"] == "ScoreBridge; hit", response.headers
            median, worst = statistics.median(times), max(times)
            print(f"{name:34} {median:10.3f} {worst:7.3f} {saved:8.3f}", flush=True)
        for label, sent in (("computed", fresh), ("saved", headers)):
            t0 = time.perf_counter()
            await asyncio.gather(*(client.get(p, headers=sent) for p in cards.values()))
            print(f"{'dashboard, all cards at once, ' + label:34} {time.perf_counter() - t0:10.3f}")
        # HR confirms a result (one confirmed score changes) and someone opens the dashboard
        # before analytics.prepare has run: the slow answers are served stale meanwhile.
        conn = await asyncpg.connect(asyncpg_dsn(url))
        await conn.execute(
            "UPDATE interview_results SET normalized_total = normalized_total + 0.01 "
            "WHERE id = (SELECT id FROM interview_results WHERE status = 'confirmed' LIMIT 1)"
        )
        await conn.close()
        t0 = time.perf_counter()
        answered = await asyncio.gather(*(client.get(p, headers=headers) for p in cards.values()))
        served = collections.Counter(r.headers["cache-status"] for r in answered)
        print(
            f"{'dashboard right after a change':34} {time.perf_counter() - t0:10.3f}   "
            + ", ".join(f"{n} × {status}" for status, n in sorted(served.items()))
        )
        print(f"API VmHWM after analytics: {vm_hwm(pid):.0f} MB")
        if args.import_rows <= 0:
            return
        run = uuid.uuid4().hex[:6].upper()  # new rows on every run, --reuse included
        print(f"host speed before the imports: {host_speed():.2f} s", flush=True)
        for label, content, name in (
            ("XLSX", xlsx(import_rows(args.import_rows, f"X{run}")), "results.xlsx"),
            ("CSV (GBK)", csv_gbk(import_rows(args.import_rows, f"C{run}")), "results.csv"),
        ):
            t0 = time.perf_counter()
            response = await client.post(
                "/imports",
                files={"file": (name, content, "application/octet-stream")},
                data={"kind": "results"},
                headers=headers,
            )
            assert response.status_code == 202, response.text
            import_id = response.json()["id"]
            while True:
                await asyncio.sleep(0.5)
                body = (await client.get(f"/imports/{import_id}", headers=headers)).json()
                if body["status"] in ("succeeded", "failed"):
                    break
            print(
                f"import {label} {args.import_rows:,} rows ({len(content) / 1e6:.1f} MB): "
                f"{body['status']} in {time.perf_counter() - t0:.1f} s, "
                f"valid {body['valid_rows']:,}, errors {body['error_count']}, "
                f"API VmHWM {vm_hwm(pid):.0f} MB"
            )


async def main(args: argparse.Namespace) -> None:
    print(f"host speed: a 20,000,000-step Python loop takes {host_speed():.2f} s", flush=True)
    name = args.reuse or f"scorebridge_bench_analytics_{uuid.uuid4().hex[:8]}"
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
        assert get_settings().database_url == url
        await migrate.upgrade_async(url)
        if not args.reuse:
            await load(url, args.results, args.performance)
        env = {**os.environ, "SCOREBRIDGE_DATABASE_URL": url, "SCOREBRIDGE_LOG_LEVEL": "WARNING"}
        env.pop("SCOREBRIDGE_REDIS_URL", None)
        if not args.reuse:
            await create_user("hr@bench.example", "HR", PASSWORD, ["hr"], [])
        port = 8765
        server = subprocess.Popen(  # noqa: ASYNC220
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "scorebridge.app:create_app",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/v1/health")  # noqa: ASYNC210
                if health.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
        await bench_prepare(url)
        await bench_http(port, server.pid, url, args)
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
        await keep_or_drop(admin, name, bool(args.keep or args.reuse))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default="postgresql+asyncpg://root@127.0.0.1:5432/postgres")
    parser.add_argument("--results", type=int, default=1_000_000)
    parser.add_argument("--performance", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", metavar="NAME", help="an already loaded database to run on")
    asyncio.run(main(parser.parse_args()))
