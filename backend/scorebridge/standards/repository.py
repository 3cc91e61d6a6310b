"""Reading standards and verdicts."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.results.dimension_names import names_for
from scorebridge.results.models import ResultDimension
from scorebridge.standards.models import PositionStandard
from scorebridge.standards.rules import Rules


def rules_of(standard: PositionStandard) -> Rules:
    return Rules(
        weights=dict(standard.weights),
        pass_line=standard.pass_line,
        minimums=dict(standard.minimums or {}),
        version=standard.version,
    )


async def current(session: AsyncSession, position_id: uuid.UUID) -> PositionStandard | None:
    row: PositionStandard | None = await session.scalar(
        select(PositionStandard)
        .where(PositionStandard.position_id == position_id)
        .order_by(PositionStandard.version.desc())
        .limit(1)
    )
    return row


async def current_of_many(
    session: AsyncSession, position_ids: Collection[uuid.UUID] | None = None
) -> dict[uuid.UUID, PositionStandard]:
    """The current standard of each position (of every position when ``position_ids`` is None)."""
    latest = select(
        PositionStandard.position_id, func.max(PositionStandard.version).label("version")
    ).group_by(PositionStandard.position_id)
    if position_ids is not None:
        if not position_ids:
            return {}
        latest = latest.where(PositionStandard.position_id.in_(list(position_ids)))
    newest = latest.subquery()
    rows = await session.scalars(
        select(PositionStandard).join(
            newest,
            (newest.c.position_id == PositionStandard.position_id)
            & (newest.c.version == PositionStandard.version),
        )
    )
    return {row.position_id: row for row in rows}


async def versions(session: AsyncSession, position_id: uuid.UUID) -> list[PositionStandard]:
    rows = await session.scalars(
        select(PositionStandard)
        .where(PositionStandard.position_id == position_id)
        .order_by(PositionStandard.version.desc())
    )
    return list(rows.all())


async def dimension_codes(session: AsyncSession) -> dict[str, str]:
    """Every dimension code seen on a result, with a name it was given. A skip scan over the
    code index: one index probe per distinct code, however many scores there are."""
    d = ResultDimension
    walk = select(func.min(d.code).label("code")).cte("codes", recursive=True)
    following = (
        select(d.code).where(d.code > walk.c.code).order_by(d.code).limit(1).scalar_subquery()
    )
    walk = walk.union_all(select(following).where(walk.c.code.is_not(None)))
    codes = [c for c in (await session.scalars(select(walk.c.code))).all() if c is not None]
    return await names_for(session, codes)
