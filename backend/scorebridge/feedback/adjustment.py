"""Adjusting a result after feedback: a new revision (source ``adjustment``, with the reason)
that changes the total and/or dimension scores and their normalised values."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.feedback.schemas import AdjustedDimension
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import InvalidInput
from scorebridge.results.models import InterviewResult, ResultDimension, ResultRevision
from scorebridge.results.scoring import normalize
from scorebridge.standards import service as standards


@dataclass(frozen=True)
class Adjusted:
    before: float
    after: float
    revision: int


async def adjust(
    session: AsyncSession,
    caller: Caller,
    result: InterviewResult,
    *,
    total: float | None,
    dimensions: list[AdjustedDimension] | None,
    reason: str,
    feedback_id: uuid.UUID,
) -> Adjusted:
    """Validate every value first (422 naming the field), then write the new revision. Without
    ``total`` the total stays as it was (a vendor total is not always the dimensions' mean)."""
    rows = list(
        (
            await session.scalars(
                select(ResultDimension)
                .where(ResultDimension.result_id == result.id)
                .order_by(ResultDimension.position)
            )
        ).all()
    )
    by_code = {row.code: row for row in rows}
    if total is not None and total > result.max_score:
        raise InvalidInput(
            ["body", "adjusted_total"], f"adjusted_total must be at most {result.max_score:g}"
        )
    for index, dim in enumerate(dimensions or []):
        row = by_code.get(dim.code)
        if row is None:
            raise InvalidInput(
                ["body", "adjusted_dimensions", index, "code"],
                f"The result has no dimension {dim.code!r}",
            )
        if dim.score > row.max_score:
            raise InvalidInput(
                ["body", "adjusted_dimensions", index, "score"],
                f"{dim.code} must be at most {row.max_score:g}",
            )
    before = result.normalized_total
    changes: dict[str, Any] = {}
    for dim in dimensions or []:
        row = by_code[dim.code]
        changes[dim.code] = {"from": row.score, "to": dim.score}
        row.score = dim.score
        row.normalized = normalize(dim.score, row.max_score)
    if total is not None:
        changes["total_score"] = {"from": result.total_score, "to": total}
        result.total_score = total
        result.normalized_total = normalize(total, result.max_score)
    result.revision += 1
    result.updated_at = utcnow()
    if result.published:  # an adjustment of what the person sees is published at once
        result.mark_published()
    previous = await session.scalar(
        select(ResultRevision)
        .where(ResultRevision.result_id == result.id)
        .order_by(ResultRevision.revision.desc())
        .limit(1)
    )
    snapshot: dict[str, Any] = dict(previous.snapshot) if previous is not None else {}
    snapshot.update(
        {
            "total_score": result.total_score,
            "max_score": result.max_score,
            "normalized_total": result.normalized_total,
            "dimensions": [
                {
                    "code": r.code,
                    "name": r.name,
                    "score": r.score,
                    "max_score": r.max_score,
                    "normalized": r.normalized,
                    "comment": r.comment,
                }
                for r in rows
            ],
            "status": result.status,
            "published": result.published,
            "reason": reason,
            "feedback_id": str(feedback_id),
            "adjusted_by": str(caller.id),
            "changes": changes,
        }
    )
    session.add(
        ResultRevision(
            result_id=result.id,
            revision=result.revision,
            source="adjustment",
            delivery_id=None,
            snapshot=snapshot,
        )
    )
    await session.flush()
    await standards.evaluate_results(session, [result.id])  # scores changed: so may the verdict
    return Adjusted(before=before, after=result.normalized_total, revision=result.revision)
