"""The queries behind the fairness audit and vendor quality: the database counts and groups,
Python only sees a row per group (or per vendor and month).

Adverse impact counts each person once per position — their latest result in scope (by
interview time, else receipt; ties by id) — grouped by the attribute's group, with how many
of them were selected on the basis asked. Everything is computed organisation-wide: only
admins and auditors ask, and an auditor has no departments.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from scipy import stats
from sqlalchemy import (
    ColumnElement,
    Integer,
    case,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics import queries as analytics
from scorebridge.analytics.queries import Filters
from scorebridge.auth.caller import Caller
from scorebridge.fairness.models import PersonAttributes
from scorebridge.fairness.statistics import UNKNOWN
from scorebridge.kit.db import is_postgres
from scorebridge.results.models import InterviewResult, ResultStatus
from scorebridge.talent.models import PerformanceRecord

R = InterviewResult
A = PersonAttributes
# The whole organisation (admins and auditors see every result in aggregate).
ORGANISATION = Caller(kind="client", id=uuid.UUID(int=0), name="fairness")


@dataclass(frozen=True)
class AuditFilters:
    position_id: uuid.UUID | None = None  # None: every position, grouped by position
    department_id: uuid.UUID | None = None
    batch_id: uuid.UUID | None = None
    vendor_id: uuid.UUID | None = None
    interviewed_from: datetime | None = None
    interviewed_to: datetime | None = None
    status: str | None = ResultStatus.confirmed  # None: every status


@dataclass
class PositionCounts:
    """One position's people per group: ``key → (n, selected)``, the data window and, for
    ``basis=median``, the median score."""

    counts: dict[str, tuple[int, int]]
    first: datetime | None = None
    last: datetime | None = None
    median: float | None = None


def _conditions(f: AuditFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        R.position_id == f.position_id if f.position_id else R.position_id.is_not(None)
    ]
    if f.status:
        conditions.append(R.status == f.status)
    if f.department_id:
        conditions.append(R.department_id == f.department_id)
    if f.batch_id:
        conditions.append(R.batch_id == f.batch_id)
    if f.vendor_id:
        conditions.append(R.vendor_id == f.vendor_id)
    if f.interviewed_from:
        conditions.append(R.interviewed_at >= f.interviewed_from)
    if f.interviewed_to:
        conditions.append(R.interviewed_at < f.interviewed_to)
    return conditions


def _year(postgres: bool, zone: ZoneInfo, when: Any) -> Any:
    """The calendar year of ``when`` in the organisation's time zone."""
    if postgres:
        return cast(func.extract("year", func.timezone(zone.key, when)), Integer)
    offset = datetime.now(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return cast(func.strftime("%Y", when, f"{minutes:+d} minutes"), Integer)


def _latest(
    postgres: bool, f: AuditFilters, zone: ZoneInfo, passed: ColumnElement[bool] | None
) -> Any:
    """Each person's latest result per position in scope: position, person, score ``x``,
    time ``at``, its ``year`` and (basis=standard) whether it ``passed``."""
    when = func.coalesce(R.interviewed_at, R.received_at)
    columns = [
        R.position_id.label("position_id"),
        R.person_id.label("person_id"),
        R.normalized_total.label("x"),
        when.label("at"),
        _year(postgres, zone, when).label("year"),
        (passed if passed is not None else false()).label("passed"),
    ]
    if postgres:  # one sort, no window
        return (
            select(*columns)
            .where(*_conditions(f))
            .ext(distinct_on(R.position_id, R.person_id))
            .order_by(R.position_id, R.person_id, when.desc(), R.id.desc())
            .cte("latest")
        )
    rank = func.row_number().over(
        partition_by=(R.position_id, R.person_id), order_by=(when.desc(), R.id.desc())
    )
    ranked = select(*columns, rank.label("rn")).where(*_conditions(f)).subquery("ranked")
    return select(*(c for c in ranked.c if c.key != "rn")).where(ranked.c.rn == 1).cte("latest")


def _medians(latest: Any) -> Any:
    """Per position, the median score of its people: the middle one, or the mean of the two
    middle ones (as numpy's median and PostgreSQL's ``percentile_cont(0.5)``)."""
    ranked = select(
        latest.c.position_id,
        latest.c.x,
        func.row_number().over(partition_by=latest.c.position_id, order_by=latest.c.x).label("rn"),
        func.count().over(partition_by=latest.c.position_id).label("c"),
    ).subquery("ordered")
    middle = or_(ranked.c.rn == (ranked.c.c + 1) // 2, ranked.c.rn == (ranked.c.c + 2) // 2)
    return (
        select(ranked.c.position_id, func.avg(ranked.c.x).label("med"))
        .where(middle)
        .group_by(ranked.c.position_id)
        .subquery("medians")
    )


def _group(attribute: str, latest: Any) -> Any:
    if attribute == "gender":
        return func.coalesce(A.gender, literal(UNKNOWN))
    age = latest.c.year - A.birth_year
    return case(
        (A.birth_year.is_(None), literal(UNKNOWN)),
        (age < 30, literal("under_30")),
        (age < 40, literal("30_39")),
        (age < 50, literal("40_49")),
        else_=literal("50_plus"),
    )


async def selection_counts(
    session: AsyncSession,
    f: AuditFilters,
    *,
    attribute: str,
    basis: str,
    zone: ZoneInfo,
    threshold: float | None = None,
    passed: ColumnElement[bool] | None = None,
) -> dict[uuid.UUID, PositionCounts]:
    """Per position in scope: people and selected per group of ``attribute``.

    Selected: ``threshold`` — score ≥ threshold; ``median`` — score strictly above the
    position's median (NYC LL 144's scoring rate: ties at the median are not selected);
    ``standard`` — the result passed the position's standard (``passed``)."""
    latest = _latest(is_postgres(session), f, zone, passed if basis == "standard" else None)
    key = _group(attribute, latest).label("key")
    median: Any = null()
    if basis == "threshold":
        chosen: Any = latest.c.x >= (threshold if threshold is not None else 0.0)
    elif basis == "median":
        medians = _medians(latest)
        chosen = latest.c.x > medians.c.med
        median = func.max(medians.c.med)
    else:
        chosen = latest.c.passed == true()
    statement = select(
        latest.c.position_id,
        key,
        func.count(),
        func.coalesce(func.sum(case((chosen, 1), else_=0)), 0),
        func.min(latest.c.at),
        func.max(latest.c.at),
        median,
    ).select_from(latest)
    if basis == "median":
        statement = statement.join(medians, medians.c.position_id == latest.c.position_id)
    statement = statement.outerjoin(A, A.person_id == latest.c.person_id).group_by(
        latest.c.position_id, key
    )
    out: dict[uuid.UUID, PositionCounts] = {}
    for position_id, group, n, selected, first, last, med in await session.execute(statement):
        found = out.setdefault(position_id, PositionCounts({}))
        found.counts[str(group)] = (int(n), int(selected))
        found.first = min(filter(None, (found.first, first)), default=None)
        found.last = max(filter(None, (found.last, last)), default=None)
        found.median = float(med) if med is not None else None
    return out


# -- vendor quality ----------------------------------------------------------------------------


def _vendor_scope(f: Filters, vendor_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    conditions = analytics.scope(ORGANISATION, f)
    if vendor_id is not None:
        conditions.append(R.vendor_id == vendor_id)
    return conditions


async def vendor_months(
    session: AsyncSession,
    f: Filters,
    dimension: str,
    zone: ZoneInfo,
    vendor_id: uuid.UUID | None = None,
) -> list[tuple[uuid.UUID, str, int, float, float | None]]:
    """``(vendor, YYYY-MM, n, mean, sample sd)`` per vendor and month of interview."""
    value = analytics.value_column(dimension)
    postgres = is_postgres(session)
    month = analytics.month_column(session.get_bind().dialect.name, zone)
    spread = func.stddev_samp(value) if postgres else func.avg(value * value)
    statement = (
        analytics.scored(
            select(R.vendor_id, month, func.count(value), func.avg(value), spread), dimension
        )
        .where(*_vendor_scope(f, vendor_id), R.interviewed_at.is_not(None))
        .group_by(R.vendor_id, month)
    )
    rows = []
    for vendor, m, n, mean, s in await session.execute(statement):
        n, mean = int(n), float(mean)
        if postgres:
            sd = float(s) if s is not None else None
        else:  # from the mean square: sqrt(n/(n−1)·(E[x²] − mean²))
            sd = float(np.sqrt(max(0.0, float(s) - mean * mean) * n / (n - 1))) if n > 1 else None
        rows.append((vendor, m if isinstance(m, str) else f"{m:%Y-%m}", n, mean, sd))
    return rows


async def vendor_validity(
    session: AsyncSession,
    f: Filters,
    dimension: str,
    metric: str,
    vendor_id: uuid.UUID | None = None,
) -> dict[uuid.UUID, tuple[int, float | None]]:
    """Per vendor: ``(n, Pearson r)`` of each person's latest score from that vendor against
    the person's mean of ``metric`` over all periods (people with both)."""
    outcome = (
        select(
            PerformanceRecord.person_id.label("person_id"),
            func.avg(PerformanceRecord.value).label("y"),
        )
        .where(PerformanceRecord.metric == metric)
        .group_by(PerformanceRecord.person_id)
        .subquery("outcome")
    )
    when = func.coalesce(R.interviewed_at, R.received_at)
    value = analytics.value_column(dimension)
    columns = [R.vendor_id.label("vendor_id"), value.label("x"), outcome.c.y.label("y")]
    base = analytics.scored(select(*columns), dimension).join(
        outcome, outcome.c.person_id == R.person_id
    )
    base = base.where(*_vendor_scope(f, vendor_id))
    if is_postgres(session):
        latest = (
            base.ext(distinct_on(R.vendor_id, R.person_id))
            .order_by(R.vendor_id, R.person_id, when.desc(), R.id.desc())
            .subquery("latest")
        )
        rows = await session.execute(
            select(latest.c.vendor_id, func.count(), func.corr(latest.c.x, latest.c.y)).group_by(
                latest.c.vendor_id
            )
        )
        return {v: (int(n), float(r) if r is not None else None) for v, n, r in rows}
    rank = func.row_number().over(
        partition_by=(R.vendor_id, R.person_id), order_by=(when.desc(), R.id.desc())
    )
    ranked = base.add_columns(rank.label("rn")).subquery("ranked")
    pairs: dict[uuid.UUID, list[tuple[float, float]]] = {}
    for vendor_id, x, y in await session.execute(
        select(ranked.c.vendor_id, ranked.c.x, ranked.c.y).where(ranked.c.rn == 1)
    ):
        pairs.setdefault(vendor_id, []).append((float(x), float(y)))
    out: dict[uuid.UUID, tuple[int, float | None]] = {}
    for vendor_id, values in pairs.items():
        xs, ys = np.array(values).T
        r = None
        if len(values) >= 2 and np.ptp(xs) > 0 and np.ptp(ys) > 0:
            r = float(stats.pearsonr(xs, ys).statistic)
        out[vendor_id] = (len(values), r)
    return out
