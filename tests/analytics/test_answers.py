"""Saved answers: served again only while the data is unchanged, per scope, and prepared ahead."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update

from analytics.test_analytics import seed
from conftest import App
from imports.support import csv_bytes, import_and_wait
from scorebridge.analytics import answers
from scorebridge.analytics.models import SavedAnswer
from scorebridge.analytics.tasks import forget_saved_answers, prepare_dashboard
from scorebridge.imports.models import ImportJob, ImportStatus
from scorebridge.kit.db import utcnow
from scorebridge.kit.jobs import JobContext
from scorebridge.organisation.models import Person
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.talent.models import PerformanceRecord

DISTRIBUTION = "/api/v1/analytics/distribution?dimension=risk&group_by=department"


async def version(app: App, series: str = answers.ALL) -> int:
    async with app.db.unit_of_work() as session:
        return await answers.data_version(session, series)


async def rescore_risk_in_tech(app: App, seeded: Any, normalized: float) -> None:
    """Change the risk score of one confirmed result in tech."""
    async with app.db.unit_of_work() as session:
        result_id = await session.scalar(
            select(InterviewResult.id).where(
                InterviewResult.department_id == seeded.departments["tech"],
                InterviewResult.status == "confirmed",
            )
        )
        await session.execute(
            update(ResultDimension)
            .where(ResultDimension.result_id == result_id, ResultDimension.code == "risk")
            .values(normalized=normalized)
        )


async def test_an_answer_is_saved_and_served_until_the_data_changes(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    first = await app.client.get(DISTRIBUTION, headers=hr)
    assert first.status_code == 200, first.text
    assert first.headers["cache-status"] == "ScoreBridge; fwd=miss; stored"
    again = await app.client.get(DISTRIBUTION, headers=await app.user_headers("hr"))
    assert again.headers["cache-status"] == "ScoreBridge; hit"
    assert again.json() == first.json()

    fresh = await app.client.get(DISTRIBUTION, headers={**hr, "Cache-Control": "no-cache"})
    assert fresh.headers["cache-status"] == "ScoreBridge; fwd=request; stored"
    assert fresh.json() == first.json()

    # A new score in tech changes the answer: the saved one is not served.
    await rescore_risk_in_tech(app, seeded, 99.5)
    changed = await app.client.get(DISTRIBUTION, headers=hr)
    assert changed.headers["cache-status"] == "ScoreBridge; fwd=miss; stored"
    tech = {g["code"]: g for g in changed.json()["groups"]}["tech"]
    before = {g["code"]: g for g in first.json()["groups"]}["tech"]
    assert tech["mean"] != before["mean"]
    assert tech["n"] == before["n"]


async def test_a_slow_answer_is_served_stale_for_a_while_after_the_data_changes(
    app: App,
) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    first = await app.client.get(DISTRIBUTION, headers=hr)
    async with app.db.unit_of_work() as session:  # as if it had taken five seconds
        await session.execute(update(SavedAnswer).values(compute_ms=5000))
    await rescore_risk_in_tech(app, seeded, 99.5)
    stale = await app.client.get(DISTRIBUTION, headers=hr)
    assert stale.headers["cache-status"] == "ScoreBridge; hit; detail=stale"
    assert 0 <= int(stale.headers["age"]) <= 5
    assert stale.json() == first.json()

    # A client that accepts no staleness gets the new values (and they are saved).
    strict = await app.client.get(DISTRIBUTION, headers={**hr, "Cache-Control": "max-stale=0"})
    assert strict.headers["cache-status"] == "ScoreBridge; fwd=miss; stored"
    assert strict.json() != first.json()
    again = await app.client.get(DISTRIBUTION, headers=hr)
    assert again.headers["cache-status"] == "ScoreBridge; hit"
    assert "age" not in again.headers

    # Past SCOREBRIDGE_ANALYTICS_MAX_STALE_SECONDS the answer is computed again.
    async with app.db.unit_of_work() as session:
        await session.execute(
            update(SavedAnswer).values(compute_ms=5000, computed_at=utcnow() - timedelta(hours=1))
        )
    await rescore_risk_in_tech(app, seeded, 1.5)
    old = await app.client.get(DISTRIBUTION, headers=hr)
    assert old.headers["cache-status"] == "ScoreBridge; fwd=miss; stored"


async def test_a_department_head_never_gets_an_answer_saved_for_hr(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    head = await app.user_headers("dept_head", departments=[seeded.departments["tech"]])
    assert (
        (await app.client.get(DISTRIBUTION, headers=hr)).headers["cache-status"].endswith("stored")
    )
    mine = await app.client.get(DISTRIBUTION, headers=head)
    assert mine.headers["cache-status"] == "ScoreBridge; fwd=miss; stored"
    assert [g["code"] for g in mine.json()["groups"]] == ["tech"]
    again = await app.client.get(DISTRIBUTION, headers=head)
    assert again.headers["cache-status"] == "ScoreBridge; hit"
    assert [g["code"] for g in again.json()["groups"]] == ["tech"]


async def test_every_change_analytics_reads_moves_the_version(app: App) -> None:
    seeded = await seed(app)
    async with app.db.unit_of_work() as session:
        person_id = await session.scalar(select(Person.id).limit(1))
        result_id = await session.scalar(
            select(InterviewResult.id).where(InterviewResult.status == "confirmed").limit(1)
        )
    assert person_id
    assert result_id
    changes = [
        update(Person).where(Person.id == person_id).values(left_on=date(2026, 6, 30)),
        update(ResultDimension)
        .where(ResultDimension.result_id == result_id)
        .values(normalized=ResultDimension.normalized / 2),
        update(InterviewResult)
        .where(InterviewResult.id == result_id)
        .values(position_id=seeded.positions["dev"]),
        update(InterviewResult).where(InterviewResult.id == result_id).values(status="returned"),
    ]
    for change in changes:
        before = await version(app, answers.CONFIRMED), await version(app)
        async with app.db.unit_of_work() as session:
            await session.execute(change)
        after = await version(app, answers.CONFIRMED), await version(app)
        assert after[0] > before[0]
        assert after[1] > before[1]
    before = await version(app)
    async with app.db.unit_of_work() as session:
        session.add(
            PerformanceRecord(person_id=person_id, period="2026-H1", metric="sales", value=1.0)
        )
    assert await version(app) > before

    # What analytics does not read leaves the saved answers in place.
    before = await version(app)
    async with app.db.unit_of_work() as session:
        await session.execute(
            update(InterviewResult)
            .where(InterviewResult.id == result_id)
            .values(published=True, comment="seen")
        )
        await session.execute(update(Person).where(Person.id == person_id).values(phone="123"))
    assert await version(app) == before


async def test_results_arriving_for_review_keep_the_answers_about_confirmed_ones(
    app: App,
) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    confirmed = await app.client.get(DISTRIBUTION, headers=hr)
    pending = await app.client.get(DISTRIBUTION + "&status=pending_review", headers=hr)
    assert pending.status_code == 200, pending.text
    async with app.db.unit_of_work() as session:  # a vendor sends a new result for review
        vendor_id, person_id = (
            await session.execute(select(InterviewResult.vendor_id, InterviewResult.person_id))
        ).first()  # type: ignore[misc]
        new = InterviewResult(
            vendor_id=vendor_id,
            interview_id="fresh-1",
            person_id=person_id,
            department_id=seeded.departments["tech"],
            total_score=50,
            max_score=100,
            normalized_total=50,
        )
        session.add(new)
        await session.flush()
        session.add(
            ResultDimension(
                result_id=new.id,
                position=0,
                code="risk",
                name="风险意识",
                score=5,
                max_score=100,
                normalized=5,
            )
        )
    again = await app.client.get(DISTRIBUTION, headers=hr)
    assert again.headers["cache-status"] == "ScoreBridge; hit"
    assert again.json() == confirmed.json()
    changed = await app.client.get(DISTRIBUTION + "&status=pending_review", headers=hr)
    assert changed.headers["cache-status"] == "ScoreBridge; fwd=miss; stored"
    tech = {g["code"]: g for g in changed.json()["groups"]}["tech"]
    before = {g["code"]: g for g in pending.json()["groups"]}["tech"]
    assert tech["n"] == before["n"] + 1


DASHBOARD = (
    "/api/v1/analytics/dimension-means",
    "/api/v1/analytics/distribution?bins=10",
    "/api/v1/analytics/trends",
    "/api/v1/analytics/retention?threshold=70",
    "/api/v1/analytics/training-needs",
    "/api/v1/analytics/correlation?outcome=compliance",
    "/api/v1/analytics/threshold?threshold=70&outcome=compliance",
)


async def test_the_default_dashboard_is_prepared_ahead(app: App) -> None:
    seeded = await seed(app)
    head = await app.user_headers("dept_head", departments=[seeded.departments["tech"]])
    await app.user_headers("dept_head", departments=[seeded.departments["tech"]])  # same scope
    ctx = JobContext(db=app.db, settings=app.settings)
    computed = await prepare_dashboard(ctx)
    # Five cards, and correlation + threshold for the one metric: for the organisation and
    # for the one department-head scope.
    assert computed == 14
    assert await prepare_dashboard(ctx) == 0  # nothing changed: nothing to compute

    hr = await app.user_headers("hr")
    for headers in (hr, head):
        for path in DASHBOARD:
            response = await app.client.get(path, headers=headers)
            assert response.status_code == 200, response.text
            assert response.headers["cache-status"] == "ScoreBridge; hit", path
    mine = await app.client.get("/api/v1/analytics/distribution?bins=10", headers=head)
    assert {g["label"] for g in mine.json()["groups"]} == {"开发"}

    # After a change the outdated answers are dropped and the dashboard computed again.
    async with app.db.unit_of_work() as session:
        session.add(Person(id=uuid.uuid4(), name="新人"))
    assert await prepare_dashboard(ctx) == 14
    async with app.db.unit_of_work() as session:
        current = await answers.data_version(session, answers.CONFIRMED)
        versions = set((await session.scalars(select(SavedAnswer.data_version))).all())
    assert versions == {current}


async def test_a_completed_import_prepares_the_dashboard_at_once(app: App) -> None:
    await seed(app)
    hr = await app.user_headers("hr")
    ctx = JobContext(db=app.db, settings=app.settings)
    await prepare_dashboard(ctx)
    rows = [
        ["工号", "姓名", "部门", "岗位", "总分", "维度:risk"],
        *([f"IMP{i:03d}", f"导入{i}", "tech", "dev", 60 + i, 55 + i] for i in range(12)),
    ]
    body = await import_and_wait(app, hr, csv_bytes(rows), "results")
    assert body["status"] == "succeeded", body
    # No periodic tick ran: the import's own event prepared the answers of the new data.
    for path in DASHBOARD:
        response = await app.client.get(path, headers=hr)
        assert response.headers["cache-status"] == "ScoreBridge; hit", path
    groups = (await app.client.get("/api/v1/analytics/distribution", headers=hr)).json()["groups"]
    assert sum(g["n"] for g in groups) >= 12


async def test_preparing_waits_while_an_import_is_writing(app: App) -> None:
    await seed(app)
    ctx = JobContext(db=app.db, settings=app.settings)
    running = ImportJob(
        id=uuid.uuid4(), kind="results", status=ImportStatus.running, dry_run=False,
        file_format="csv", size_bytes=1, mapping={}, total_rows=10, valid_rows=0,
        processed_rows=0, resume_after_row=1, error_count=0, errors=[], counts={},
        created_by_name="hr", created_at=utcnow(), heartbeat_at=utcnow(),
    )  # fmt: skip
    async with app.db.unit_of_work() as session:
        session.add(running)
    assert await prepare_dashboard(ctx) == 0
    async with app.db.unit_of_work() as session:
        assert (await session.scalars(select(SavedAnswer.key))).all() == []
        # An import whose worker stopped writing long ago holds nothing back.
        job = await session.get(ImportJob, running.id)
        assert job is not None
        job.heartbeat_at = utcnow() - timedelta(minutes=5)
    assert await prepare_dashboard(ctx) == 7


async def test_a_new_start_forgets_the_saved_answers(app: App) -> None:
    await seed(app)
    hr = await app.user_headers("hr")
    assert (
        (await app.client.get(DISTRIBUTION, headers=hr)).headers["cache-status"].endswith("stored")
    )
    await forget_saved_answers(JobContext(db=app.db, settings=app.settings))
    again = await app.client.get(DISTRIBUTION, headers=hr)
    assert again.headers["cache-status"] == "ScoreBridge; fwd=miss; stored"
