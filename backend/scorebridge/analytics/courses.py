"""Training that works: for each dimension, the courses whose completers' later results
improved it most — so HR assigns courses with evidence, not guesses.

For every training record (person, course, completion date) and every dimension the person
was scored on both before and after: change = the first score after the completion date − the
last score before it (results in the caller's scope and filters, by interview time, else
receipt; the completion day itself counts as neither). Per course and dimension: n, the mean
change and its 95% confidence interval (Student's t, n − 1 degrees of freedom).
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from scipy import stats
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics.endpoints import SCOPE, AnalysisSession, Analyst, AnalyticsFilters
from scorebridge.analytics.queries import Filters, scope
from scorebridge.auth.caller import Caller
from scorebridge.kit.errors import responses
from scorebridge.kit.web import AppSettings
from scorebridge.results.dimension_names import fill_names, is_unnamed
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.talent.models import TrainingRecord

MIN_N = 5  # below this a course's effect is shown but not ranked among the evidence


class CourseEffect(BaseModel):
    course: str
    n: int = Field(description="Completions with a score of the dimension before and after")
    mean_change: float = Field(description="Mean of (first score after − last score before)")
    ci95: list[float] | None = Field(description="95% CI of the mean change (t); null if n < 2")
    enough_data: bool = Field(description=f"n ≥ {MIN_N}")


class DimensionCourses(BaseModel):
    code: str
    name: str
    courses: list[CourseEffect] = Field(
        description=f"Courses with n ≥ {MIN_N} first, each group by mean change, largest first"
    )


class CourseEffects(BaseModel):
    dimensions: list[DimensionCourses]


def mean_ci(changes: list[float]) -> tuple[float, list[float] | None]:
    n = len(changes)
    mean = sum(changes) / n
    if n < 2:
        return mean, None
    sd = math.sqrt(sum((c - mean) ** 2 for c in changes) / (n - 1))
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return mean, [mean - half, mean + half]


async def course_effects(
    session: AsyncSession, caller: Caller, f: Filters, zone: ZoneInfo, codes: set[str] | None
) -> CourseEffects:
    r, d = InterviewResult, ResultDimension
    trained = select(TrainingRecord.person_id).distinct()
    when = func.coalesce(r.interviewed_at, r.received_at)
    statement = (
        select(r.person_id, when, d.code, d.name, d.normalized)
        .join(d, d.result_id == r.id)
        .where(*scope(caller, f), r.person_id.in_(trained))
        .order_by(r.person_id, when, r.id)
    )
    if codes:
        statement = statement.where(d.code.in_(sorted(codes)))
    # person → code → [(local date, score)] in time order
    scores: dict[uuid.UUID, dict[str, list[tuple[date, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    names: dict[str, str] = {}
    for person_id, at, code, name, normalized in await session.execute(statement):
        local = at.astimezone(zone).date() if isinstance(at, datetime) else at
        scores[person_id][code].append((local, float(normalized)))
        if is_unnamed(code, names.get(code)):
            names[code] = name
    if not scores:
        return CourseEffects(dimensions=[])
    changes: dict[tuple[str, str], list[float]] = defaultdict(list)
    records = await session.execute(
        select(TrainingRecord.person_id, TrainingRecord.course, TrainingRecord.completed_on).where(
            TrainingRecord.person_id.in_(list(scores))
        )
    )
    for person_id, course, completed_on in records:
        for code, series in scores[person_id].items():
            before = [s for day, s in series if day < completed_on]
            after = [s for day, s in series if day > completed_on]
            if before and after:
                changes[(code, course)].append(after[0] - before[-1])
    by_code: dict[str, list[CourseEffect]] = defaultdict(list)
    for (code, course), values in changes.items():
        mean, ci = mean_ci(values)
        by_code[code].append(
            CourseEffect(
                course=course,
                n=len(values),
                mean_change=mean,
                ci95=ci,
                enough_data=len(values) >= MIN_N,
            )
        )
    out = []
    names = await fill_names(session, names.items())
    for code, courses in sorted(by_code.items()):
        courses.sort(key=lambda c: (not c.enough_data, -c.mean_change, c.course))
        out.append(DimensionCourses(code=code, name=names.get(code, code), courses=courses))
    return CourseEffects(dimensions=out)


router = APIRouter(prefix="/analytics", tags=["analytics"])


@router.get(
    "/course-effects",
    operation_id="getCourseEffects",
    summary="Courses whose completers' later results improved each dimension most",
    description="For every training record and dimension the person was scored on before "
    "and after the completion date (in the organisation's time zone): change = first score "
    "after − last score before. Per dimension and course: n, mean change and its 95% "
    f"confidence interval (Student's t, n − 1 df; null for n < 2); courses with n ≥ {MIN_N} "
    "come first, each group by mean change, largest first. `dimension` (repeatable) narrows "
    "the dimensions. Computed on every ask (training records are not among the saved "
    "answers' data)." + SCOPE.split("\n\n**Saved answers.**")[0],
    responses=responses(401, 403, 422),
)
async def get_course_effects(
    caller: Analyst,
    session: AnalysisSession,
    settings: AppSettings,
    filters: AnalyticsFilters,
    dimension: Annotated[list[str] | None, Query(max_length=50)] = None,
) -> CourseEffects:
    zone = ZoneInfo(settings.default_timezone)
    return await course_effects(session, caller, filters, zone, set(dimension or []) or None)
