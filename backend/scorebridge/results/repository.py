"""Result queries, each starting from what the caller may read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, false, or_, select

from scorebridge.auth.caller import Caller
from scorebridge.auth.permissions import Permission
from scorebridge.organisation.models import Person
from scorebridge.organisation.repository import PEOPLE_SCOPE_EXTENSIONS
from scorebridge.results.models import InterviewResult, ResultInterviewer
from scorebridge.standards.models import ResultStandard


def readable_by(caller: Caller) -> Select[InterviewResult]:
    """HR, admin and clients read all results; a department head those of the granted
    departments and below; an interviewer those that list them; anyone else none."""
    statement = select(InterviewResult)
    if not caller.can(Permission.results_read):
        return statement.where(false())
    if caller.sees_everything:
        return statement
    conditions: list[ColumnElement[bool]] = []
    if caller.is_dept_head and caller.department_scope:
        conditions.append(InterviewResult.department_id.in_(caller.department_scope))
    if caller.is_interviewer and caller.kind == "user":
        conditions.append(
            InterviewResult.id.in_(
                select(ResultInterviewer.result_id).where(ResultInterviewer.user_id == caller.id)
            )
        )
    return statement.where(or_(*conditions)) if conditions else statement.where(false())


def _people_of_my_interviews(caller: Caller) -> ColumnElement[bool] | None:
    """Interviewers read the people they interviewed (registered with the organisation)."""
    if not (caller.is_interviewer and caller.kind == "user"):
        return None
    return Person.id.in_(
        select(InterviewResult.person_id)
        .join(ResultInterviewer, ResultInterviewer.result_id == InterviewResult.id)
        .where(ResultInterviewer.user_id == caller.id)
    )


PEOPLE_SCOPE_EXTENSIONS.append(_people_of_my_interviews)


@dataclass(frozen=True)
class ResultFilters:
    department_id: uuid.UUID | None = None
    position_id: uuid.UUID | None = None
    batch_id: uuid.UUID | None = None
    status: str | None = None
    person_id: uuid.UUID | None = None
    interviewer_id: uuid.UUID | None = None
    min_total: float | None = None
    max_total: float | None = None
    interviewed_from: datetime | None = None
    interviewed_to: datetime | None = None
    q: str | None = None
    passed: bool | None = None
    min_weighted: float | None = None
    max_weighted: float | None = None


def filtered(statement: Select[InterviewResult], f: ResultFilters) -> Select[InterviewResult]:
    """Apply list filters; ``min_total``/``max_total`` are on the 0–100 normalised total."""
    r = InterviewResult
    if f.department_id:
        statement = statement.where(r.department_id == f.department_id)
    if f.position_id:
        statement = statement.where(r.position_id == f.position_id)
    if f.batch_id:
        statement = statement.where(r.batch_id == f.batch_id)
    if f.status:
        statement = statement.where(r.status == f.status)
    if f.person_id:
        statement = statement.where(r.person_id == f.person_id)
    if f.interviewer_id:
        statement = statement.where(
            r.id.in_(
                select(ResultInterviewer.result_id).where(
                    ResultInterviewer.user_id == f.interviewer_id
                )
            )
        )
    if f.min_total is not None:
        statement = statement.where(r.normalized_total >= f.min_total)
    if f.max_total is not None:
        statement = statement.where(r.normalized_total <= f.max_total)
    if f.interviewed_from:
        statement = statement.where(r.interviewed_at >= f.interviewed_from)
    if f.interviewed_to:
        statement = statement.where(r.interviewed_at < f.interviewed_to)
    if f.passed is not None or f.min_weighted is not None or f.max_weighted is not None:
        statement = statement.where(r.id.in_(_judged(f)))
    if f.q and f.q.strip():
        like = f"%{f.q.strip()}%"
        statement = statement.where(
            r.person_id.in_(
                select(Person.id).where(
                    or_(Person.name.ilike(like), Person.employee_no.ilike(like))
                )
            )
        )
    return statement


def _judged(f: ResultFilters) -> Select[uuid.UUID]:
    """Results whose verdict under their position's standard matches the filters."""
    v = ResultStandard
    judged = select(v.result_id)
    if f.passed is not None:
        judged = judged.where(v.passed.is_(f.passed))
    if f.min_weighted is not None:
        judged = judged.where(v.weighted_total >= f.min_weighted)
    if f.max_weighted is not None:
        judged = judged.where(v.weighted_total <= f.max_weighted)
    return judged
