"""Retention benchmark (PostgreSQL): prints figures, asserts nothing.

Loads N expired deliveries (default 1,000,000, raw bodies of about 1.2 KB, 200 days old) and
100,000 fresh ones into a throw-away database, then runs the real retention run
(``privacy.retention.run``: batches of 5,000 rows per transaction, ``FOR UPDATE SKIP LOCKED``)
while a writer keeps updating fresh deliveries, as intake would. Measured: the run's time, rows
per second, the slowest batch (how long any lock is held), the writer's worst latency during
the run, and this process's peak RSS.

    .venv/bin/python bench/retention.py [--pg postgresql+asyncpg://root@127.0.0.1:5432/postgres]
        [--rows 1000000] [--batch 5000] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
import uuid
from typing import Any

from sqlalchemy import text
from support import create_database, drop_database

from scorebridge import migrate
from scorebridge.kit.db import Database, open_database
from scorebridge.kit.jobs import InProcessQueue
from scorebridge.privacy import retention

BODY = (
    '{"type":"interview.result.completed","data":{"interview_id":"v-%s","candidate":'
    '{"name":"张三","email":"zhang@mail.example","employee_no":"E%s"},"dimensions":['
    + ",".join(
        [
            f'{{"code":"d{i}","name":"沟通能力","score":85,"comment":"表达清晰,逻辑严谨"}}'
            for i in range(8)
        ]
    )
    + '],"comment":"候选人对行业趋势的理解深刻,适合销售岗位"}}'
)

INSERT = (
    "INSERT INTO deliveries (id, vendor_id, webhook_id, source, received_at, body, status, "
    "attempts)"
)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def load(db: Database, rows: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    vendor = uuid.uuid4()
    async with db.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO vendors (id, slug, name, signing_scheme, secret, auto_confirm, "
                "is_active, created_at, updated_at) VALUES (:id, 'bench', 'Bench', "
                "'standard-webhooks', 'x', false, true, now(), now())"
            ),
            {"id": vendor},
        )
    # text() reads ":name" as a parameter: the JSON's colons are escaped.
    template = BODY.replace(":", "\\:").replace("%s", "' || g || '")
    step = 200_000
    for start in range(0, rows, step):
        async with db.engine.begin() as conn:
            await conn.execute(
                text(
                    f"{INSERT} SELECT gen_random_uuid(), :vendor, 'old-' || g, 'webhook', "
                    "now() - interval '200 days' - g * interval '1 second', "
                    f"convert_to('{template}', 'UTF8'), 'processed', 1 "
                    "FROM generate_series(CAST(:lo AS integer), CAST(:hi AS integer)) g"
                ),
                {"vendor": vendor, "lo": start + 1, "hi": min(start + step, rows)},
            )
        print(f"  loaded {min(start + step, rows):,} expired deliveries", flush=True)
    async with db.engine.begin() as conn:
        fresh = (
            (
                await conn.execute(
                    text(
                        f"{INSERT} SELECT gen_random_uuid(), :vendor, 'new-' || g, 'webhook', "
                        "now() - g * interval '1 second', "
                        f"convert_to('{template}', 'UTF8'), "
                        "'processed', 1 FROM generate_series(1, 100000) g RETURNING id"
                    ),
                    {"vendor": vendor},
                )
            )
            .scalars()
            .all()
        )
    async with db.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM (ANALYZE) deliveries"))
        await conn.execute(text("CHECKPOINT"))
    return vendor, list(fresh)[:1000]


async def writer(db: Database, ids: list[uuid.UUID], stop: asyncio.Event) -> list[float]:
    """Touch fresh deliveries every 20 ms, as intake does; returns each write's latency."""
    latencies: list[float] = []
    i = 0
    while not stop.is_set():
        started = time.perf_counter()
        async with db.engine.begin() as conn:
            await conn.execute(
                text("UPDATE deliveries SET attempts = attempts + 1 WHERE id = :id"),
                {"id": ids[i % len(ids)]},
            )
        latencies.append(time.perf_counter() - started)
        i += 1
        await asyncio.sleep(0.02)
    return latencies


async def main(args: argparse.Namespace) -> None:
    admin, name, url = await create_database(args.pg)
    print(f"database {name}", flush=True)
    db = open_database(url, InProcessQueue())
    try:
        await migrate.upgrade_async(url)
        started = time.perf_counter()
        _, fresh = await load(db, args.rows)
        print(f"load: {time.perf_counter() - started:.1f} s", flush=True)
        async with db.sessionmaker() as session:
            print("preview:", (await retention.preview(session)).counts.model_dump())

        batches: list[float] = []
        original = retention._drop_bodies

        async def timed(*a: Any, **kw: Any) -> int:
            t0 = time.perf_counter()
            done = await original(*a, **kw)
            batches.append(time.perf_counter() - t0)
            return done

        retention._drop_bodies = timed  # type: ignore[assignment]
        rss_before = rss_mb()
        stop = asyncio.Event()
        writes = asyncio.create_task(writer(db, fresh, stop))
        started = time.perf_counter()
        record = await retention.run(db, trigger="cli", batch_size=args.batch)
        elapsed = time.perf_counter() - started
        stop.set()
        latencies = sorted(await writes)
        retention._drop_bodies = original  # type: ignore[assignment]

        purged = record.counts["raw_bodies"]
        async with db.engine.connect() as conn:
            kept = await conn.scalar(text("SELECT count(*) FROM deliveries WHERE length(body) > 0"))
        p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0.0
        print(f"purged raw bodies: {purged:,} (fresh bodies kept: {kept:,})")
        print(
            f"retention run: {elapsed:.1f} s, {purged / elapsed:,.0f} rows/s, "
            f"batch size {args.batch}"
        )
        print(
            f"batches: {len(batches)}, median {sorted(batches)[len(batches) // 2] * 1000:.0f} ms, "
            f"slowest {max(batches) * 1000:.0f} ms"
        )
        print(
            f"concurrent writes during the run: {len(latencies)}, p99 {p99 * 1000:.1f} ms, "
            f"worst {latencies[-1] * 1000:.1f} ms"
        )
        print(f"peak RSS: {rss_mb():.0f} MB (before the run {rss_before:.0f} MB)")
    finally:
        await db.dispose()
        if args.keep:
            print(f"kept database {name}")
            await admin.dispose()
        else:
            await drop_database(admin, name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default="postgresql+asyncpg://root@127.0.0.1:5432/postgres")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--keep", action="store_true")
    asyncio.run(main(parser.parse_args()))
