"""Training that works: courses ranked by how their completers' later scores changed."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from scipy import stats

from conftest import App
from scorebridge.imports.writing import import_vendor
from scorebridge.organisation.models import Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.talent.models import TrainingRecord

TOL = 1e-6
COURSES = {"沟通技巧": 8.0, "Excel 进阶": 0.5, "时间管理": 2.0}


async def _seed(app: App) -> dict[tuple[str, str], list[float]]:
    """30 people, each interviewed before and after one course; communication rises most
    after 沟通技巧. Returns the expected changes per (dimension, course)."""
    rng = random.Random(5)
    expected: dict[tuple[str, str], list[float]] = {}
    async with app.db.unit_of_work() as session:
        vendor_id = await import_vendor(session)
        dept = Department(id=uuid.uuid4(), code="sales", name="销售部")
        position = Position(id=uuid.uuid4(), code="sales-rep", name="销售代表")
        session.add_all([dept, position])
        await session.flush()
        for i in range(30):
            course = list(COURSES)[i % 3]
            person = Person(id=uuid.uuid4(), name=f"学员{i}", employee_no=f"T{i:03d}")
            session.add(person)
            completed = date(2026, 3, 1) + timedelta(days=i)
            session.add(TrainingRecord(person_id=person.id, course=course, completed_on=completed))
            before = {"communication": rng.uniform(50, 70), "logic": rng.uniform(50, 70)}
            after = {
                "communication": before["communication"] + COURSES[course] + rng.gauss(0, 3),
                "logic": before["logic"] + rng.gauss(0, 3),
            }
            for when, scores in (
                (completed - timedelta(days=40), {k: v - 5 for k, v in before.items()}),
                (completed - timedelta(days=10), before),
                (completed + timedelta(days=20), after),
                (completed + timedelta(days=60), {k: v + 9 for k, v in after.items()}),
            ):
                result = InterviewResult(
                    id=uuid.uuid4(), vendor_id=vendor_id, interview_id=f"c-{uuid.uuid4().hex}",
                    person_id=person.id, department_id=dept.id, position_id=position.id,
                    interviewed_at=datetime.combine(when, datetime.min.time(), UTC)
                    + timedelta(hours=2),
                    total_score=60, max_score=100, normalized_total=60, suggestions=[], flags=[],
                    status="confirmed", published=True,
                )  # fmt: skip
                session.add(result)
                for k, (code, value) in enumerate(scores.items()):
                    session.add(
                        ResultDimension(
                            result_id=result.id, position=k, code=code, name=code,
                            score=value, max_score=100, normalized=value,
                        )
                    )  # fmt: skip
            for code in ("communication", "logic"):
                change = after[code] - before[code]
                expected.setdefault((code, course), []).append(change)
    return expected


async def test_course_effects_match_the_reference(app: App) -> None:
    expected = await _seed(app)
    hr = await app.user_headers("hr")
    response = await app.client.get("/api/v1/analytics/course-effects", headers=hr)
    assert response.status_code == 200, response.text
    dims = {d["code"]: d for d in response.json()["dimensions"]}
    assert set(dims) == {"communication", "logic"}
    communication = dims["communication"]["courses"]
    assert communication[0]["course"] == "沟通技巧"  # improved communication most
    for code, dim in dims.items():
        for course in dim["courses"]:
            changes = np.array(expected[(code, course["course"])])
            assert course["n"] == len(changes) == 10
            assert course["mean_change"] == pytest.approx(changes.mean(), abs=TOL)
            lo, hi = stats.t.interval(
                0.95, len(changes) - 1, loc=changes.mean(), scale=stats.sem(changes)
            )
            assert course["ci95"] == pytest.approx([lo, hi], abs=TOL)
            assert course["enough_data"] is True
    only = await app.client.get(
        "/api/v1/analytics/course-effects", params={"dimension": "logic"}, headers=hr
    )
    assert [d["code"] for d in only.json()["dimensions"]] == ["logic"]


async def test_course_effects_scope(app: App) -> None:
    await _seed(app)
    other = await app.user_headers("dept_head", departments=[])
    assert (await app.client.get("/api/v1/analytics/course-effects", headers=other)).json() == {
        "dimensions": []
    }
    employee = await app.user_headers("employee")
    denied = await app.client.get("/api/v1/analytics/course-effects", headers=employee)
    assert denied.status_code == 403
