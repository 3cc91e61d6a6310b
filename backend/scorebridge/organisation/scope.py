"""The department tree as a scope: a set of departments and all below them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.organisation.models import Department


async def with_descendants(
    session: AsyncSession, department_ids: Iterable[uuid.UUID]
) -> frozenset[uuid.UUID]:
    """``department_ids`` and every department below them (a recursive CTE)."""
    roots = list(department_ids)
    if not roots:
        return frozenset()
    tree = select(Department.id).where(Department.id.in_(roots)).cte("tree", recursive=True)
    tree = tree.union(select(Department.id).where(Department.parent_id == tree.c.id))
    return frozenset((await session.scalars(select(tree.c.id))).all())
