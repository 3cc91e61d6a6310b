"""Keyset (cursor) pagination: stable while rows are added, as fast on page 1,000 as on page 1.

A cursor is an opaque base64url JSON ``[sort value, id]`` of the last row served. Lists sort by
one column plus the primary key as a tie-breaker.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Select, and_, or_, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.types import TypeDecorator

from scorebridge.kit.errors import InvalidInput

T = TypeVar("T")
Row = TypeVar("Row")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size, 1–200.")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=512, description="Opaque cursor from `next_cursor`.")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    if isinstance(value, Decimal):
        return float(value)
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            stamp = datetime.fromisoformat(value["t"])
            if stamp.tzinfo is None:
                raise ValueError("naive cursor timestamp")
            return stamp
        if "u" in value:
            return uuid.UUID(value["u"])
        raise ValueError("bad cursor value")
    if isinstance(value, list):
        raise ValueError("bad cursor value")
    return value


def encode_cursor(sort_value: Any, row_id: uuid.UUID) -> str:
    raw = json.dumps([_encode_value(sort_value), str(row_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _bad_cursor() -> InvalidInput:
    return InvalidInput(["query", "cursor"], "Malformed cursor; use a next_cursor value")


def decode_cursor(cursor: str) -> tuple[Any, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        sort_raw, id_raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(id_raw, str):
            raise ValueError("bad cursor id")
        return _decode_value(sort_raw), uuid.UUID(id_raw)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise _bad_cursor() from None


def _fits(column: InstrumentedAttribute[Any], value: Any) -> bool:
    """Whether a decoded cursor value can be compared with ``column`` (else the database
    would fail on it: a 500 instead of a 422)."""
    if value is None:
        return True
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        expected = column_type.python_type
    except NotImplementedError:
        return True
    if isinstance(value, bool) or expected is bool:
        return isinstance(value, bool) and expected is bool
    if expected in (int, float, Decimal):
        return isinstance(value, int | float) and abs(value) < 2**63
    if issubclass(expected, str):
        return isinstance(value, str)
    return isinstance(value, expected)


@dataclass(frozen=True)
class Sort:
    column: InstrumentedAttribute[Any]
    descending: bool
    # A column of an outer-joined row: NULL where there is none, and read from the query
    # (not from the listed entity) for the cursor.
    outer: bool = False


def parse_sort(
    sort: str | None,
    allowed: dict[str, InstrumentedAttribute[Any]],
    default: str,
    *,
    outer: frozenset[str] = frozenset(),
) -> Sort:
    text = sort or default
    descending = text.startswith("-")
    name = text[1:] if text[:1] in "-+" else text
    if name not in allowed:
        raise InvalidInput(
            ["query", "sort"], f"Unknown sort {name!r}; use one of {', '.join(sorted(allowed))}"
        )
    return Sort(allowed[name], descending, outer=name in outer)


def _nullable(sort: Sort) -> bool:
    return sort.outer or bool(getattr(sort.column.property.columns[0], "nullable", True))


def after(sort: Sort, key: InstrumentedAttribute[uuid.UUID], value: Any, last_id: uuid.UUID) -> Any:
    """Rows after the cursor ``(value, last_id)`` in the page order (of :func:`ordered`).

    Non-null columns use a row comparison, which PostgreSQL answers from the (col, id) index.
    Nullable columns put NULLs where a btree scan meets them: last ascending, first descending.
    """
    col = sort.column
    if not _nullable(sort):
        if sort.descending:
            return tuple_(col, key) < tuple_(value, last_id)
        return tuple_(col, key) > tuple_(value, last_id)
    if sort.descending:  # NULLs first
        if value is None:
            return or_(and_(col.is_(None), key < last_id), col.is_not(None))
        return or_(col < value, and_(col == value, key < last_id))
    if value is None:  # ascending, NULLs last
        return and_(col.is_(None), key > last_id)
    return or_(col > value, and_(col == value, key > last_id), col.is_(None))


def ordered(sort: Sort, key: InstrumentedAttribute[uuid.UUID]) -> tuple[Any, Any]:
    """The ORDER BY of a keyset walk: the sort column, then the id."""
    col = sort.column
    if not _nullable(sort):
        return (col.desc(), key.desc()) if sort.descending else (col.asc(), key.asc())
    if sort.descending:
        return col.desc().nulls_first(), key.desc()
    return col.asc().nulls_last(), key.asc()


async def paginate(
    session: AsyncSession,
    statement: Select[Row],
    *,
    sort: Sort,
    id_column: InstrumentedAttribute[uuid.UUID],
    params: PageParams,
) -> tuple[Sequence[Row], str | None]:
    """One page of ``statement`` sorted by ``sort`` then id, and the cursor of the next."""
    col, key = sort.column, id_column
    if params.cursor:
        value, last_id = decode_cursor(params.cursor)
        if not _fits(col, value) or (value is None and not _nullable(sort)):
            raise _bad_cursor()
        statement = statement.where(after(sort, key, value, last_id))
    statement = statement.order_by(*ordered(sort, key)).limit(params.limit + 1)
    if sort.outer:
        pairs = (await session.execute(statement.add_columns(col))).all()
        rows: Sequence[Row] = [pair[0] for pair in pairs]
        values = [pair[1] for pair in pairs]
    else:
        rows = (await session.scalars(statement)).all()
        values = [getattr(row, col.key) for row in rows]
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    return rows, encode_cursor(values[params.limit - 1], getattr(rows[-1], key.key))
