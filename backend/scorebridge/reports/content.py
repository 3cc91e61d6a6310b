"""What a quarterly pack says: the three questions of the analysis meeting, answered with the
numbers of our own analytics for one quarter and one scope (the organisation or a department
and those below it).

1. Are the score distributions per position reasonable? — per position: n, mean, quartiles,
   SD, histogram and the pass rate under its standard, with plain warnings (few results,
   bunched scores, ceiling or floor).
2. Is the score ↔ performance link significant? — for the metrics most people have: r, p,
   n, 95% CI and r corrected for range restriction, for the total and each dimension (every
   confirmed result up to the quarter's end: a link needs history).
3. Do training needs match the weak dimensions? — per department: the dimensions furthest
   below their positions' benchmark in the quarter, the course with the best evidence for
   each (completers' later scores) and the courses completed in the quarter, marked where
   they address a weak dimension.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics import answers, courses, queries, service
from scorebridge.analytics.queries import Filters
from scorebridge.analytics.schemas import Correlation, Distribution, TrainingNeeds
from scorebridge.auth.caller import Caller
from scorebridge.kit.db import Database
from scorebridge.organisation.models import Department, Person
from scorebridge.results.models import InterviewResult
from scorebridge.standards.models import ResultStandard
from scorebridge.standards.repository import dimension_codes
from scorebridge.talent.models import TrainingRecord

PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")
METRICS = 2  # outcome metrics in question 2 (those most people have)
WEAK = 3  # weak dimensions per department in question 3
ALPHA = 0.05


def quarter_bounds(period: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """``[start, end)`` of ``YYYY-Qn`` in the organisation's time zone, as UTC."""
    match = PERIOD.match(period)
    if match is None:
        raise ValueError(f"{period!r} is not a quarter like 2026-Q3")
    year, quarter = int(match.group(1)), int(match.group(2))
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=zone)
    end = datetime(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def previous_quarter(day: date) -> str:
    quarter = (day.month - 1) // 3 + 1
    return f"{day.year - 1}-Q4" if quarter == 1 else f"{day.year}-Q{quarter - 1}"


@dataclass
class PositionRow:
    name: str
    n: int
    mean: float | None
    median: float | None
    p25: float | None
    p75: float | None
    stdev: float | None
    histogram: list[int]
    judged: int
    passed: int
    warnings: list[str]


@dataclass
class LinkRow:
    metric: str
    dimension: str
    n: int
    r: float | None
    p: float | None
    ci95: list[float] | None
    corrected_r: float | None
    significant: bool


@dataclass
class WeakRow:
    department: str
    dimension: str
    gap: float
    mean: float
    benchmark: float
    course: str | None
    course_change: float | None
    course_n: int | None
    completed: list[tuple[str, int, bool]]  # course, completions in the quarter, addresses it


@dataclass
class Pack:
    period: str
    scope: str
    start: datetime
    end: datetime
    bins: list[str] = field(default_factory=list)
    first_day: date | None = None  # of the quarter, local
    last_day: date | None = None
    positions: list[PositionRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    weak: list[WeakRow] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        significant = [link for link in self.links if link.significant]
        return {
            "positions": len(self.positions),
            "results": sum(p.n for p in self.positions),
            "warnings": sum(len(p.warnings) for p in self.positions),
            "significant_links": len(significant),
            "links": len(self.links),
            "weak_dimensions": len(self.weak),
            "matched_training": sum(1 for w in self.weak if any(m for *_, m in w.completed)),
        }


def _warnings(row: Any) -> list[str]:
    out = []
    if row.n < 10:
        out.append("few")
    if row.stdev is not None and row.stdev < 5:
        out.append("bunched")
    if row.mean is not None and row.mean >= 90:
        out.append("ceiling")
    if row.mean is not None and row.mean <= 40:
        out.append("floor")
    return out


async def _ask(
    session: AsyncSession, db: Database, caller: Caller, question: Any, model: Any, **params: Any
) -> Any:
    await queries.tune_for_analysis(session)
    served = await answers.answer(session, db, caller, question, model, params)
    return served.result


async def _pass_counts(
    session: AsyncSession, caller: Caller, f: Filters
) -> dict[uuid.UUID | None, tuple[int, int]]:
    """Per position: results with a verdict and those passing, among the quarter's results."""
    r = InterviewResult
    rows = await session.execute(
        select(
            r.position_id,
            func.count(ResultStandard.result_id),
            func.count(ResultStandard.result_id).filter(ResultStandard.passed.is_(True)),
        )
        .join(ResultStandard, ResultStandard.result_id == r.id)
        .where(*queries.scope(caller, f))
        .group_by(r.position_id)
    )
    return {position: (int(n), int(k)) for position, n, k in rows}


async def gather(
    session: AsyncSession,
    db: Database,
    caller: Caller,
    period: str,
    scope_name: str,
    department_id: uuid.UUID | None,
    zone: ZoneInfo,
    total_name: str = "total",
) -> Pack:
    """``total_name``: how the total is called in the reader's language."""
    start, end = quarter_bounds(period, zone)
    pack = Pack(period=period, scope=scope_name, start=start, end=end)
    pack.first_day = start.astimezone(zone).date()
    pack.last_day = end.astimezone(zone).date() - timedelta(days=1)
    quarter = Filters(department_id=department_id, interviewed_from=start, interviewed_to=end)
    history = Filters(department_id=department_id, interviewed_to=end)
    # 1. distributions per position
    distribution: Distribution = await _ask(
        session, db, caller, service.distribution, Distribution,
        f=quarter, dimension="total", group_by="position", bins=10,
    )  # fmt: skip
    passes = await _pass_counts(session, caller, quarter)
    if distribution.groups:
        pack.bins = [f"{b.lo:g}-{b.hi:g}" for b in distribution.groups[0].histogram]
    for group in distribution.groups:
        key = uuid.UUID(group.key) if group.key else None
        judged, passed = passes.get(key, (0, 0))
        pack.positions.append(
            PositionRow(
                name=group.label, n=group.n, mean=group.mean, median=group.median,
                p25=group.p25, p75=group.p75, stdev=group.stdev,
                histogram=[b.count for b in group.histogram], judged=judged, passed=passed,
                warnings=_warnings(group),
            )
        )  # fmt: skip
    # 2. score ↔ performance
    metrics = [m["metric"] for m in await queries.outcome_metrics(session, caller)][:METRICS]
    codes = await dimension_codes(session)
    for metric in metrics:
        for dimension in ["total", *sorted(codes)]:
            found: Correlation = await _ask(
                session, db, caller, service.correlation, Correlation,
                f=history, dimension=dimension, outcome=metric,
            )  # fmt: skip
            if found.n == 0:
                continue
            pack.links.append(
                LinkRow(
                    metric=metric,
                    dimension=total_name
                    if dimension == "total"
                    else codes.get(dimension, dimension),
                    n=found.n,
                    r=found.pearson_r,
                    p=found.pearson_p,
                    ci95=found.ci95,
                    corrected_r=found.corrected_r,
                    significant=found.pearson_p is not None and found.pearson_p < ALPHA,
                )
            )
    # 3. training needs vs weak dimensions
    needs: TrainingNeeds = await _ask(
        session, db, caller, service.training_needs, TrainingNeeds, f=quarter
    )
    weak_codes = {g.code for d in needs.departments for g in d.dimensions[:WEAK] if g.gap < 0}
    effects = await courses.course_effects(session, caller, history, zone, weak_codes or None)
    best = {d.code: next((c for c in d.courses if _works(c)), None) for d in effects.dimensions}
    helpful = {d.code: {c.course for c in d.courses if _works(c)} for d in effects.dimensions}
    days = (start.astimezone(zone).date(), end.astimezone(zone).date())
    completed = await _completions(session, days, [d.key for d in needs.departments])
    for department in needs.departments:
        taken = completed.get(department.key, {})
        for gap in [g for g in department.dimensions[:WEAK] if g.gap < 0]:
            course = best.get(gap.code)
            pack.weak.append(
                WeakRow(
                    department=department.label, dimension=gap.name, gap=gap.gap,
                    mean=gap.mean, benchmark=gap.benchmark,
                    course=course.course if course else None,
                    course_change=course.mean_change if course else None,
                    course_n=course.n if course else None,
                    completed=[
                        (name, n, name in helpful.get(gap.code, set()))
                        for name, n in sorted(taken.items(), key=lambda kv: -kv[1])
                    ],
                )
            )  # fmt: skip
    return pack


def _works(course: courses.CourseEffect) -> bool:
    """Evidence that a course helps: enough completers and a 95% CI of the change above 0."""
    return course.enough_data and course.ci95 is not None and course.ci95[0] > 0


async def _completions(
    session: AsyncSession, days: tuple[date, date], department_keys: list[str]
) -> dict[str, dict[str, int]]:
    """Per department (people's own department): courses completed in the quarter (local
    dates ``[first, next quarter's first)``)."""
    if not department_keys:
        return {}
    ids = [uuid.UUID(k) for k in department_keys]
    rows = await session.execute(
        select(Person.department_id, TrainingRecord.course, func.count())
        .join(Person, Person.id == TrainingRecord.person_id)
        .where(
            Person.department_id.in_(ids),
            TrainingRecord.completed_on >= days[0],
            TrainingRecord.completed_on < days[1],
        )
        .group_by(Person.department_id, TrainingRecord.course)
    )
    out: dict[str, dict[str, int]] = {}
    for department_id, course, n in rows:
        out.setdefault(str(department_id), {})[course] = int(n)
    return out


async def scope_name(session: AsyncSession, department_id: uuid.UUID | None, locale: str) -> str:
    if department_id is None:
        return "全公司" if locale == "zh-CN" else "Whole organisation"
    name = await session.scalar(select(Department.name).where(Department.id == department_id))
    return name or str(department_id)
