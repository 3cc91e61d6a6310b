"""``basis=standard``: whether a result passed its position's interview standard.

The one place the fairness audit depends on interview standards (``standards/``): a position
*has a standard* when a version of it exists, and each result judged under it has a verdict row
in ``result_standards`` with ``passed``. Results never judged count as not selected.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.results.models import InterviewResult
from scorebridge.standards.models import PositionStandard, ResultStandard


async def standard_version(session: AsyncSession, position_id: uuid.UUID) -> int | None:
    """The current version of the position's standard, or None when it has none."""
    version: int | None = await session.scalar(
        select(func.max(PositionStandard.version)).where(
            PositionStandard.position_id == position_id
        )
    )
    return version


def selected_by_standard() -> ColumnElement[bool]:
    """Whether an ``interview_results`` row passed its position's standard, as SQL."""
    return exists().where(
        ResultStandard.result_id == InterviewResult.id, ResultStandard.passed.is_(True)
    )
