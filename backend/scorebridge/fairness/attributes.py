"""People's sensitive attributes — gender and birth year — kept apart from the person.

Written by the people import (columns ``gender``/性别 and ``birth_year``/出生年份) and by
``PATCH /people/{id}`` (HR and admin may write them); read only through this module, for
admins and auditors (``people:attributes``), and every read of one person's attributes is
audited. :func:`erase_attributes` is what a person's erasure calls.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.fairness.models import Gender, PersonAttributes
from scorebridge.kit.db import one_of, utcnow

FIELDS = ("gender", "birth_year")
INSERT_COLUMNS = ("person_id", "gender", "birth_year", "updated_at")
EARLIEST_BIRTH_YEAR = 1900

# Spellings accepted for each gender (compared lower-cased, without spaces).
_GENDERS: dict[str, str] = {
    **dict.fromkeys(("female", "f", "woman", "女", "女性", "女士"), Gender.female),
    **dict.fromkeys(("male", "m", "man", "男", "男性", "先生"), Gender.male),
    **dict.fromkeys(
        ("other", "o", "x", "non-binary", "nonbinary", "diverse", "其他", "其它"), Gender.other
    ),
}


def gender_of(value: Any) -> str | None:
    """``female``, ``male`` or ``other`` from the ways people write them (女/男/其他 too);
    None for an empty value; ValueError for anything else."""
    if value is None:
        return None
    raw = str(value).strip()
    if not raw:
        return None
    found = _GENDERS.get(raw.lower().replace(" ", ""))
    if found is None:
        raise ValueError(f"{raw[:20]!r} is not a gender; use female/male/other or 女/男/其他")
    return found


def birth_year_of(value: Any) -> int | None:
    """A birth year between 1900 and this year (``1985``, ``1985.0`` from Excel, ``1985年``);
    None for an empty value; ValueError for anything else."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError("must be a year such as 1990")
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        raw = str(value).strip().removesuffix("年").strip()
        if not raw:
            return None
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(f"{raw[:20]!r} is not a year; write it as e.g. 1990") from None
    if not number.is_integer():
        raise ValueError("must be a whole year such as 1990")
    return check_birth_year(int(number))


def check_birth_year(year: int) -> int:
    latest = datetime.now(UTC).year
    if not EARLIEST_BIRTH_YEAR <= year <= latest:
        raise ValueError(f"must be between {EARLIEST_BIRTH_YEAR} and {latest}")
    return year


def split_update(changes: BaseModel) -> tuple[BaseModel, dict[str, Any]]:
    """A person's update without the attributes, and the attributes it sets."""
    values = changes.model_dump(exclude_unset=True)
    sensitive = {name: values.pop(name) for name in FIELDS if name in values}
    if not sensitive:
        return changes, {}
    return type(changes).model_validate(values), sensitive


async def attributes_of(session: AsyncSession, person_id: uuid.UUID) -> PersonAttributes | None:
    return await session.get(PersonAttributes, person_id)


async def set_attributes(
    session: AsyncSession, person_id: uuid.UUID, values: dict[str, Any]
) -> PersonAttributes:
    """Set the given attributes (a None clears one); the others stay as stored."""
    row = await session.get(PersonAttributes, person_id)
    if row is None:
        row = PersonAttributes(person_id=person_id)
        session.add(row)
    for name in FIELDS:
        if name in values:
            setattr(row, name, values[name])
    row.updated_at = utcnow()
    await session.flush()
    return row


async def erase_attributes(session: AsyncSession, person_id: uuid.UUID) -> bool:
    """Forget a person's gender and birth year (for erasure); whether any were stored."""
    result = await session.execute(
        delete(PersonAttributes).where(PersonAttributes.person_id == person_id)
    )
    return bool(getattr(result, "rowcount", 0))


@dataclass
class AttributeImport:
    """The attribute writes of one people import, by person: given values overwrite, blank
    cells keep what is stored, the same values change nothing. Remembers what it wrote, as
    the import's writer does, since the next batch is worked out while this one is written."""

    _known: dict[uuid.UUID, tuple[str | None, int | None]] = field(default_factory=dict)

    async def changes(
        self,
        session: AsyncSession,
        rows: Iterable[tuple[uuid.UUID, str | None, int | None]],
    ) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]], dict[str, int]]:
        """``(inserts, updates, counts)`` for ``(person_id, gender, birth_year)`` rows;
        inserts hold :data:`INSERT_COLUMNS`, updates are keyed by ``person_id``."""
        given = [row for row in rows if row[1] is not None or row[2] is not None]
        wanted = [pid for pid, _, _ in given if pid not in self._known]
        if wanted:
            stored = await session.execute(
                select(
                    PersonAttributes.person_id,
                    PersonAttributes.gender,
                    PersonAttributes.birth_year,
                ).where(one_of(session, PersonAttributes.person_id, wanted))
            )
            for person_id, gender, year in stored:
                self._known[person_id] = (gender, year)
        now = utcnow()
        inserts: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        counts = {"attributes_created": 0, "attributes_updated": 0}
        for person_id, gender, year in given:
            known = self._known.get(person_id)
            if known is None:
                inserts.append((person_id, gender, year, now))
                self._known[person_id] = (gender, year)
                counts["attributes_created"] += 1
                continue
            merged = (
                gender if gender is not None else known[0],
                year if year is not None else known[1],
            )
            if merged != known:
                updates.append(
                    {"person_id": person_id, "gender": merged[0], "birth_year": merged[1],
                     "updated_at": now}
                )  # fmt: skip
                self._known[person_id] = merged
                counts["attributes_updated"] += 1
        return inserts, updates, counts
