"""The demo's history goes through the import writer: confirmed results, employment dates and
performance that the analytics can use, and a second seed changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from conftest import App
from scorebridge.imports.demo import HISTORY_PEOPLE, seed_demo_history
from scorebridge.organisation.models import Person
from scorebridge.results.models import InterviewResult
from scorebridge.talent.models import PerformanceRecord


async def _counts(app: App) -> tuple[int, ...]:
    counts = []
    async with app.db.unit_of_work() as session:
        for model in (Person, InterviewResult, PerformanceRecord):
            counts.append(int(await session.scalar(select(func.count()).select_from(model)) or 0))
    return tuple(counts)


async def test_demo_history_feeds_the_analytics_and_is_idempotent(app: App) -> None:
    async with app.db.unit_of_work() as session:
        await seed_demo_history(session, app.db, app.settings)
    first = await _counts(app)
    assert first == (HISTORY_PEOPLE, HISTORY_PEOPLE, 4 * HISTORY_PEOPLE)
    async with app.db.unit_of_work() as session:
        await seed_demo_history(session, app.db, app.settings)
        left = await session.scalar(select(func.count()).where(Person.left_on.is_not(None)))
    assert await _counts(app) == first
    assert 0 < (left or 0) < HISTORY_PEOPLE

    hr = await app.user_headers("hr")
    metrics = (await app.client.get("/api/v1/analytics/metrics", headers=hr)).json()["metrics"]
    assert {m["metric"] for m in metrics} == {"合规绩效", "销售业绩"}
    correlation = await app.client.get(
        "/api/v1/analytics/correlation",
        params={"dimension": "risk-awareness", "outcome": "合规绩效"},
        headers=hr,
    )
    assert correlation.json()["n"] == HISTORY_PEOPLE
    assert correlation.json()["pearson_r"] > 0.5
    needs = (await app.client.get("/api/v1/analytics/training-needs", headers=hr)).json()
    east = next(d for d in needs["departments"] if d["code"] == "sales-east")
    assert east["dimensions"][0]["code"] == "risk-awareness"
    assert east["dimensions"][0]["gap"] < 0
