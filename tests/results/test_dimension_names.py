"""A dimension imported with only its code is shown with the name vendors give it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from conftest import App
from scorebridge.imports.writing import import_vendor
from scorebridge.organisation.models import Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension


async def _seed(app: App) -> uuid.UUID:
    """Two departments hiring for one position: a vendor's result names ``comm`` 沟通能力; the
    imported ones carry the codes only (``risk`` is named nowhere). Returns an imported result."""
    async with app.db.unit_of_work() as session:
        vendor_id = await import_vendor(session)
        sales = Department(id=uuid.uuid4(), code="sales", name="销售部")
        tech = Department(id=uuid.uuid4(), code="tech", name="技术部")
        session.add_all([sales, tech])
        await session.flush()
        rep = Position(id=uuid.uuid4(), code="rep", name="销售代表", department_id=sales.id)
        session.add(rep)
        await session.flush()
        imported: uuid.UUID | None = None
        for i, (dept, comm_name, risk_name) in enumerate(
            [(sales, "沟通能力", "risk"), (sales, "comm", "risk"), (tech, "comm", "risk")]
        ):
            person = Person(id=uuid.uuid4(), name=f"候选人{i}", employee_no=f"N{i}")
            session.add(person)
            await session.flush()
            result = InterviewResult(
                id=uuid.uuid4(),
                vendor_id=vendor_id,
                interview_id=f"n-{i}",
                person_id=person.id,
                department_id=dept.id,
                position_id=rep.id,
                interviewed_at=datetime(2026, 3, 1, 2, tzinfo=UTC),
                total_score=70 + i,
                max_score=100,
                normalized_total=70 + i,
                suggestions=[],
                flags=[],
                status="confirmed",
                published=True,
            )
            session.add(result)
            await session.flush()
            for position, (code, name, score) in enumerate(
                [("comm", comm_name, 60 + 10 * i), ("risk", risk_name, 80.0)]
            ):
                session.add(
                    ResultDimension(
                        result_id=result.id,
                        position=position,
                        code=code,
                        name=name,
                        score=score,
                        max_score=100,
                        normalized=score,
                    )
                )
            if comm_name == "comm":
                imported = result.id
    assert imported is not None
    return imported


async def test_results_analytics_and_standards_show_dimension_names(app: App) -> None:
    imported = await _seed(app)
    hr = await app.user_headers("hr")

    one = await app.client.get(f"/api/v1/results/{imported}", headers=hr)
    assert one.status_code == 200, one.text
    assert {d["code"]: d["name"] for d in one.json()["dimensions"]} == {
        "comm": "沟通能力",
        "risk": "risk",  # named by no one: the code is all there is
    }
    listed = await app.client.get("/api/v1/results?status=confirmed", headers=hr)
    assert {d["name"] for r in listed.json()["items"] for d in r["dimensions"]} == {
        "沟通能力",
        "risk",
    }

    means = await app.client.get(
        "/api/v1/analytics/dimension-means?group_by=department", headers=hr
    )
    assert means.status_code == 200, means.text
    for group in means.json()["groups"]:
        assert {d["code"]: d["name"] for d in group["dimensions"]}["comm"] == "沟通能力"

    needs = await app.client.get("/api/v1/analytics/training-needs", headers=hr)
    assert needs.status_code == 200, needs.text
    gaps = [g for d in needs.json()["departments"] for g in d["dimensions"]]
    assert gaps
    assert {g["name"] for g in gaps if g["code"] == "comm"} == {"沟通能力"}
