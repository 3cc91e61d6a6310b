"""Fairness benchmark (PostgreSQL): prints figures, asserts nothing.

* bulk-loads (asyncpg COPY) ``--results`` confirmed interview results of ``--people`` people
  (90% with gender and birth year) over 10 positions — the largest holding 40% of the results
  — and 4 vendors over 24 months (one vendor shifts by 6 points in its last four months), and
  ``--performance`` performance records, into its own database (dropped at the end);
* asks, through the app in-process (auth, audit, JSON included) as an auditor:
  ``GET /analytics/adverse-impact`` for the largest position and a typical one (gender on the
  median basis, age band on a threshold), ``--repeat`` times each, and
  ``GET /analytics/vendor-quality`` with an outcome; prints p50 and p95.

``--keep`` leaves the loaded database in place (its name is printed) and ``--reuse NAME`` runs
against such a database without loading again.

    .venv/bin/python bench/fairness.py [--pg postgresql+asyncpg://root@127.0.0.1:5432/postgres]
        [--results 1000000] [--people 250000] [--performance 200000] [--repeat 20]
        [--keep | --reuse NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import numpy as np
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import create_database, drop_database, host_speed

PASSWORD = "Bench-Password-2026"
WEIGHTS = np.array([0.40] + [0.60 / 9] * 9)


async def load(url: str, n_results: int, n_people: int, n_performance: int) -> list[uuid.UUID]:
    rng = np.random.default_rng(17)
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    now = datetime.now(UTC)
    start = time.perf_counter()
    positions = [uuid.uuid4() for _ in range(10)]
    await conn.copy_records_to_table(
        "positions",
        records=[(p, f"p{i}", f"岗位{i}", now, now) for i, p in enumerate(positions)],
        columns=["id", "code", "name", "created_at", "updated_at"],
    )
    vendors = [uuid.uuid4() for _ in range(4)]
    await conn.copy_records_to_table(
        "vendors",
        records=[
            (v, f"v{i}", f"供应商{i}", "standard-webhooks", "whsec_x", False, True, now, now)
            for i, v in enumerate(vendors)
        ],
        columns=[
            "id",
            "slug",
            "name",
            "signing_scheme",
            "secret",
            "auto_confirm",
            "is_active",
            "created_at",
            "updated_at",
        ],
    )
    people = [uuid.uuid4() for _ in range(n_people)]
    await conn.copy_records_to_table(
        "people",
        records=[(p, f"P{i}", f"F{i:07d}", now, now) for i, p in enumerate(people)],
        columns=["id", "name", "employee_no", "created_at", "updated_at"],
    )
    genders = rng.choice(["female", "male", "other"], n_people, p=[0.48, 0.48, 0.04])
    years = rng.integers(1960, 2005, n_people)
    known = rng.random(n_people) < 0.9
    await conn.copy_records_to_table(
        "person_attributes",
        records=[
            (people[i], str(genders[i]), int(years[i]), now) for i in range(n_people) if known[i]
        ],
        columns=["person_id", "gender", "birth_year", "updated_at"],
    )
    base = datetime(2024, 1, 1, tzinfo=UTC)
    chunk = 100_000
    for offset in range(0, n_results, chunk):
        size = min(chunk, n_results - offset)
        who = rng.integers(0, n_people, size)
        pos = rng.choice(10, size, p=WEIGHTS)
        ven = rng.integers(0, 4, size)
        minutes = rng.integers(0, 730 * 24 * 60, size)
        totals = rng.normal(70, 12, size)
        totals -= (genders[who] == "female") * (pos == 0) * 3.0  # some adverse impact in p0
        totals += (ven == 3) * (minutes > 610 * 24 * 60) * 6.0  # v3 changed its model
        totals = np.round(np.clip(totals, 0, 100), 2)
        records = []
        for j in range(size):
            total = float(totals[j])
            at = base + timedelta(minutes=int(minutes[j]))
            records.append(
                (uuid.uuid4(), now, now, vendors[int(ven[j])], f"fb-{offset + j}",
                 people[int(who[j])], positions[int(pos[j])], at, total, 100.0, total, "[]",
                 "[]", "confirmed", 1, True, at, now)
            )  # fmt: skip
        await conn.copy_records_to_table(
            "interview_results",
            records=records,
            columns=[
                "id",
                "created_at",
                "updated_at",
                "vendor_id",
                "interview_id",
                "person_id",
                "position_id",
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
    performed = rng.choice(n_people, n_performance // 2, replace=False)
    await conn.copy_records_to_table(
        "performance_records",
        records=[
            (uuid.uuid4(), people[int(p)], period, "sales", float(rng.normal(100, 20)), now)
            for p in performed
            for period in ("2025-H1", "2025-H2")
        ],
        columns=["id", "person_id", "period", "metric", "value", "created_at"],
    )
    await conn.execute("VACUUM (ANALYZE)")
    await conn.execute("CHECKPOINT")
    await conn.close()
    print(
        f"loaded {n_results:,} results of {n_people:,} people ({int(known.sum()):,} with "
        f"attributes), {n_performance:,} performance records "
        f"in {time.perf_counter() - start:.0f} s",
        flush=True,
    )
    return positions


async def stored_positions(url: str) -> list[uuid.UUID]:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    rows = await conn.fetch("SELECT id FROM positions ORDER BY code")
    await conn.close()
    return [r["id"] for r in rows]


def summary(label: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label:<58} p50 {statistics.median(ordered):6.3f} s   p95 {p95:6.3f} s"
        f"   (n={len(ordered)})",
        flush=True,
    )


async def timed(client: httpx.AsyncClient, url: str, params: dict[str, Any], repeat: int,
                headers: dict[str, str]) -> list[float]:  # fmt: skip
    response = await client.get(url, params=params, headers=headers)  # warm-up
    assert response.status_code == 200, response.text
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = await client.get(url, params=params, headers=headers)
        seconds.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text
    return seconds


async def main(args: argparse.Namespace) -> None:
    print(f"host speed: a 20,000,000-step Python loop takes {host_speed():.2f} s", flush=True)
    if args.reuse:
        admin = create_async_engine(args.pg, isolation_level="AUTOCOMMIT")
        name, url = args.reuse, args.pg.rsplit("/", 1)[0] + "/" + args.reuse
    else:
        admin, name, url = await create_database(args.pg)
    try:
        os.environ["SCOREBRIDGE_DATABASE_URL"] = url  # before scorebridge reads its settings
        os.environ.pop("SCOREBRIDGE_REDIS_URL", None)
        os.environ["SCOREBRIDGE_FAIRNESS_WATCH_EVERY_SECONDS"] = "0"
        os.environ["SCOREBRIDGE_ANALYTICS_PREPARE_EVERY_SECONDS"] = "0"
        os.environ.setdefault("SCOREBRIDGE_LOG_LEVEL", "WARNING")
        from scorebridge import migrate
        from scorebridge.app import create_app
        from scorebridge.demo import create_user
        from scorebridge.settings import get_settings

        get_settings.cache_clear()
        await migrate.upgrade_async(url)
        if args.reuse:
            positions = await stored_positions(url)
        else:
            positions = await load(url, args.results, args.people, args.performance)
            await create_user("auditor@bench.example", "Auditor", PASSWORD, ["auditor"], [])
        app = create_app(get_settings())
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                token = await client.post(
                    "/api/v1/auth/token",
                    data={"grant_type": "password", "username": "auditor@bench.example",
                          "password": PASSWORD},
                )  # fmt: skip
                headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
                ai = "/api/v1/analytics/adverse-impact"
                for label, position, share in (("largest", positions[0], 0.40),
                                               ("typical", positions[1], 0.60 / 9)):  # fmt: skip
                    rows = int(args.results * share)
                    summary(
                        f"adverse impact, {label} position (~{rows:,} results), gender/median",
                        await timed(client, ai, {"position_id": str(position), "basis": "median"},
                                    args.repeat, headers),
                    )  # fmt: skip
                    summary(
                        f"adverse impact, {label} position, age band/threshold 70",
                        await timed(client, ai, {"position_id": str(position),
                                                 "attribute": "age_band", "basis": "threshold",
                                                 "threshold": 70}, args.repeat, headers),
                    )  # fmt: skip
                body = (await client.get(ai, params={"position_id": str(positions[0])},
                                         headers=headers)).json()  # fmt: skip
                print(
                    "  largest position by gender (median basis): "
                    + ", ".join(f"{g['key']} {g['impact_ratio']:.3f}" for g in body["groups"])
                    + f"; p = {body['fisher_p']:.2g}",
                    flush=True,
                )
                vq = "/api/v1/analytics/vendor-quality"
                summary(
                    "vendor quality (total, with outcome)",
                    await timed(client, vq, {"outcome": "sales"}, max(3, args.repeat // 4),
                                headers),
                )  # fmt: skip
                body = (await client.get(vq, params={"outcome": "sales"}, headers=headers)).json()
                for row in body["vendors"]:
                    validity = row["validity"]
                    print(
                        f"  {row['vendor']['code']}: n {row['n']:,}, shifted months "
                        f"{row['shifted_months'] or 'none'}, r {validity['r']:.3f} "
                        f"(n {validity['n']:,})",
                        flush=True,
                    )
    finally:
        if args.keep or args.reuse:
            print(f"database kept: {name}")
            await admin.dispose()
        else:
            await drop_database(admin, name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default="postgresql+asyncpg://root@127.0.0.1:5432/postgres")
    parser.add_argument("--results", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--performance", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", metavar="NAME", help="an already loaded database to run on")
    asyncio.run(main(parser.parse_args()))
