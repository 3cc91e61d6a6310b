"""Position fit (适合岗位): a person's latest dimension scores under every position's standard.

For each dimension the person's latest score in the caller's scope counts (by interview time,
else receipt); the total a standard falls back on (when none of its dimensions is there) is
the latest result's normalised total. Positions are ranked passing first, then by weighted
total; each names the dimensions that hold the person back most.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.organisation.models import Person, Position
from scorebridge.results import repository as results
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.results.schemas import OrgRef
from scorebridge.standards import repository
from scorebridge.standards.rules import evaluate, weakest
from scorebridge.standards.schemas import PositionFit


def people_in_scope(caller: Caller) -> ColumnElement[bool]:
    """HR and admin: everyone; a department head: people of their departments (and below) or
    with a result there. Nobody else (the endpoint refuses them first)."""
    if caller.sees_everything:
        return Person.id.is_not(None)
    if not (caller.is_dept_head and caller.department_scope):
        return false()
    return or_(
        Person.department_id.in_(caller.department_scope),
        Person.id.in_(
            select(InterviewResult.person_id).where(
                InterviewResult.department_id.in_(caller.department_scope)
            )
        ),
    )


async def latest_scores(
    session: AsyncSession, caller: Caller, person_id: uuid.UUID
) -> tuple[dict[str, float], dict[str, str], float | None]:
    """``code → latest normalised score``, ``code → name`` and the latest normalised total."""
    readable = results.readable_by(caller).where(InterviewResult.person_id == person_id)
    mine = readable.with_only_columns(InterviewResult.id).subquery()
    when = func.coalesce(InterviewResult.interviewed_at, InterviewResult.received_at)
    rows = await session.execute(
        select(ResultDimension.code, ResultDimension.name, ResultDimension.normalized)
        .join(InterviewResult, InterviewResult.id == ResultDimension.result_id)
        .where(ResultDimension.result_id.in_(select(mine.c.id)))
        .order_by(when.desc(), InterviewResult.id.desc(), ResultDimension.position)
    )
    scores: dict[str, float] = {}
    names: dict[str, str] = {}
    for code, name, normalized in rows:
        if code not in scores:
            scores[code] = float(normalized)
            names[code] = name or code
    total = await session.scalar(
        readable.with_only_columns(InterviewResult.normalized_total)
        .order_by(when.desc(), InterviewResult.id.desc())
        .limit(1)
    )
    return scores, names, float(total) if total is not None else None


async def fit(session: AsyncSession, caller: Caller, person_id: uuid.UUID) -> list[PositionFit]:
    scores, names, total = await latest_scores(session, caller, person_id)
    if total is None:
        return []
    standards = await repository.current_of_many(session)
    if not standards:
        return []
    positions = {
        p.id: p
        for p in (
            await session.scalars(select(Position).where(Position.id.in_(list(standards))))
        ).all()
    }
    out = []
    for position_id, standard in standards.items():
        position = positions.get(position_id)
        if position is None:
            continue
        rules = repository.rules_of(standard)
        verdict = evaluate(rules, total, scores.items())
        codes = weakest(rules, scores)
        out.append(
            PositionFit(
                position=OrgRef(id=position.id, code=position.code, name=position.name),
                version=standard.version,
                weighted_total=verdict.weighted_total,
                passed=verdict.passed,
                failed_rules=verdict.failed_rules,
                weakest=codes,
                weakest_names=[names.get(c, c) for c in codes],
            )
        )
    out.sort(key=lambda f: (not f.passed, -f.weighted_total, f.position.name))
    return out
