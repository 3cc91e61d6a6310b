"""Seeding many results straight into the tables (as an import would) for the standards tests."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from conftest import App
from scorebridge.imports.writing import import_vendor
from scorebridge.organisation.models import Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.standards.service import evaluate_results
from scorebridge.talent.models import PerformanceRecord

CODES = ["communication", "logic", "expertise"]
NAMES = {"communication": "沟通能力", "logic": "逻辑思维", "expertise": "专业知识"}
START = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)


@dataclass
class Seeded:
    position_id: uuid.UUID
    other_position_id: uuid.UUID
    departments: dict[str, uuid.UUID] = field(default_factory=dict)
    # per result: id, person, department code, interviewed_at, total, {code: normalized}, status
    results: list[dict[str, Any]] = field(default_factory=list)
    outcome: dict[uuid.UUID, float] = field(default_factory=dict)  # person → mean outcome


async def seed(
    app: App,
    *,
    people: int = 60,
    seed: int = 7,
    with_outcome: bool = True,
    missing_every: int = 0,
    unhired_every: int = 0,
) -> Seeded:
    """``people`` people, each with one result of the sales position (two departments); the
    outcome ``销售业绩`` rises with communication. Every ``missing_every``-th result lacks
    logic; every ``unhired_every``-th person has no outcome (was not hired)."""
    rng = random.Random(seed)
    async with app.db.unit_of_work() as session:
        vendor_id = await import_vendor(session)
        departments = {
            code: Department(id=uuid.uuid4(), code=code, name=name)
            for code, name in (("sales", "销售部"), ("back", "运营部"))
        }
        session.add_all(departments.values())
        position = Position(id=uuid.uuid4(), code="sales-rep", name="销售代表")
        other = Position(id=uuid.uuid4(), code="ops", name="运营专员")
        session.add_all([position, other])
        await session.flush()
        seeded = Seeded(position.id, other.id, {c: d.id for c, d in departments.items()})
        for i in range(people):
            dept = "sales" if i % 3 else "back"
            person = Person(
                id=uuid.uuid4(), name=f"候选人{i:03d}", employee_no=f"S{i:04d}",
                department_id=departments[dept].id,
            )  # fmt: skip
            session.add(person)
            scores = {c: round(rng.uniform(40, 100), 2) for c in CODES}
            if missing_every and i % missing_every == 0:
                del scores["logic"]
            at = START + timedelta(days=i)
            total = round(sum(scores.values()) / len(scores), 2)
            status = "confirmed" if i % 5 else "pending_review"
            result_id = uuid.uuid4()
            session.add(
                InterviewResult(
                    id=result_id, vendor_id=vendor_id, interview_id=f"s-{i}",
                    person_id=person.id, department_id=departments[dept].id,
                    position_id=position.id, interviewed_at=at, total_score=total,
                    max_score=100, normalized_total=total, suggestions=[], flags=[],
                    status=status, published=status == "confirmed",
                )
            )  # fmt: skip
            for k, (code, value) in enumerate(scores.items()):
                session.add(
                    ResultDimension(
                        result_id=result_id, position=k, code=code, name=NAMES[code],
                        score=value, max_score=100, normalized=value,
                    )
                )  # fmt: skip
            seeded.results.append(
                {"id": result_id, "person": person.id, "department": dept, "at": at,
                 "total": total, "scores": scores, "status": status}
            )  # fmt: skip
            if with_outcome and not (unhired_every and i % unhired_every == 0):
                y = 20 + 0.6 * scores["communication"] + rng.gauss(0, 6)
                for period, shift in (("2026-H1", -1.0), ("2026-H2", 1.0)):
                    session.add(
                        PerformanceRecord(
                            person_id=person.id, period=period, metric="销售业绩", value=y + shift
                        )
                    )
                seeded.outcome[person.id] = y
        await session.flush()
        # as storing a result does: verdicts (none yet) and, on PostgreSQL, scorecards
        await evaluate_results(session, [r["id"] for r in seeded.results])
    return seeded


SALES_STANDARD: dict[str, Any] = {
    "weights": {"communication": 3, "logic": 1, "expertise": 1},
    "pass_line": 70,
    "minimums": {"communication": 55},
    "note": "提高销售岗位的沟通能力权重",
}


async def save_standard(
    app: App, position_id: uuid.UUID, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    hr = await app.user_headers("hr")
    response = await app.client.put(
        f"/api/v1/positions/{position_id}/standard", json=body or SALES_STANDARD, headers=hr
    )
    assert response.status_code == 200, response.text
    saved: dict[str, Any] = response.json()
    return saved
