"""The queries behind analytics: every one starts from the caller's scope and the result
filters, fetches only the columns it needs and lets the database group where it can."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Integer,
    Select,
    and_,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.kit.db import is_postgres
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension, ResultStatus
from scorebridge.talent.models import PerformanceRecord

GroupBy = Literal["position", "department", "batch", "none"]
QUARTILES = [0.25, 0.5, 0.75]
WORK_MEM = "128MB"
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


def visible_departments(caller: Caller) -> frozenset[uuid.UUID] | None:
    """None when the caller sees every result (HR, admin, clients); else the departments whose
    results they may analyse: a department head's granted departments and their
    sub-departments, anyone else none (the endpoints refuse them with 403 first)."""
    if caller.sees_everything:
        return None
    return caller.department_scope if caller.is_dept_head else frozenset()


def scope(caller: Caller, f: Filters) -> list[ColumnElement[bool]]:
    """The caller's :func:`visible_departments` and the result filters, as conditions."""
    conditions: list[ColumnElement[bool]] = []
    visible = visible_departments(caller)
    if visible is not None:
        conditions.append(R.department_id.in_(visible) if visible else false())
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


async def tune_for_analysis(session: AsyncSession) -> None:
    """PostgreSQL, for this transaction only: sorts and hashes of a million scores in memory
    (the default 4 MB spills them to disk); no JIT compilation, which costs more than it saves
    on these one-pass aggregates; and no plain index scans, which the planner picks to feed
    grouped percentiles in order but which visit the table's rows at random (bitmap and
    index-only scans still serve selective filters)."""
    if is_postgres(session):
        await session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
        await session.execute(text("SET LOCAL jit = off"))
        await session.execute(text("SET LOCAL enable_indexscan = off"))


def group_column(group_by: GroupBy) -> Any:
    return _GROUP_COLUMNS.get(group_by, literal(None)).label("key")


def value_column(dimension: str) -> Any:
    return R.normalized_total if dimension == "total" else D.normalized


def scored(statement: Select[Any], dimension: str) -> Select[Any]:
    """Join the dimension's scores when the analysis is not on the total."""
    if dimension == "total":
        return statement
    return statement.select_from(R).join(D, D.result_id == R.id).where(D.code == dimension)


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
    histogram counts (``floor(v·bins/100)``, 100 in the last bin), all computed in the database
    in one statement. Both aggregates read the scores on their own (a dimension's joined to
    their results twice): PostgreSQL then runs the two in parallel, where a common table read
    by both would be computed first, by one process (1.0 s against 1.3–1.5 s for a dimension
    over a million results)."""
    scores = (
        scored(select(group_column(group_by), value_column(dimension).label("v")), dimension)
        .where(*scope(caller, f))
        .subquery("scores")
    )
    key, v = scores.c.key, scores.c.v
    bucket = func.least(cast(func.floor(v * literal(bins / 100.0, Float)), Integer), bins - 1)
    stats = select(
        key,
        cast(null(), Integer).label("bucket"),
        func.count(v).label("n"),
        func.avg(v).label("mean"),
        func.stddev_samp(v).label("stdev"),
        func.percentile_cont(literal(QUARTILES, ARRAY(Float)))
        .within_group(v)
        .label("quartiles"),  # one sort for the three
    ).group_by(key)
    counts = select(
        key,
        bucket,
        func.count(),
        cast(null(), Float),
        cast(null(), Float),
        cast(null(), ARRAY(Float)),
    ).group_by(key, bucket)
    summary: dict[Any, dict[str, Any]] = {}
    histograms: dict[Any, list[int]] = {}
    for group, index, n, mean, stdev, quartiles in await session.execute(union_all(stats, counts)):
        if index is not None:
            histograms.setdefault(group, [0] * bins)[max(int(index), 0)] += int(n)
            continue
        p25, median, p75 = quartiles or (None, None, None)
        summary[group] = {
            "n": int(n),
            "mean": _float(mean),
            "stdev": _float(stdev),
            "p25": _float(p25),
            "median": _float(median),
            "p75": _float(p75),
        }
    return summary, histograms


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


# -- trends and dimension means -----------------------------------------------------------------


def month_column(dialect: str, zone: ZoneInfo) -> Any:
    """The calendar month of the interview in the organisation's time zone: on PostgreSQL the
    local month's first moment (formatted after grouping: ``to_char`` on every row costs a
    third of the query), elsewhere ``YYYY-MM``."""
    if dialect == "postgresql":
        return func.date_trunc("month", func.timezone(zone.key, R.interviewed_at)).label("month")
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
    return [
        (k, m if isinstance(m, str) else f"{m:%Y-%m}", int(n), float(mean))
        for k, m, n, mean in (await session.execute(statement))
    ]


async def dimension_means(
    session: AsyncSession, caller: Caller, f: Filters, group_by: GroupBy
) -> list[tuple[Any, str, str, int, float]]:
    key = group_column(group_by)
    statement = (
        select(key, D.code, func.max(D.name), func.count(D.normalized), func.avg(D.normalized))
        .select_from(R)
        .join(D, D.result_id == R.id)
        .where(*scope(caller, f))
        .group_by(key, D.code)
        .order_by(D.code)
    )
    return [(k, c, name, int(n), float(m)) for k, c, name, n, m in await session.execute(statement)]


async def department_position_means(
    session: AsyncSession, caller: Caller | None, f: Filters
) -> list[tuple[Any, Any, str, str, int, float]]:
    """``(department, position, code, name, n, mean)`` of the results with a position: in the
    caller's scope and filters, or with ``caller`` None organisation-wide (status filter only)."""
    if caller is None:
        conditions: list[ColumnElement[bool]] = [R.status == f.status] if f.status else []
    else:
        conditions = scope(caller, f)
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
        .where(*conditions, R.position_id.is_not(None))
        .group_by(R.department_id, R.position_id, D.code)
    )
    return [
        (d, p, c, name, int(n), float(m))
        for d, p, c, name, n, m in await session.execute(statement)
    ]


def only_status(f: Filters) -> bool:
    """Whether the filters narrow by status alone (the scope is then a set of departments)."""
    return f == Filters(status=f.status)


# -- people: score vs outcome -------------------------------------------------------------------


def _latest_per_person(
    dialect: str,
    caller: Caller,
    f: Filters,
    dimension: str,
    *,
    among: Any = None,
    with_first: bool = False,
) -> Any:
    """One row per person in scope: the score ``x`` of their latest result (by interview time,
    else receipt; ties by id) and with ``with_first`` the time of their first (``first_at``);
    only for the people in the ``among`` subquery when given.

    For all people in scope PostgreSQL groups by person and takes the first of the scores
    ordered newest first (twice as fast as ranking a million rows with a window); a window
    ranks them elsewhere, and for the fewer rows of the ``among`` people, where it is faster."""
    when = func.coalesce(R.interviewed_at, R.received_at)
    value = value_column(dimension)
    if dialect == "postgresql" and among is None:
        order = pg.aggregate_order_by(value, when.desc(), R.id.desc())
        newest_first = func.array_agg(order, type_=ARRAY(value.type))
        columns = [R.person_id.label("person_id"), newest_first[1].label("x")]
        if with_first:
            columns.append(func.min(when).label("first_at"))
        grouped = scored(select(*columns), dimension).where(*scope(caller, f))
        if among is not None:
            grouped = grouped.join(among, among.c.person_id == R.person_id)
        return grouped.group_by(R.person_id).subquery("latest")
    columns = [
        R.person_id.label("person_id"),
        value.label("x"),
        func.row_number()
        .over(partition_by=R.person_id, order_by=(when.desc(), R.id.desc()))
        .label("rn"),
    ]
    if with_first:
        columns.append(func.min(when).over(partition_by=R.person_id).label("first_at"))
    ranked = scored(select(*columns), dimension).where(*scope(caller, f))
    if among is not None:
        ranked = ranked.join(among, among.c.person_id == R.person_id)
    ranked_rows = ranked.subquery("ranked")
    return (
        select(*(c for c in ranked_rows.c if c.key != "rn"))
        .where(ranked_rows.c.rn == 1)
        .subquery("latest")
    )


async def score_outcome_pairs(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str, metric: str
) -> tuple[np.ndarray, np.ndarray]:
    """``x`` = the person's latest score, ``y`` = the person's mean of ``metric`` over all
    periods, for every person who has both (only their results are ranked)."""
    outcome = (
        select(
            PerformanceRecord.person_id.label("person_id"),
            func.avg(PerformanceRecord.value).label("y"),
        )
        .where(PerformanceRecord.metric == metric)
        .group_by(PerformanceRecord.person_id)
        .subquery("outcome")
    )
    dialect = session.get_bind().dialect.name
    latest = _latest_per_person(dialect, caller, f, dimension, among=outcome)
    statement = select(latest.c.x, outcome.c.y).join(
        outcome, outcome.c.person_id == latest.c.person_id
    )
    rows = (await session.execute(statement)).all()
    # From plain floats: numpy reads a list of Row objects a hundred times slower.
    x = np.fromiter((row[0] for row in rows), dtype=np.float64, count=len(rows))
    y = np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows))
    return x, y


async def score_spread(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str
) -> tuple[int, float | None]:
    """n and sample SD of the score over every result in scope (one aggregate pass; from n,
    Σx and Σx², which SQLite can sum too)."""
    value = value_column(dimension)
    statement = scored(
        select(func.count(value), func.sum(value), func.sum(value * value)).select_from(R),
        dimension,
    ).where(*scope(caller, f))
    n, total, squares = (await session.execute(statement)).one()
    n = int(n or 0)
    if n < 2:
        return n, None
    mean = float(total) / n
    return n, math.sqrt(max(float(squares) - n * mean * mean, 0.0) / (n - 1))


async def retention_rows(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str
) -> list[tuple[float, Any, datetime, Any]]:
    """``(latest score, hired_on, first result time, left_on)`` per person in scope."""
    dialect = session.get_bind().dialect.name
    latest = _latest_per_person(dialect, caller, f, dimension, with_first=True)
    statement = select(latest.c.x, Person.hired_on, latest.c.first_at, Person.left_on).join(
        Person, Person.id == latest.c.person_id
    )
    return [(x, hired, first, left) for x, hired, first, left in await session.execute(statement)]


async def retention_counts(
    session: AsyncSession,
    caller: Caller,
    f: Filters,
    dimension: str,
    *,
    cut: float,
    months: int,
    zone: ZoneInfo,
    today: date,
) -> tuple[dict[str, list[int]], int]:
    """PostgreSQL: the retention counts computed in the database, as the service computes them
    from :func:`retention_rows` elsewhere (the start is ``hired_on`` or the local date of the
    first result; adding months keeps the day or takes the month's last)."""
    latest = _latest_per_person("postgresql", caller, f, dimension, with_first=True)
    start = func.coalesce(Person.hired_on, cast(func.timezone(zone.key, latest.c.first_at), Date))
    people = (
        select(
            (latest.c.x >= cut).label("above"),
            cast(start + func.make_interval(0, months), Date).label("mark"),
            Person.left_on.label("left_on"),
        )
        .join(Person, Person.id == latest.c.person_id)
        .subquery("people")
    )
    counted = people.c.mark <= today
    kept = or_(people.c.left_on.is_(None), people.c.left_on >= people.c.mark)
    statement = select(
        people.c.above,
        func.count().filter(counted),
        func.count().filter(and_(counted, kept)),
        func.count().filter(~counted),
    ).group_by(people.c.above)
    counts = {"above": [0, 0], "below": [0, 0]}
    excluded = 0
    for above, n, retained, later in await session.execute(statement):
        counts["above" if above else "below"] = [int(n), int(retained)]
        excluded += int(later)
    return counts, excluded


async def outcome_metrics(session: AsyncSession, caller: Caller) -> list[dict[str, Any]]:
    """Per performance metric: people, records, periods and the greatest period label, over
    the people the caller may analyse (a department head: people with a result in their
    departments)."""
    P = PerformanceRecord
    statement = select(
        P.metric,
        func.count(func.distinct(P.person_id)),
        func.count(),
        func.count(func.distinct(P.period)),
        func.max(P.period),
    ).group_by(P.metric)
    if not caller.sees_everything:
        analysed = select(R.person_id).where(*scope(caller, Filters(status=None)))
        statement = statement.where(P.person_id.in_(analysed))
    rows = await session.execute(statement)
    metrics = [
        {"metric": m, "people": int(p), "records": int(r), "periods": int(n), "latest_period": last}
        for m, p, r, n, last in rows
    ]
    return sorted(metrics, key=lambda m: (-m["people"], m["metric"]))
