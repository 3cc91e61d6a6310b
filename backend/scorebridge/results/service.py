"""Storing what a vendor reported as a result (with revisions), and rendering results."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import User
from scorebridge.intake.models import Vendor
from scorebridge.intake.schemas import StandardResult
from scorebridge.kit.db import one_of, utcnow
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.results import scoring
from scorebridge.results.dimension_names import fill_names, is_unnamed
from scorebridge.results.models import (
    InterviewResult,
    ResultDimension,
    ResultInterviewer,
    ResultRevision,
    ResultStatus,
)
from scorebridge.results.schemas import (
    DimensionOut,
    InterviewerOut,
    OrgRef,
    PersonRef,
    ResultOut,
    StandardVerdict,
    VendorRef,
)
from scorebridge.standards.models import ResultStandard

Outcome = Literal["created", "updated", "stale", "unchanged", "kept_confirmed"]


@dataclass(frozen=True)
class VendorReport:
    """A validated vendor result with everything already matched to our records."""

    data: StandardResult
    person_id: uuid.UUID
    department_id: uuid.UUID | None
    position_id: uuid.UUID | None
    batch_id: uuid.UUID | None
    interviewer_ids: list[uuid.UUID]
    delivery_id: uuid.UUID | None


@dataclass(frozen=True)
class Applied:
    result: InterviewResult
    outcome: Outcome


async def _current(
    session: AsyncSession, vendor_id: uuid.UUID, interview_id: str, *, lock: bool
) -> InterviewResult | None:
    statement = select(InterviewResult).where(
        InterviewResult.vendor_id == vendor_id, InterviewResult.interview_id == interview_id
    )
    if lock:
        statement = statement.with_for_update()
    row: InterviewResult | None = await session.scalar(statement)
    return row


async def apply_vendor_result(
    session: AsyncSession, vendor: Vendor, report: VendorReport
) -> Applied:
    """Create the result or add a revision; an older or equal ``updated_at`` never overwrites,
    and a confirmed result is overwritten only by a strictly newer one. The caller evaluates a
    created or updated result under its position's standard (``standards.evaluate_results``,
    once for a batch of them)."""
    lock = session.get_bind().dialect.name == "postgresql"
    data = report.data
    existing = await _current(session, vendor.id, data.interview_id, lock=lock)
    if existing is None:
        result, scored = new_vendor_result(vendor, report)
        try:
            async with session.begin_nested():
                session.add(result)
        except IntegrityError:  # another worker created it first: treat this one as an update
            existing = await _current(session, vendor.id, data.interview_id, lock=lock)
            assert existing is not None
        else:
            await _write_children(session, result, report, scored)
            return Applied(result, "created")
    else:
        scored = scoring.score(data)
    given, stored = data.updated_at, existing.source_updated_at
    if given is not None and stored is not None:
        if given < stored:
            return Applied(existing, "stale")
        if given == stored:
            return Applied(existing, "unchanged")
    elif existing.status == ResultStatus.confirmed:
        # A confirmed score changes only for a strictly newer ``updated_at``: a replayed or
        # undated message never takes it back to review.
        return Applied(existing, "kept_confirmed")
    previous_codes = (
        await session.scalars(
            select(ResultDimension.code).where(ResultDimension.result_id == existing.id)
        )
    ).all()
    flags = scored.flags + scoring.revision_flags(previous_codes, existing.normalized_total, scored)
    _assign(existing, vendor, report, scored, sorted(set(flags)))
    existing.revision += 1
    if existing.published:  # auto-confirmed: this revision is what the person sees now
        existing.mark_published()
    await session.execute(delete(ResultDimension).where(ResultDimension.result_id == existing.id))
    await session.execute(
        delete(ResultInterviewer).where(ResultInterviewer.result_id == existing.id)
    )
    await _write_children(session, existing, report, scored)
    return Applied(existing, "updated")


def new_vendor_result(
    vendor: Vendor, report: VendorReport
) -> tuple[InterviewResult, scoring.Scored]:
    """A vendor's first result for an interview (revision 1), not yet added to a session; its
    dimensions, interviewers and revision follow with ``add_children``."""
    scored = scoring.score(report.data)
    result = InterviewResult(
        id=uuid.uuid4(), vendor_id=vendor.id, interview_id=report.data.interview_id, revision=1
    )
    _assign(result, vendor, report, scored, scored.flags)
    if result.published:
        result.mark_published()
    return result, scored


async def stored_interviews(
    session: AsyncSession, keys: Collection[tuple[uuid.UUID, str]]
) -> set[tuple[uuid.UUID, str]]:
    """Which ``(vendor, interview_id)`` of ``keys`` already have a result (one statement)."""
    if not keys:
        return set()
    vendor_ids = {v for v, _ in keys}
    interview_ids = {i for _, i in keys}
    rows = await session.execute(
        select(InterviewResult.vendor_id, InterviewResult.interview_id).where(
            InterviewResult.vendor_id.in_(vendor_ids),
            InterviewResult.interview_id.in_(interview_ids),
        )
    )
    return {(v, i) for v, i in rows if (v, i) in keys}


def _assign(
    result: InterviewResult,
    vendor: Vendor,
    report: VendorReport,
    scored: scoring.Scored,
    flags: list[str],
) -> None:
    data = report.data
    result.person_id = report.person_id
    result.department_id = report.department_id
    result.position_id = report.position_id
    result.batch_id = report.batch_id
    result.interviewed_at = data.interviewed_at
    result.total_score = data.total_score
    result.max_score = data.max_score
    result.normalized_total = scored.normalized_total
    result.comment = data.comment
    result.suggestions = list(data.suggestions)
    result.recommendation = data.recommendation
    result.flags = flags
    result.source_updated_at = data.updated_at
    result.received_at = utcnow()
    if vendor.auto_confirm and not flags:
        result.status = ResultStatus.confirmed
        result.published = True
        result.reviewed_at = utcnow()
    else:
        result.status = ResultStatus.pending_review
        result.published = False
        result.reviewed_at = None


async def _write_children(
    session: AsyncSession, result: InterviewResult, report: VendorReport, scored: scoring.Scored
) -> None:
    add_children(session, result, report, scored)
    await session.flush()


def add_children(
    session: AsyncSession, result: InterviewResult, report: VendorReport, scored: scoring.Scored
) -> None:
    """The rows of a result's revision (dimensions, interviewers, the snapshot), added to the
    session (the caller flushes, after the result itself is stored)."""
    for position, dim in enumerate(scored.dimensions):
        session.add(
            ResultDimension(
                result_id=result.id,
                position=position,
                code=dim.code,
                name=dim.name,
                score=dim.score,
                max_score=dim.max_score,
                normalized=dim.normalized,
                comment=dim.comment,
            )
        )
    for user_id in dict.fromkeys(report.interviewer_ids):
        session.add(ResultInterviewer(result_id=result.id, user_id=user_id))
    session.add(
        ResultRevision(
            result_id=result.id,
            revision=result.revision,
            source="vendor",
            delivery_id=report.delivery_id,
            snapshot=snapshot(result, scored, report),
        )
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def snapshot(
    result: InterviewResult, scored: scoring.Scored, report: VendorReport
) -> dict[str, Any]:
    """The revision as JSON: every field HR may want to compare later."""
    return {
        "interview_id": result.interview_id,
        "person_id": str(result.person_id),
        "department_id": str(result.department_id) if result.department_id else None,
        "position_id": str(result.position_id) if result.position_id else None,
        "batch_id": str(result.batch_id) if result.batch_id else None,
        "interviewer_ids": [str(i) for i in report.interviewer_ids],
        "interviewer_emails": [i.email for i in report.data.interviewers],
        "interviewed_at": _iso(result.interviewed_at),
        "total_score": result.total_score,
        "max_score": result.max_score,
        "normalized_total": result.normalized_total,
        "dimensions": [
            {
                "code": d.code,
                "name": d.name,
                "score": d.score,
                "max_score": d.max_score,
                "normalized": d.normalized,
                "comment": d.comment,
            }
            for d in scored.dimensions
        ],
        "comment": result.comment,
        "suggestions": list(result.suggestions),
        "recommendation": result.recommendation,
        "status": result.status,
        "published": result.published,
        "flags": list(result.flags),
        "source_updated_at": _iso(result.source_updated_at),
    }


async def dimensions_of(
    session: AsyncSession, result_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[DimensionOut]]:
    """The dimensions of many results in one query, in the order the vendor sent them (a
    dimension imported with only its code is shown with the name other results give it).
    Plain columns, not ORM objects: a page of 50 results reads 250 of them."""
    dimensions: dict[uuid.UUID, list[DimensionOut]] = defaultdict(list)
    d = ResultDimension
    rows = (
        await session.execute(
            select(d.result_id, d.code, d.name, d.score, d.max_score, d.normalized, d.comment)
            .where(d.result_id.in_(result_ids))
            .order_by(d.result_id, d.position)
        )
    ).all()
    names = await fill_names(session, ((row.code, row.name) for row in rows))
    for result_id, code, name, score, max_score, normalized, comment in rows:
        dimensions[result_id].append(
            DimensionOut(
                code=code,
                name=names[code] if is_unnamed(code, name) else name,
                score=score,
                max_score=max_score,
                normalized=normalized,
                comment=comment,
            )
        )
    return dimensions


async def by_id(session: AsyncSession, model: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Rows of ``model`` by id, in one query."""
    if not ids:
        return {}
    rows = (await session.scalars(select(model).where(model.id.in_(ids)))).all()
    return {row.id: row for row in rows}


def _org(id_: uuid.UUID | None, code: str | None, name: str | None) -> OrgRef | None:
    """A department, position or batch from the outer join (whose code is never null when
    the row is there)."""
    return OrgRef(id=id_, code=code, name=name) if id_ is not None and code is not None else None


def _references(session: AsyncSession, result_ids: Collection[uuid.UUID]) -> Any:
    """What a rendered result refers to (vendor, person, department, position, batch) and its
    verdict, for many results in one query: plain columns, each page row found by its key."""
    r, s = InterviewResult, ResultStandard
    return (
        select(
            r.id,
            Vendor.slug.label("vendor_slug"),
            Vendor.name.label("vendor_name"),
            Person.name.label("person_name"),
            Person.employee_no,
            Department.code.label("department_code"),
            Department.name.label("department_name"),
            Position.code.label("position_code"),
            Position.name.label("position_name"),
            Batch.code.label("batch_code"),
            Batch.name.label("batch_name"),
            s.version.label("standard_version"),
            s.weighted_total,
            s.passed,
            s.failed_rules,
        )
        .join(Vendor, Vendor.id == r.vendor_id)
        .join(Person, Person.id == r.person_id)
        .outerjoin(Department, Department.id == r.department_id)
        .outerjoin(Position, Position.id == r.position_id)
        .outerjoin(Batch, Batch.id == r.batch_id)
        .outerjoin(s, s.result_id == r.id)
        .where(one_of(session, r.id, result_ids))
    )


async def render_many(session: AsyncSession, results: Sequence[InterviewResult]) -> list[ResultOut]:
    """Results with their references, verdicts, interviewers and dimensions (3 queries)."""
    if not results:
        return []
    ids = [r.id for r in results]
    references = {row.id: row for row in await session.execute(_references(session, ids))}
    dimensions = await dimensions_of(session, ids)
    interviewers: dict[uuid.UUID, list[InterviewerOut]] = defaultdict(list)
    for result_id, user_id, name, email in (
        await session.execute(
            select(ResultInterviewer.result_id, User.id, User.name, User.email)
            .join(User, User.id == ResultInterviewer.user_id)
            .where(ResultInterviewer.result_id.in_(ids))
            .order_by(User.name)
        )
    ).all():
        interviewers[result_id].append(InterviewerOut(id=user_id, name=name, email=email))
    out = []
    for r in results:
        ref = references[r.id]
        out.append(
            ResultOut(
                id=r.id,
                vendor=VendorRef(id=r.vendor_id, slug=ref.vendor_slug, name=ref.vendor_name),
                interview_id=r.interview_id,
                person=PersonRef(id=r.person_id, name=ref.person_name, employee_no=ref.employee_no),
                position=_org(r.position_id, ref.position_code, ref.position_name),
                department=_org(r.department_id, ref.department_code, ref.department_name),
                batch=_org(r.batch_id, ref.batch_code, ref.batch_name),
                interviewers=interviewers[r.id],
                interviewed_at=r.interviewed_at,
                total_score=r.total_score,
                max_score=r.max_score,
                normalized_total=r.normalized_total,
                dimensions=dimensions[r.id],
                comment=r.comment,
                suggestions=list(r.suggestions or []),
                recommendation=r.recommendation,
                status=r.status,
                revision=r.revision,
                published=r.published,
                flags=list(r.flags or []),
                received_at=r.received_at,
                reviewed_at=r.reviewed_at,
                updated_at=r.updated_at,
                standard=_verdict(ref),
            )
        )
    return out


def _verdict(row: Any) -> StandardVerdict | None:
    if row.standard_version is None:
        return None
    return StandardVerdict(
        version=row.standard_version,
        weighted_total=row.weighted_total,
        passed=row.passed,
        failed_rules=list(row.failed_rules or []),
    )
