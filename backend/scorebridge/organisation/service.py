"""Creating and updating the organisation: unique codes, existing parents, no cycles."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.kit.db import Base
from scorebridge.kit.errors import Conflict, InvalidInput
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.organisation.schemas import check_employment
from scorebridge.organisation.scope import with_descendants

Model = TypeVar("Model", bound=Base)
OrgRow = TypeVar("OrgRow", Department, Position, Batch)

# Which field a foreign key is checked through, and the model it must exist in.
_REFERENCES: dict[str, type[Base]] = {
    "parent_id": Department,
    "department_id": Department,
    "position_id": Position,
}


async def _check_references(session: AsyncSession, values: dict[str, Any]) -> None:
    for field, target in _REFERENCES.items():
        ref = values.get(field)
        if ref is not None and await session.get(target, ref) is None:
            raise InvalidInput(["body", field], f"No {target.__tablename__[:-1]} with id {ref}")


async def _flush_unique(session: AsyncSession, unique_field: str, value: Any) -> None:
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(f"{unique_field} {value!r} is already in use", field=unique_field) from None


async def create(session: AsyncSession, model: type[Model], data: BaseModel) -> Model:
    values = data.model_dump()
    await _check_references(session, values)
    row = model(**values)
    session.add(row)
    unique = "employee_no" if model is Person else "code"
    await _flush_unique(session, unique, values.get(unique))
    return row


async def update(session: AsyncSession, row: Model, data: BaseModel) -> Model:
    values = data.model_dump(exclude_unset=True)
    for field in ("code", "name"):
        if field in values and values[field] is None:
            raise InvalidInput(["body", field], f"{field} cannot be empty")
    if isinstance(row, Person):
        check_employment(values.get("hired_on", row.hired_on), values.get("left_on", row.left_on))
    await _check_references(session, values)
    if isinstance(row, Department) and values.get("parent_id") is not None:
        await _refuse_cycle(session, row.id, values["parent_id"])
    for field, value in values.items():
        setattr(row, field, value)
    unique = "employee_no" if isinstance(row, Person) else "code"
    await _flush_unique(session, unique, values.get(unique))
    return row


async def _refuse_cycle(
    session: AsyncSession, department_id: uuid.UUID, parent_id: uuid.UUID
) -> None:
    if parent_id in await with_descendants(session, [department_id]):
        raise InvalidInput(
            ["body", "parent_id"],
            "A department cannot be moved under itself or its sub-departments",
        )


async def get_or_create_by_code(
    session: AsyncSession,
    model: type[OrgRow],
    code: str,
    name: str | None,
    **extra: Any,
) -> OrgRow:
    """Upsert by code (used by intake and imports): keeps the existing row's name.

    Safe when several workers create the same code at once: the loser of the race re-reads.
    """
    row = await session.scalar(select(model).where(model.code == code))
    if row is not None:
        return row
    try:
        async with session.begin_nested():
            row = model(code=code, name=name or code, **extra)
            session.add(row)
        return row
    except IntegrityError:
        existing = await session.scalar(select(model).where(model.code == code))
        assert existing is not None
        return existing
