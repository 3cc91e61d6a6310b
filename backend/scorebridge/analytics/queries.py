"""The queries behind analytics: every one starts from the caller's scope and the result
filters, fetches only the columns it needs and lets the database group where it can."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import ColumnElement, Float, Integer, Select, cast, false, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension, ResultStatus
from scorebridge.talent.models import PerformanceRecord

GroupBy = Literal["position", "department", "batch", "none"]
R = InterviewResult
D = ResultDimension

_GROUP_COLUMNS: dict[str, Any] = {
    "position": R.position_id,
    "department": R.department_id,
    "batch": R.batch_id,
}
_GROUP_MODELS: dict[str, Any] = {"position": Position, "department": Department, "batch": Batch}


@dataclass(frozen=True)
class Filters:
    department_id: uuid.UUID | None = None
    position_id: uuid.UUID | None = None
    batch_id: uuid.UUID | None = None
    interviewed_from: datetime | None = None
    interviewed_to: datetime | None = None
    status: str | None = ResultStatus.confirmed  # None: every status


def scope(caller: Caller, f: Filters) -> list[ColumnElement[bool]]:
    """HR, admin and clients see every result; a department head the granted departments and
    their sub-departments; anyone else nothing (the endpoints refuse them with 403 first)."""
    conditions: list[ColumnElement[bool]] = []
    if not caller.sees_everything:
        if caller.is_dept_head and caller.department_scope:
            conditions.append(R.department_id.in_(caller.department_scope))
        else:
            conditions.append(false())
    if f.status:
        conditions.append(R.status == f.status)
    if f.department_id:
        conditions.append(R.department_id == f.department_id)
    if f.position_id:
        conditions.append(R.position_id == f.position_id)
    if f.batch_id:
        conditions.append(R.batch_id == f.batch_id)
    if f.interviewed_from:
        conditions.append(R.interviewed_at >= f.interviewed_from)
    if f.interviewed_to:
        conditions.append(R.interviewed_at < f.interviewed_to)
    return conditions


def group_column(group_by: GroupBy) -> Any:
    return _GROUP_COLUMNS.get(group_by, literal(None)).label("key")


def value_column(dimension: str) -> Any:
    return R.normalized_total if dimension == "total" else D.normalized


def scored(statement: Select[Any], dimension: str) -> Select[Any]:
    """Join the dimension's scores when the analysis is not on the total."""
    if dimension == "total":
        return statement
    return statement.join(D, D.result_id == R.id).where(D.code == dimension)


async def labels(
    session: AsyncSession, group_by: GroupBy, keys: set[Any]
) -> dict[Any, tuple[str, str]]:
    """``key → (code, name)`` for the groups found."""
    model = _GROUP_MODELS.get(group_by)
    ids = [k for k in keys if k is not None]
    if model is None or not ids:
        return {}
    rows = await session.execute(select(model.id, model.code, model.name).where(model.id.in_(ids)))
    return {row.id: (row.code, row.name) for row in rows}


# -- distribution ------------------------------------------------------------------------------


async def values_by_group(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str, group_by: GroupBy
) -> dict[Any, np.ndarray]:
    value = value_column(dimension)
    statement = scored(select(group_column(group_by), value), dimension).where(*scope(caller, f))
    groups: dict[Any, list[float]] = {}
    for key, v in (await session.execute(statement)).all():
        groups.setdefault(key, []).append(v)
    return {k: np.asarray(v, dtype=np.float64) for k, v in groups.items()}


async def summary_by_group(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str, group_by: GroupBy, bins: int
) -> tuple[dict[Any, dict[str, Any]], dict[Any, list[int]]]:
    """PostgreSQL: count, mean, sample stdev and ``percentile_cont`` quartiles per group, and
    histogram counts (``floor(v·bins/100)``, 100 in the last bin), all computed in the database."""
    value = value_column(dimension)
    key = group_column(group_by)
    conditions = scope(caller, f)
    stats_statement = scored(
        select(
            key,
            func.count(value),
            func.avg(value),
            func.stddev_samp(value),
            func.percentile_cont(0.25).within_group(value),
            func.percentile_cont(0.5).within_group(value),
            func.percentile_cont(0.75).within_group(value),
        ),
        dimension,
    ).where(*conditions)
    summary: dict[Any, dict[str, Any]] = {}
    for row in (await session.execute(stats_statement.group_by(key))).all():
        summary[row[0]] = {
            "n": int(row[1]),
            "mean": _float(row[2]),
            "stdev": _float(row[3]),
            "p25": _float(row[4]),
            "median": _float(row[5]),
            "p75": _float(row[6]),
        }
    bucket = func.least(
        cast(func.floor(value * literal(bins / 100.0, Float)), Integer), bins - 1
    ).label("bucket")
    hist_statement = scored(select(key, bucket, func.count()), dimension).where(*conditions)
    histograms: dict[Any, list[int]] = {k: [0] * bins for k in summary}
    for group, index, count in (await session.execute(hist_statement.group_by(key, bucket))).all():
        histograms.setdefault(group, [0] * bins)[max(int(index), 0)] += int(count)
    return summary, histograms


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


# -- trends and dimension means -----------------------------------------------------------------


def month_column(dialect: str, zone: ZoneInfo) -> Any:
    """The calendar month (``YYYY-MM``) of the interview in the organisation's time zone."""
    if dialect == "postgresql":
        return func.to_char(func.timezone(zone.key, R.interviewed_at), "YYYY-MM").label("month")
    offset = datetime.now(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return func.strftime("%Y-%m", R.interviewed_at, f"{minutes:+d} minutes").label("month")


async def monthly_means(
    session: AsyncSession,
    caller: Caller,
    f: Filters,
    dimension: str,
    group_by: GroupBy,
    zone: ZoneInfo,
) -> list[tuple[Any, str, int, float]]:
    value = value_column(dimension)
    key = group_column(group_by)
    month = month_column(session.get_bind().dialect.name, zone)
    statement = (
        scored(select(key, month, func.count(value), func.avg(value)), dimension)
        .where(*scope(caller, f), R.interviewed_at.is_not(None))
        .group_by(key, month)
        .order_by(month)
    )
    return [(k, m, int(n), float(mean)) for k, m, n, mean in (await session.execute(statement))]


async def dimension_means(
    session: AsyncSession, caller: Caller, f: Filters, group_by: GroupBy
) -> list[tuple[Any, str, str, int, float]]:
    key = group_column(group_by)
    statement = (
        select(key, D.code, func.max(D.name), func.count(D.normalized), func.avg(D.normalized))
        .join(D, D.result_id == R.id)
        .where(*scope(caller, f))
        .group_by(key, D.code)
        .order_by(D.code)
    )
    return [(k, c, name, int(n), float(m)) for k, c, name, n, m in await session.execute(statement)]


async def position_benchmarks(
    session: AsyncSession, f: Filters
) -> dict[tuple[Any, str], tuple[int, float]]:
    """Organisation-wide mean of every dimension per position (not limited by the caller's
    scope: only aggregates leave the database)."""
    conditions: list[ColumnElement[bool]] = [R.position_id.is_not(None)]
    if f.status:
        conditions.append(R.status == f.status)
    statement = (
        select(R.position_id, D.code, func.count(D.normalized), func.avg(D.normalized))
        .join(D, D.result_id == R.id)
        .where(*conditions)
        .group_by(R.position_id, D.code)
    )
    return {(p, c): (int(n), float(m)) for p, c, n, m in await session.execute(statement)}


async def department_position_means(
    session: AsyncSession, caller: Caller, f: Filters
) -> list[tuple[Any, Any, str, str, int, float]]:
    statement = (
        select(
            R.department_id,
            R.position_id,
            D.code,
            func.max(D.name),
            func.count(D.normalized),
            func.avg(D.normalized),
        )
        .join(D, D.result_id == R.id)
        .where(*scope(caller, f), R.position_id.is_not(None), R.department_id.is_not(None))
        .group_by(R.department_id, R.position_id, D.code)
    )
    return [
        (d, p, c, name, int(n), float(m))
        for d, p, c, name, n, m in await session.execute(statement)
    ]


# -- people: score vs outcome -------------------------------------------------------------------


def _latest_per_person(caller: Caller, f: Filters, dimension: str) -> Any:
    """Each person's latest result in scope (by interview time, else receipt) with its score,
    and the time of the person's first result in scope."""
    when = func.coalesce(R.interviewed_at, R.received_at)
    ranked = scored(
        select(
            R.person_id.label("person_id"),
            value_column(dimension).label("x"),
            func.row_number()
            .over(partition_by=R.person_id, order_by=(when.desc(), R.id.desc()))
            .label("rn"),
            func.min(when).over(partition_by=R.person_id).label("first_at"),
        ),
        dimension,
    ).where(*scope(caller, f))
    return ranked.subquery("latest")


async def score_outcome_pairs(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str, metric: str
) -> tuple[np.ndarray, np.ndarray]:
    """``x`` = the person's latest score, ``y`` = the person's mean of ``metric`` over all
    periods, for every person who has both."""
    outcome = (
        select(
            PerformanceRecord.person_id.label("person_id"),
            func.avg(PerformanceRecord.value).label("y"),
        )
        .where(PerformanceRecord.metric == metric)
        .group_by(PerformanceRecord.person_id)
        .subquery("outcome")
    )
    latest = _latest_per_person(caller, f, dimension)
    statement = (
        select(latest.c.x, outcome.c.y)
        .join(outcome, outcome.c.person_id == latest.c.person_id)
        .where(latest.c.rn == 1)
    )
    rows = (await session.execute(statement)).all()
    if not rows:
        return np.empty(0), np.empty(0)
    data = np.asarray(rows, dtype=np.float64)
    return data[:, 0], data[:, 1]


async def retention_rows(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str
) -> list[tuple[float, Any, datetime, Any]]:
    """``(latest score, hired_on, first result time, left_on)`` per person in scope."""
    latest = _latest_per_person(caller, f, dimension)
    statement = (
        select(latest.c.x, Person.hired_on, latest.c.first_at, Person.left_on)
        .join(Person, Person.id == latest.c.person_id)
        .where(latest.c.rn == 1)
    )
    return [(x, hired, first, left) for x, hired, first, left in await session.execute(statement)]
