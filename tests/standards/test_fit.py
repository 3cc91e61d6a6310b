"""Position fit (适合岗位): the person's latest scores under every position's standard."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from conftest import App
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.standards.rules import Rules, evaluate
from standards.support import SALES_STANDARD, save_standard, seed

BACK_OFFICE = {
    "weights": {"logic": 3, "expertise": 2, "communication": 0.5},
    "pass_line": 60,
    "minimums": {},
    "note": "沟通能力得分低的员工更适合后台岗位",
}


async def test_fit_ranks_positions_and_names_the_weakest(app: App) -> None:
    seeded = await seed(app, people=6, with_outcome=False)
    await save_standard(app, seeded.position_id)
    await save_standard(app, seeded.other_position_id, BACK_OFFICE)
    person = seeded.results[1]  # a sales person (department sales)
    # a later result with a weak communication score: the latest score of each dimension counts
    async with app.db.unit_of_work() as session:
        original = await session.get(InterviewResult, person["id"])
        assert original is not None
        later = InterviewResult(
            id=uuid.uuid4(), vendor_id=original.vendor_id, interview_id="later",
            person_id=original.person_id, department_id=original.department_id,
            position_id=seeded.other_position_id,
            interviewed_at=person["at"] + timedelta(days=30), total_score=50, max_score=100,
            normalized_total=50, suggestions=[], flags=[], status="confirmed", published=True,
        )  # fmt: skip
        session.add(later)
        session.add(
            ResultDimension(
                result_id=later.id, position=0, code="communication", name="沟通能力",
                score=30, max_score=100, normalized=30,
            )
        )  # fmt: skip
    latest = {**person["scores"], "communication": 30.0}
    hr = await app.user_headers("hr")
    response = await app.client.get(f"/api/v1/people/{person['person']}/fit", headers=hr)
    assert response.status_code == 200, response.text
    items = response.json()
    assert [i["position"]["code"] for i in items] == sorted(
        ["sales-rep", "ops"],
        key=lambda c: (
            not evaluate(_rules(c), 50, latest.items()).passed,
            -evaluate(_rules(c), 50, latest.items()).weighted_total,
        ),
    )
    by_code = {i["position"]["code"]: i for i in items}
    sales = evaluate(_rules("sales-rep"), 50, latest.items())
    assert by_code["sales-rep"]["weighted_total"] == pytest.approx(sales.weighted_total)
    assert by_code["sales-rep"]["passed"] is False
    assert by_code["sales-rep"]["weakest"][0] == "communication"  # below its minimum 55
    assert by_code["sales-rep"]["weakest_names"][0] == "沟通能力"
    assert "minimum:communication" in by_code["sales-rep"]["failed_rules"]
    assert by_code["ops"]["weighted_total"] == pytest.approx(
        evaluate(_rules("ops"), 50, latest.items()).weighted_total
    )


def _rules(code: str) -> Rules:
    body = SALES_STANDARD if code == "sales-rep" else BACK_OFFICE
    return Rules(body["weights"], body["pass_line"], body["minimums"])


async def test_fit_scope(app: App) -> None:
    seeded = await seed(app, people=6, with_outcome=False)
    await save_standard(app, seeded.position_id)
    in_sales = seeded.results[1]["person"]
    in_back = seeded.results[0]["person"]  # i % 3 == 0: the back office department
    head = await app.user_headers("dept_head", departments=[seeded.departments["sales"]])
    ok = await app.client.get(f"/api/v1/people/{in_sales}/fit", headers=head)
    assert ok.status_code == 200
    assert ok.json()[0]["position"]["code"] == "sales-rep"
    hidden = await app.client.get(f"/api/v1/people/{in_back}/fit", headers=head)
    assert hidden.status_code == 404
    for role in ("interviewer", "employee"):
        headers = await app.user_headers(role)
        assert (
            await app.client.get(f"/api/v1/people/{in_sales}/fit", headers=headers)
        ).status_code == 403
    assert (await app.client.get(f"/api/v1/people/{in_sales}/fit")).status_code == 401
    hr = await app.user_headers("hr")
    unknown = await app.client.get(f"/api/v1/people/{uuid.uuid4()}/fit", headers=hr)
    assert unknown.status_code == 404
