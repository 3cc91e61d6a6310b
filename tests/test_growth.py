"""Bulk writers keep the planner's statistics: ANALYZE each time a writer doubles a table."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from conftest import BACKEND, App
from scorebridge.kit.db import Growth, insert_rows, utcnow
from scorebridge.organisation.models import Person

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="ANALYZE is PostgreSQL's")


async def test_a_table_is_analysed_each_time_the_writer_doubles_it(app: App) -> None:
    growth = Growth(floor=10)
    estimates = []
    async with app.db.unit_of_work() as session:
        for rows in (10, 5, 5, 19, 1):
            now = utcnow()
            await insert_rows(
                session,
                Person,
                ("id", "name", "created_at", "updated_at"),
                [(uuid.uuid4(), "导入", now, now) for _ in range(rows)],
            )
            await growth.wrote(session, Person, rows)
            estimate = await session.scalar(
                text("SELECT reltuples FROM pg_class WHERE relname = 'people'")
            )
            estimates.append(int(estimate))
    # 10 rows: analysed (from nothing); +5: not yet; +5 (10 more): analysed at 20;
    # +19: not yet (needs 20 more); +1: analysed at 40.
    assert estimates[0] == 10
    assert estimates[1] == 10
    assert estimates[2] == 20
    assert estimates[3] == 20
    assert estimates[4] == 40
