"""Assembling the talent profile from confirmed results and outcome records."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.organisation.models import Department, Person
from scorebridge.organisation.repository import contacts_visible
from scorebridge.organisation.schemas import PersonOut
from scorebridge.results import repository as results
from scorebridge.results.models import InterviewResult, ResultStatus
from scorebridge.results.schemas import OrgRef, ResultOut
from scorebridge.results.service import render_many
from scorebridge.talent.models import PerformanceRecord, TrainingRecord
from scorebridge.talent.schemas import (
    DimensionTrend,
    PerformanceOut,
    TalentProfile,
    TrainingOut,
    TrendPoint,
)


def _trends(rendered: list[ResultOut]) -> tuple[list[TrendPoint], list[DimensionTrend]]:
    total = [
        TrendPoint(result_id=r.id, interviewed_at=r.interviewed_at, value=r.normalized_total)
        for r in rendered
    ]
    by_code: dict[str, DimensionTrend] = {}
    for r in rendered:
        for d in r.dimensions:
            trend = by_code.setdefault(d.code, DimensionTrend(code=d.code, name=d.name, points=[]))
            trend.points.append(
                TrendPoint(result_id=r.id, interviewed_at=r.interviewed_at, value=d.normalized)
            )
    return total, list(by_code.values())


def outcomes_visible(caller: Caller, person: Person) -> bool:
    """Performance appraisals and training records: HR, admin and integration clients, and a
    department head for people in their departments — never an interviewer as such."""
    if caller.sees_everything:
        return True
    return (
        caller.is_dept_head
        and person.department_id is not None
        and person.department_id in caller.department_scope
    )


async def build_profile(session: AsyncSession, caller: Caller, person: Person) -> TalentProfile:
    """Confirmed results the caller may read, oldest first, and the person's outcomes."""
    statement = (
        results.readable_by(caller)
        .where(
            InterviewResult.person_id == person.id, InterviewResult.status == ResultStatus.confirmed
        )
        .order_by(InterviewResult.interviewed_at.asc().nulls_last(), InterviewResult.id)
    )
    rendered = await render_many(session, (await session.scalars(statement)).all())
    total, dimensions = _trends(rendered)
    visible = outcomes_visible(caller, person)
    performance = (
        (
            await session.scalars(
                select(PerformanceRecord)
                .where(PerformanceRecord.person_id == person.id)
                .order_by(PerformanceRecord.period, PerformanceRecord.metric)
            )
        ).all()
        if visible
        else []
    )
    training = (
        (
            await session.scalars(
                select(TrainingRecord)
                .where(TrainingRecord.person_id == person.id)
                .order_by(TrainingRecord.completed_on)
            )
        ).all()
        if visible
        else []
    )
    department = (
        await session.get(Department, person.department_id) if person.department_id else None
    )
    person_out = PersonOut.model_validate(person)
    return TalentProfile(
        person=person_out if contacts_visible(caller) else person_out.masked(),
        department=OrgRef(id=department.id, code=department.code, name=department.name)
        if department
        else None,
        results=rendered,
        total_trend=total,
        dimension_trends=dimensions,
        performance=[PerformanceOut.model_validate(p) for p in performance],
        training=[TrainingOut.model_validate(t) for t in training],
        outcomes_visible=visible,
    )
