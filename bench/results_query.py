"""Results query benchmark (PostgreSQL): prints figures, asserts nothing.

Loads ``--rows`` interview results (5 dimensions each) straight into a fresh database with
COPY, starts ``scorebridge serve`` on it and measures through HTTP:

* GET /results first page and page 1,000 (limit=50), with and without filters, as HR and as a
  department head (sales and its sub-departments): p50/p95 over ``--requests`` requests;
* GET /results/export?format=csv of every row as HR (streamed, discarded) and the API
  process's peak RSS (VmHWM) around it; XLSX for ``--xlsx-rows`` rows (one department).

    .venv/bin/python bench/results_query.py [--rows 200000] [--requests 200]
        [--database-url postgresql+asyncpg://…/existing_db]
        [--admin-url postgresql+asyncpg://root@127.0.0.1:5432/postgres] [--port 8791]

Without ``--database-url`` it creates ``scorebridge_bench_<random>`` and drops it at the end
(``--keep`` keeps it and prints its URL). A ``--database-url`` that already holds results is
measured as it is (no second load). ``--only export`` or ``--only list`` measures one part.

The API it starts does not prepare the analytics dashboard (``analytics_prepare_every_seconds``
0): a fresh process computes it once, two minutes after it starts, and at a million results
that takes the machine for about five seconds — whichever case it met measured the two
together (p95 40–50 ms in two runs of three), not the results list.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from support import host_speed

ROOT = Path(__file__).resolve().parents[1]
SCOREBRIDGE = str(Path(sys.executable).parent / "scorebridge")
PASSWORD = "Bench-Password-2026"
PAGE = 50
DEEP_PAGE = 1000
API_LOG = Path(tempfile.gettempdir()) / f"results_query_api_{os.getpid()}.log"

# code, name, parent code, share of results
DEPARTMENTS = [
    ("hq", "总公司", None, 0.02),
    ("sales", "销售部", "hq", 0.10),
    ("sales-east", "华东销售部", "sales", 0.30),
    ("sales-north", "华北销售部", "sales", 0.10),
    ("sales-south", "华南销售部", "sales", 0.08),
    ("tech", "技术部", "hq", 0.20),
    ("tech-platform", "平台技术部", "tech", 0.10),
    ("ops", "运营部", "hq", 0.05),
    ("finance", "财务部", "hq", 0.05),
]
STATUSES = [("pending_review", 0.50), ("confirmed", 0.35), ("returned", 0.10), ("rejected", 0.05)]
DIMENSIONS = [
    ("communication", "沟通能力"),
    ("logic", "逻辑思维"),
    ("expertise", "专业知识"),
    ("teamwork", "团队协作"),
    ("stability", "稳定性"),
]


def _raw(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _with_db(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


# --- Loading ------------------------------------------------------------------------------------


async def load(url: str, rows: int) -> dict[str, Any]:
    rng = random.Random(20261126)
    conn = await asyncpg.connect(_raw(url))
    now = datetime.now(UTC)
    try:
        departments: dict[str, uuid.UUID] = {}
        for code, name, parent, _ in DEPARTMENTS:
            departments[code] = uuid.uuid4()
            await conn.execute(
                "INSERT INTO departments (id, created_at, updated_at, code, name, parent_id) "
                "VALUES ($1, $2, $2, $3, $4, $5)",
                departments[code],
                now,
                code,
                name,
                departments[parent] if parent else None,
            )
        vendor_id = uuid.uuid4()
        await conn.execute(
            "INSERT INTO vendors (id, created_at, updated_at, slug, name, signing_scheme, secret, "
            "auto_confirm, is_active) VALUES ($1, $2, $2, 'bench', 'Bench AI 面试', "
            "'standard-webhooks', 'whsec_YmVuY2hiZW5jaGJlbmNoYmVuY2g=', false, true)",
            vendor_id,
            now,
        )
        codes = [d[0] for d in DEPARTMENTS]
        weights = [d[3] for d in DEPARTMENTS]
        n_people = max(1, rows // 4)
        people: list[tuple[uuid.UUID, str]] = []
        person_rows = []
        for i in range(n_people):
            pid, dept = uuid.uuid4(), rng.choices(codes, weights)[0]
            people.append((pid, dept))
            person_rows.append(
                (
                    pid,
                    now,
                    now,
                    f"候选人{i:06d}",
                    f"p{i:06d}@mail.example",
                    f"138{i:08d}",
                    f"E{i:06d}",
                    departments[dept],
                )
            )
        await conn.copy_records_to_table(
            "people",
            records=person_rows,
            columns=[
                "id",
                "created_at",
                "updated_at",
                "name",
                "email",
                "phone",
                "employee_no",
                "department_id",
            ],
        )
        status_names = [s for s, _ in STATUSES]
        status_weights = [w for _, w in STATUSES]
        batch = 20000
        start = now - timedelta(days=365)
        step = timedelta(days=365) / max(rows, 1)
        for offset in range(0, rows, batch):
            results, dims = [], []
            for i in range(offset, min(rows, offset + batch)):
                rid = uuid.uuid4()
                person, dept = rng.choice(people)
                received = start + step * i
                interviewed = received - timedelta(hours=rng.randint(1, 72))
                scores = [rng.randint(40, 100) for _ in DIMENSIONS]
                total = round(sum(scores) / len(scores), 1)
                status = rng.choices(status_names, status_weights)[0]
                results.append(
                    (
                        rid,
                        received,
                        received,
                        vendor_id,
                        f"bench-{i:07d}",
                        person,
                        departments[dept],
                        interviewed,
                        total,
                        100.0,
                        total,
                        "候选人表达清晰,逻辑严谨",
                        json.dumps(["加强数据分析"], ensure_ascii=False),
                        "hire" if total >= 70 else "hold",
                        status,
                        1,
                        status == "confirmed",
                        "[]",
                        received,
                        received if status != "pending_review" else None,
                        received,
                    )
                )
                for position, ((code, name), score) in enumerate(
                    zip(DIMENSIONS, scores, strict=True)
                ):
                    dims.append(
                        (uuid.uuid4(), rid, position, code, name, float(score), 100.0, score, None)
                    )
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
                    "interviewed_at",
                    "total_score",
                    "max_score",
                    "normalized_total",
                    "comment",
                    "suggestions",
                    "recommendation",
                    "status",
                    "revision",
                    "published",
                    "flags",
                    "received_at",
                    "reviewed_at",
                    "source_updated_at",
                ],
            )
            await conn.copy_records_to_table(
                "result_dimensions",
                records=[(*d[:7], float(d[7]), d[8]) for d in dims],
                columns=[
                    "id",
                    "result_id",
                    "position",
                    "code",
                    "name",
                    "score",
                    "max_score",
                    "normalized",
                    "comment",
                ],
            )
        await conn.execute("ANALYZE")
        counts = {
            "sales_scope": await conn.fetchval(
                "SELECT count(*) FROM interview_results WHERE department_id = ANY($1::uuid[])",
                [departments[c] for c in ("sales", "sales-east", "sales-north", "sales-south")],
            ),
            "sales_only": await conn.fetchval(
                "SELECT count(*) FROM interview_results WHERE department_id = $1",
                departments["sales"],
            ),
        }
    finally:
        await conn.close()
    return {"departments": departments, "counts": counts}


async def loaded(url: str) -> dict[str, Any] | None:
    """What :func:`load` returned, read from a database it loaded before (None when empty)."""
    conn = await asyncpg.connect(_raw(url))
    try:
        if not await conn.fetchval("SELECT exists (SELECT 1 FROM interview_results)"):
            return None
        rows = await conn.fetch("SELECT code, id FROM departments")
        departments = {r["code"]: r["id"] for r in rows}
        counts = {
            "sales_scope": await conn.fetchval(
                "SELECT count(*) FROM interview_results WHERE department_id = ANY($1::uuid[])",
                [departments[c] for c in ("sales", "sales-east", "sales-north", "sales-south")],
            ),
            "sales_only": await conn.fetchval(
                "SELECT count(*) FROM interview_results WHERE department_id = $1",
                departments["sales"],
            ),
            "rows": await conn.fetchval("SELECT count(*) FROM interview_results"),
        }
    finally:
        await conn.close()
    return {"departments": departments, "counts": counts}


async def create_users(url: str, sales: uuid.UUID) -> None:
    from scorebridge.auth import service
    from scorebridge.auth.permissions import Role
    from scorebridge.auth.schemas import UserCreate
    from scorebridge.kit.db import open_database
    from scorebridge.kit.jobs import InProcessQueue

    database = open_database(url, InProcessQueue())
    try:
        async with database.unit_of_work() as session:
            for email, role, departments in (
                ("hr@bench.example", Role.hr, []),
                ("head@bench.example", Role.dept_head, [sales]),
            ):
                await service.create_user(
                    session,
                    UserCreate(
                        email=email,
                        name=email.split("@")[0],
                        password=PASSWORD,
                        roles=[role],
                        department_ids=departments,
                    ),
                )
    finally:
        await database.dispose()


# --- Measuring ----------------------------------------------------------------------------------


def start_api(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SCOREBRIDGE_DATABASE_URL": url,
        "SCOREBRIDGE_SECRET_KEY": "bench-secret-key-0123456789abcdef0123456789",
        "SCOREBRIDGE_ENV": "development",
        "SCOREBRIDGE_ACCESS_TOKEN_TTL_SECONDS": "14400",
        "SCOREBRIDGE_ANALYTICS_PREPARE_EVERY_SECONDS": "0",  # measure the list alone
    }
    env.pop("SCOREBRIDGE_REDIS_URL", None)
    # The API logs every request: into a file, not a pipe nobody reads (a full pipe blocks the
    # API's logging, and so every request, after a few thousand lines).
    return subprocess.Popen(
        [SCOREBRIDGE, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=API_LOG.open("wb"),
    )


async def wait_ready(client: httpx.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300  # a shared, loaded host starts the API slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"API exited: {API_LOG.read_text(errors='replace')[-4000:]}")
        try:
            if (await client.get("/api/v1/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("API did not start")


def reset_peak(pid: int) -> bool:
    """Reset VmHWM to the current RSS (Linux ``clear_refs`` 5), so the peak is this step's."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def memory(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])  # kB
    return out


async def login(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def cursor_before(
    client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, Any], page: int
) -> tuple[str | None, int]:
    """The cursor that opens ``page`` (1-based) at limit=50, or the deepest page reached.

    A cursor is the (sort value, id) of the last row served, independent of the page size, so
    the walk takes 200-row steps and finishes with 50-row ones."""
    skip = (page - 1) * PAGE
    cursor: str | None = None
    served = 0
    while served < skip:
        size = min(200, skip - served) if (skip - served) >= 200 else PAGE
        query = {**params, "limit": size, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/api/v1/results", params=query, headers=headers)
        response.raise_for_status()
        body = response.json()
        if not body["next_cursor"]:
            # Fewer rows than asked: fall back to the last full page.
            return cursor, served // PAGE + 1
        served += len(body["items"])
        cursor = body["next_cursor"]
    return cursor, page


async def timed(
    client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, Any], n: int
) -> tuple[float, float, int]:
    samples = []
    items = 0
    for _ in range(n):
        t0 = time.perf_counter()
        response = await client.get("/api/v1/results", params=params, headers=headers)
        samples.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
        items = len(response.json()["items"])
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95, items


async def export(
    client: httpx.AsyncClient, headers: dict[str, str], pid: int, params: dict[str, Any]
) -> dict[str, Any]:
    reset = reset_peak(pid)
    before = memory(pid)
    t0 = time.perf_counter()
    size = lines = 0
    first_byte: float | None = None
    async with client.stream(
        "GET", "/api/v1/results/export", params=params, headers=headers, timeout=None
    ) as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            if first_byte is None:
                first_byte = time.perf_counter() - t0
            size += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - t0
    after = memory(pid)
    return {
        "seconds": seconds,
        "first_byte": first_byte or seconds,
        "bytes": size,
        "lines": lines,
        "rss_before_mb": before["VmRSS"] / 1024,
        "hwm_before_mb": before["VmHWM"] / 1024,
        "hwm_after_mb": after["VmHWM"] / 1024,
        "peak_reset": reset,
    }


async def measure(
    url: str, port: int, requests: int, info: dict[str, Any], xlsx: bool, only: str | None
) -> None:
    departments = info["departments"]
    process = start_api(url, port)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            await wait_ready(client, process)
            hr = await login(client, "hr@bench.example")
            head = await login(client, "head@bench.example")
            await client.get("/api/v1/results", params={"limit": 1}, headers=hr)  # warm up
            print(f"\nAPI pid {process.pid}, after start: {memory(process.pid)}", flush=True)

            print(f"host speed: a 20,000,000-step Python loop takes {host_speed():.2f} s")
            if only != "list":
                await _exports(client, hr, process.pid, info, xlsx)
            if only != "export":
                await _lists(client, hr, head, departments, requests)
            print(f"\nAPI memory at the end: {memory(process.pid)}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


async def _exports(
    client: httpx.AsyncClient, hr: dict[str, str], pid: int, info: dict[str, Any], xlsx: bool
) -> None:
    departments = info["departments"]
    csv_all = await export(client, hr, pid, {"format": "csv"})
    print(
        f"export csv (all rows, hr): {csv_all['seconds']:.1f} s, first byte "
        f"{csv_all['first_byte'] * 1000:.0f} ms, {csv_all['lines'] - 1} rows, "
        f"{csv_all['bytes'] / 1e6:.1f} MB; API RSS before {csv_all['rss_before_mb']:.0f} "
        f"MB, peak (VmHWM{', reset before' if csv_all['peak_reset'] else ''}) "
        f"{csv_all['hwm_before_mb']:.0f} MB → {csv_all['hwm_after_mb']:.0f} MB",
        flush=True,
    )
    if xlsx:
        dept = {"format": "xlsx", "department_id": str(departments["sales"])}
        x = await export(client, hr, pid, dept)
        print(
            f"export xlsx (department sales, {info['counts']['sales_only']} rows, hr): "
            f"{x['seconds']:.1f} s, first byte {x['first_byte'] * 1000:.0f} ms, "
            f"{x['bytes'] / 1e6:.1f} MB; VmHWM {x['hwm_before_mb']:.0f} → "
            f"{x['hwm_after_mb']:.0f} MB",
            flush=True,
        )


async def _lists(
    client: httpx.AsyncClient,
    hr: dict[str, str],
    head: dict[str, str],
    departments: dict[str, uuid.UUID],
    requests: int,
) -> None:
    scenarios = [
        ("hr", hr, {}),
        ("hr", hr, {"status": "pending_review"}),
        ("hr", hr, {"department_id": str(departments["sales-east"])}),
        ("hr", hr, {"sort": "-total_score"}),
        ("dept_head", head, {}),
        ("dept_head", head, {"status": "pending_review"}),
        ("dept_head", head, {"department_id": str(departments["sales-east"])}),
    ]
    print(
        f"\n{'caller':<10} {'filter':<28} {'page':>5} {'p50 ms':>8} {'p95 ms':>8} {'rows':>5}",
        flush=True,
    )
    for who, headers, params in scenarios:
        label = ",".join(
            f"{k}={'sales-east' if k == 'department_id' else v}" for k, v in params.items()
        )
        base = {**params, "limit": PAGE}
        p50, p95, n = await timed(client, headers, base, requests)
        print(f"{who:<10} {label or '-':<28} {1:>5} {p50:>8.1f} {p95:>8.1f} {n:>5}")
        cursor, page = await cursor_before(client, headers, params, DEEP_PAGE)
        deep = {**base, **({"cursor": cursor} if cursor else {})}
        p50, p95, n = await timed(client, headers, deep, requests)
        print(
            f"{who:<10} {label or '-':<28} {page:>5} {p50:>8.1f} {p95:>8.1f} {n:>5}",
            flush=True,
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--admin-url", default="postgresql+asyncpg://root@127.0.0.1:5432/postgres")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--no-xlsx", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database it creates")
    parser.add_argument("--only", choices=["export", "list"])
    args = parser.parse_args()

    from scorebridge import migrate

    created: str | None = None
    url = args.database_url
    if url is None:
        created = f"scorebridge_bench_{uuid.uuid4().hex[:8]}"
        admin = await asyncpg.connect(_raw(args.admin_url))
        await admin.execute(f'CREATE DATABASE "{created}"')
        await admin.close()
        url = _with_db(args.admin_url, created)
    try:
        t0 = time.perf_counter()
        await migrate.upgrade_async(url)
        info = await loaded(url) if created is None else None
        if info is None:
            info = await load(url, args.rows)
            await create_users(url, info["departments"]["sales"])
            print(
                f"loaded {args.rows} results × {len(DIMENSIONS)} dimensions, {args.rows // 4} "
                f"people in {time.perf_counter() - t0:.1f} s (ANALYZEd); dept_head scope "
                f"{info['counts']['sales_scope']} rows",
                flush=True,
            )
        else:
            print(f"measuring the {info['counts']['rows']} results already loaded", flush=True)
        await measure(url, args.port, args.requests, info, not args.no_xlsx, args.only)
    finally:
        if created and args.keep:
            print(f"kept: --database-url {url}")
        elif created:
            admin = await asyncpg.connect(_raw(args.admin_url))
            await admin.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
            await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
