"""What was published to a person: the one view of a result that every answer to an employee
uses (my results, feedback, notifications, exports of my own data).

A result is published when HR confirms it (or a vendor's auto-confirm does). A later vendor
update makes a new revision that waits for review (``published`` false): until that revision is
published in turn, the person keeps seeing the revision that was (``published_revision``, read
back from its snapshot), never the pending one. An adjustment of a published result is
published at once. A result never published has no view.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.results.models import InterviewResult, ResultRevision
from scorebridge.results.schemas import DimensionOut
from scorebridge.results.service import dimensions_of


@dataclass(frozen=True)
class PublishedView:
    result_id: uuid.UUID
    person_id: uuid.UUID
    revision: int
    position_id: uuid.UUID | None
    department_id: uuid.UUID | None
    batch_id: uuid.UUID | None
    interviewed_at: datetime | None
    total_score: float
    max_score: float
    normalized_total: float
    dimensions: list[DimensionOut]
    comment: str | None
    suggestions: list[str]
    published_at: datetime


def has_view() -> ColumnElement[bool]:
    """Results that were published to their person (now or in an earlier revision)."""
    return or_(InterviewResult.published.is_(True), InterviewResult.published_revision.is_not(None))


def _published_at(result: InterviewResult) -> datetime:
    return result.published_at or result.reviewed_at or result.received_at


def current_view(result: InterviewResult, dimensions: list[DimensionOut]) -> PublishedView:
    """The result as it is now, in the same shape (HR's view; the published one while published)."""
    return PublishedView(
        result_id=result.id,
        person_id=result.person_id,
        revision=result.revision,
        position_id=result.position_id,
        department_id=result.department_id,
        batch_id=result.batch_id,
        interviewed_at=result.interviewed_at,
        total_score=result.total_score,
        max_score=result.max_score,
        normalized_total=result.normalized_total,
        dimensions=dimensions,
        comment=result.comment,
        suggestions=list(result.suggestions or []),
        published_at=_published_at(result),
    )


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def _from_snapshot(result: InterviewResult, revision: ResultRevision) -> PublishedView:
    snap = revision.snapshot
    interviewed_at = snap.get("interviewed_at")
    return PublishedView(
        result_id=result.id,
        person_id=_uuid(snap.get("person_id")) or result.person_id,
        revision=revision.revision,
        position_id=_uuid(snap.get("position_id")),
        department_id=_uuid(snap.get("department_id")),
        batch_id=_uuid(snap.get("batch_id")),
        interviewed_at=datetime.fromisoformat(interviewed_at) if interviewed_at else None,
        total_score=float(snap["total_score"]),
        max_score=float(snap["max_score"]),
        normalized_total=float(snap["normalized_total"]),
        dimensions=[
            DimensionOut(
                code=d["code"],
                name=d.get("name") or d["code"],
                score=float(d["score"]),
                max_score=float(d["max_score"]),
                normalized=float(d["normalized"]),
                comment=d.get("comment"),
            )
            for d in snap.get("dimensions") or []
        ],
        comment=snap.get("comment"),
        suggestions=list(snap.get("suggestions") or []),
        published_at=_published_at(result),
    )


async def views(
    session: AsyncSession, results: Sequence[InterviewResult]
) -> dict[uuid.UUID, PublishedView]:
    """The published view of each result that has one (results never published are left out)."""
    current = [r for r in results if r.published]
    earlier = [r for r in results if not r.published and r.published_revision is not None]
    dimensions = await dimensions_of(session, [r.id for r in current]) if current else {}
    out = {r.id: current_view(r, dimensions.get(r.id, [])) for r in current}
    if earlier:
        by_id = {r.id: r for r in earlier}
        revisions = await session.scalars(
            select(ResultRevision).where(
                or_(
                    *(
                        and_(
                            ResultRevision.result_id == r.id,
                            ResultRevision.revision == r.published_revision,
                        )
                        for r in earlier
                    )
                )
            )
        )
        for revision in revisions.all():
            out[revision.result_id] = _from_snapshot(by_id[revision.result_id], revision)
    return out


async def view(session: AsyncSession, result: InterviewResult) -> PublishedView | None:
    return (await views(session, [result])).get(result.id)
