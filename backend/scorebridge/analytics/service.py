"""Assembling the analytics answers from the queries and the statistics."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics import queries, statistics
from scorebridge.analytics.queries import Filters, GroupBy
from scorebridge.analytics.schemas import (
    Correlation,
    DepartmentNeeds,
    DimensionMean,
    DimensionMeans,
    DimensionMeansGroup,
    Distribution,
    DistributionGroup,
    HistogramBin,
    Retention,
    Threshold,
    TrainingGap,
    TrainingNeeds,
    TrendPoint,
    Trends,
    TrendSeries,
)
from scorebridge.auth.caller import Caller
from scorebridge.kit.db import is_postgres
from scorebridge.results.dimension_names import fill_names

UNASSIGNED = "Unassigned"


def _key(value: Any) -> str | None:
    return str(value) if value is not None else None


def _label(
    names: dict[Any, tuple[str, str]], key: Any, group_by: GroupBy
) -> tuple[str | None, str]:
    if group_by == "none":
        return None, "All"
    code, name = names.get(key, (None, UNASSIGNED))
    return code, name


def _sort_key(group: Any) -> tuple[bool, str]:
    return (group.key is None, group.label)


async def distribution(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str, group_by: GroupBy, bins: int
) -> Distribution:
    width = 100.0 / bins
    edges = [HistogramBin(lo=i * width, hi=(i + 1) * width, count=0) for i in range(bins)]
    summary: dict[Any, dict[str, Any]] = {}
    histograms: dict[Any, list[int]] = {}
    if is_postgres(session):
        summary, histograms = await queries.summary_by_group(
            session, caller, f, dimension, group_by, bins
        )
    else:
        for key, values in (
            await queries.values_by_group(session, caller, f, dimension, group_by)
        ).items():
            summary[key] = {"n": len(values), **statistics.describe(values)}
            histograms[key] = statistics.histogram(values, bins)
    names = await queries.labels(session, group_by, set(summary))
    groups = []
    for key, s in summary.items():
        code, label = _label(names, key, group_by)
        groups.append(
            DistributionGroup(
                key=_key(key),
                code=code,
                label=label,
                histogram=[
                    HistogramBin(lo=e.lo, hi=e.hi, count=c)
                    for e, c in zip(edges, histograms.get(key, [0] * bins), strict=True)
                ],
                **s,
            )
        )
    groups.sort(key=_sort_key)
    return Distribution(dimension=dimension, group_by=group_by, bins=bins, groups=groups)


async def trends(
    session: AsyncSession,
    caller: Caller,
    f: Filters,
    dimension: str,
    group_by: GroupBy,
    zone: ZoneInfo,
) -> Trends:
    rows = await queries.monthly_means(session, caller, f, dimension, group_by, zone)
    names = await queries.labels(session, group_by, {r[0] for r in rows})
    series: dict[Any, list[TrendPoint]] = defaultdict(list)
    for key, month, n, mean in rows:
        series[key].append(TrendPoint(month=month, n=n, mean=mean))
    out = [
        TrendSeries(key=_key(k), label=_label(names, k, group_by)[1], points=points)
        for k, points in series.items()
    ]
    out.sort(key=_sort_key)
    return Trends(dimension=dimension, group_by=group_by, series=out)


async def dimension_means(
    session: AsyncSession, caller: Caller, f: Filters, group_by: GroupBy
) -> DimensionMeans:
    rows = await queries.dimension_means(session, caller, f, group_by)
    names = await queries.labels(session, group_by, {r[0] for r in rows})
    dimension_names = await fill_names(session, ((code, name) for _, code, name, _, _ in rows))
    groups: dict[Any, list[DimensionMean]] = defaultdict(list)
    for key, code, _, n, mean in rows:
        groups[key].append(DimensionMean(code=code, name=dimension_names[code], n=n, mean=mean))
    out = [
        DimensionMeansGroup(key=_key(k), label=_label(names, k, group_by)[1], dimensions=dims)
        for k, dims in groups.items()
    ]
    out.sort(key=_sort_key)
    return DimensionMeans(group_by=group_by, groups=out)


async def correlation(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str, outcome: str
) -> Correlation:
    x, y = await queries.score_outcome_pairs(session, caller, f, dimension, outcome)
    found = statistics.correlation(x, y)
    n_all, sd_all = await queries.score_spread(session, caller, f, dimension)
    found.update(statistics.range_correction(found["pearson_r"], x, n_all, sd_all))
    return Correlation(dimension=dimension, outcome=outcome, **found)


async def threshold(
    session: AsyncSession, caller: Caller, f: Filters, dimension: str, cut: float, outcome: str
) -> Threshold:
    x, y = await queries.score_outcome_pairs(session, caller, f, dimension, outcome)
    return Threshold(dimension=dimension, outcome=outcome, **statistics.threshold(x, y, cut))


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


async def retention(
    session: AsyncSession,
    caller: Caller,
    f: Filters,
    dimension: str,
    cut: float,
    months: int,
    zone: ZoneInfo,
    today: date,
) -> Retention:
    """``today`` is the organisation's local date (it decides who has been counted)."""
    counts = {"above": [0, 0], "below": [0, 0]}  # [n, retained]
    excluded = 0
    if is_postgres(session):
        counts, excluded = await queries.retention_counts(
            session, caller, f, dimension, cut=cut, months=months, zone=zone, today=today
        )
        rows = []
    else:
        rows = await queries.retention_rows(session, caller, f, dimension)
    for x, hired_on, first_at, left_on in rows:
        start = hired_on or first_at.astimezone(zone).date()
        mark = add_months(start, months)
        if mark > today:
            excluded += 1
            continue
        group = counts["above" if x >= cut else "below"]
        group[0] += 1
        group[1] += 1 if left_on is None or left_on >= mark else 0
    test = statistics.two_proportions(
        counts["above"][1], counts["above"][0], counts["below"][1], counts["below"][0]
    )
    return Retention(dimension=dimension, threshold=cut, months=months, excluded=excluded, **test)


async def training_needs(session: AsyncSession, caller: Caller, f: Filters) -> TrainingNeeds:
    # Benchmarks are organisation-wide means per position; a department's own means come from
    # the same grouping when only the status is filtered (one pass over the scores, not two).
    everywhere = await queries.department_position_means(session, None, f)
    benchmarks: dict[tuple[Any, str], list[float]] = {}
    for _, position_id, code, _, n, mean in everywhere:
        acc = benchmarks.setdefault((position_id, code), [0, 0.0])
        acc[0] += n
        acc[1] += n * mean
    if queries.only_status(f):
        visible = queries.visible_departments(caller)
        rows = [r for r in everywhere if visible is None or r[0] in visible]
    else:
        rows = await queries.department_position_means(session, caller, f)
    # department → code → [n, Σ n·mean, Σ n·benchmark, name]
    sums: dict[Any, dict[str, list[Any]]] = defaultdict(dict)
    for department_id, position_id, code, name, n, mean in rows:
        bench = benchmarks.get((position_id, code))
        if department_id is None or bench is None:
            continue
        acc = sums[department_id].setdefault(code, [0, 0.0, 0.0, name or code])
        acc[0] += n
        acc[1] += n * mean
        acc[2] += n * bench[1] / bench[0]
    names = await queries.labels(session, "department", set(sums))
    dimension_names = await fill_names(
        session, ((code, acc[3]) for dims in sums.values() for code, acc in dims.items())
    )
    out = []
    for department_id, dims in sums.items():
        gaps = [
            TrainingGap(
                code=code,
                name=dimension_names[code],
                n=n,
                mean=total / n,
                benchmark=bench_total / n,
                gap=(total - bench_total) / n,
            )
            for code, (n, total, bench_total, _) in dims.items()
        ]
        gaps.sort(key=lambda g: g.gap)
        dept_code, label = _label(names, department_id, "department")
        out.append(
            DepartmentNeeds(
                key=str(department_id),
                code=dept_code,
                label=label,
                n=max((g.n for g in gaps), default=0),
                dimensions=gaps,
            )
        )
    out.sort(key=lambda d: d.dimensions[0].gap if d.dimensions else 0.0)
    return TrainingNeeds(departments=out)
