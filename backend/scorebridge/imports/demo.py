"""``seed-demo``: two years of interview history, employment dates and performance, written by
the real import code, so that the analytics dashboard has something to say.

The history is made up but not random noise: the ``合规绩效`` (compliance) outcome rises with
the risk-awareness score and ``销售业绩`` with communication, and people with low totals leave
more often. Idempotent: every row is keyed by natural keys, so a second run changes nothing.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.demo import DEMO_EXTENSIONS
from scorebridge.imports import reading, service
from scorebridge.imports.writing import Writer
from scorebridge.intake.simulator import DIMENSIONS, ORGANISATION
from scorebridge.kit.db import Database
from scorebridge.settings import Settings

HISTORY_PEOPLE = 120
FIRST_DAY = date(2024, 3, 1)


def _history(rng: random.Random) -> dict[str, list[list[Any]]]:
    """The rows of each import kind, header first, always the same."""
    codes = [code for code, _ in DIMENSIONS]
    people: list[list[Any]] = [["工号", "姓名", "部门", "入职日期", "离职日期"]]
    results: list[list[Any]] = [
        ["工号", "姓名", "部门", "岗位", "批次", "面试时间", "总分", *(f"维度:{c}" for c in codes)]
    ]
    performance: list[list[Any]] = [["工号", "周期", "指标", "数值"]]
    for i in range(HISTORY_PEOPLE):
        number = f"H{2000 + i}"
        (department, _), (position, _), (batch, _) = ORGANISATION[i % len(ORGANISATION)]
        shift = dict.fromkeys(codes, 0.0)
        if department.startswith("sales") and (i // len(ORGANISATION)) % 2:
            department = "sales-east" if department == "sales" else "sales"
        if department == "sales-east":  # hires for both sales positions; lower on risk
            shift = {**shift, "risk-awareness": -8.0, "communication": 4.0}
        interviewed = FIRST_DAY + timedelta(days=rng.randrange(0, 540))
        scores = {c: min(100.0, max(0.0, round(rng.gauss(72 + shift[c], 12), 1))) for c in codes}
        total = round(sum(scores.values()) / len(scores), 1)
        hired = interviewed + timedelta(days=rng.randrange(14, 45))
        stays = rng.random() < 0.55 + (total - 60) / 80
        left = "" if stays else (hired + timedelta(days=rng.randrange(60, 420))).isoformat()
        name = f"历史候选人{i + 1:03d}"
        people.append([number, name, department, hired.isoformat(), left])
        results.append(
            [number, name, department, position, batch, f"{interviewed.isoformat()} 10:00", total,
             *(scores[c] for c in codes)]
        )  # fmt: skip
        for period in ("2025-H1", "2025-H2"):
            compliance = 40 + 0.5 * scores["risk-awareness"] + rng.gauss(0, 5)
            sales = 30 + 0.6 * scores["communication"] + rng.gauss(0, 8)
            performance.append([number, period, "合规绩效", round(compliance, 1)])
            performance.append([number, period, "销售业绩", round(sales, 1)])
    return {"people": people, "results": results, "performance": performance}


async def _write(session: AsyncSession, kind: str, table: list[list[Any]], zone: ZoneInfo) -> int:
    """Parse and write ``table`` as an import of ``kind`` would (in ``session``)."""
    text = io.StringIO()
    csv.writer(text).writerows(table)
    sheet = reading.open_sheet(text.getvalue().encode())
    header = service.header_of(sheet, kind, {})
    writer = Writer(kind, None)
    async for batch in service.parse_batches(sheet, kind, header, zone, 1):
        assert not batch.issues, batch.issues
        await writer.apply(session, await writer.prepare(session, batch.records))
    return sum(v for k, v in writer.counts.items() if k.endswith("_created"))


async def seed_demo_history(session: AsyncSession, database: Database, settings: Settings) -> None:
    zone = ZoneInfo(settings.default_timezone)
    created = 0
    for kind, table in _history(random.Random(2024)).items():  # noqa: S311 - made-up data
        created += await _write(session, kind, table, zone)
    print(
        f"Demo history: {HISTORY_PEOPLE} people with results and performance ({created} rows new)"
    )


DEMO_EXTENSIONS.append(seed_demo_history)
