"""Analytics on normalised 0–100 scores (analytics:read: HR, admin, department heads, clients).

Every endpoint reads the results the caller may see — HR, admin and clients all, a department
head the granted departments and their sub-departments — and takes the result filters
``department_id``, ``position_id``, ``batch_id``, ``interviewed_from``, ``interviewed_to`` and
``status`` (default ``confirmed``; ``any`` for every status).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics import answers, queries, service
from scorebridge.analytics.queries import Filters, GroupBy
from scorebridge.analytics.schemas import (
    Correlation,
    DimensionMeans,
    Distribution,
    OutcomeMetrics,
    Retention,
    Threshold,
    TrainingNeeds,
    Trends,
)
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit.db import Database
from scorebridge.kit.errors import responses
from scorebridge.kit.fields import Instant
from scorebridge.kit.web import AppDatabase, AppSettings, Session

router = APIRouter(prefix="/analytics", tags=["analytics"])

Analyst = Annotated[Caller, Depends(requires(Permission.analytics_read))]


async def analytics_session(session: Session) -> AsyncSession:
    await queries.tune_for_analysis(session)
    return session


AnalysisSession = Annotated[AsyncSession, Depends(analytics_session)]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Asker:
    """Asks a question of :mod:`scorebridge.analytics.service` through the saved answers."""

    session: AsyncSession
    database: Database
    caller: Caller
    fresh: bool
    max_stale: float
    response: Response

    async def __call__(self, question: answers.Question[M], model: type[M], **params: Any) -> M:
        served = await answers.answer(
            self.session,
            self.database,
            self.caller,
            question,
            model,
            params,
            fresh=self.fresh,
            max_stale=self.max_stale,
        )
        self.response.headers["Cache-Status"] = served.status
        if served.stale_seconds is not None:
            self.response.headers["Age"] = str(served.stale_seconds)
        return served.result


def asker(
    caller: Analyst,
    session: AnalysisSession,
    database: AppDatabase,
    request: Request,
    response: Response,
    settings: AppSettings,
) -> Asker:
    directives = request.headers.get("cache-control", "").lower()
    fresh = "no-cache" in directives
    max_stale = float(settings.analytics_max_stale_seconds)
    asked = _MAX_STALE.search(directives)
    if asked:  # the client may accept less staleness than the server allows, never more
        max_stale = min(max_stale, float(asked.group(1)))
    return Asker(session, database, caller, fresh, max_stale, response)


_MAX_STALE = re.compile(r"max-stale\s*=\s*(\d+)")


Ask = Annotated[Asker, Depends(asker)]

SCOPE = (
    "\n\n**Data.** Scores are the normalised 0–100 values (`normalized_total` for `total`, a "
    "dimension's `normalized` otherwise) of the results in the caller's scope (HR/admin: all; "
    "department head: granted departments and sub-departments; others 403), filtered like "
    "`GET /results`; only `confirmed` results unless `status` says otherwise."
    "\n\n**Saved answers.** An answer is saved with the version of the data it was computed "
    "from and served again while none of what it reads has changed since — the scores, status "
    "and organisation of results, their dimensions, performance records, employment dates, "
    "departments, positions, batches. With the default status filter "
    "only changes touching confirmed results count: results arriving for review leave those "
    "answers in place. Answers are shared by callers who see the same departments. The "
    "`Cache-Status` response header (RFC 9211) says "
    "`ScoreBridge; hit` for a saved answer and `ScoreBridge; fwd=miss; stored` for one computed "
    "now; send `Cache-Control: no-cache` to have it computed again. The default dashboard of "
    "the whole organisation and of each department head is computed ahead after changes "
    "(`analytics.prepare`, and at once after an import)."
    "\n\n**Stale answers.** An answer that took over a quarter of a second to compute (a large "
    "organisation's) may be served after the data changed, for up to "
    "`SCOREBRIDGE_ANALYTICS_MAX_STALE_SECONDS` (300) after it was computed, while it is "
    "computed again: `Cache-Status: ScoreBridge; hit; detail=stale` with an `Age` header in "
    "seconds. `Cache-Control: max-stale=N` accepts at most N seconds (`max-stale=0`: never "
    "stale). Answers that are quick to compute are never served stale."
)
PEOPLE = (
    "\n\n**Per person.** A person's score is the score of their *latest* result in scope that "
    "has the dimension (by `interviewed_at`, else `received_at`); the outcome is the person's "
    "mean of the performance `metric` over all periods. People without both are left out."
)
SMALL = (
    "\n\n**Small samples.** With fewer than 10 people (in each group, where there are groups) "
    'the statistics are null, `enough_data` is false and `message` says "not enough data '
    '(n < 10)".'
)


def analytics_filters(
    department_id: uuid.UUID | None = None,
    position_id: uuid.UUID | None = None,
    batch_id: uuid.UUID | None = None,
    interviewed_from: Instant | None = None,
    interviewed_to: Instant | None = None,
    status: Annotated[
        Literal["confirmed", "pending_review", "returned", "rejected", "any"],
        Query(description="Result status to include (default confirmed; `any` for all)"),
    ] = "confirmed",
) -> Filters:
    return Filters(
        department_id=department_id,
        position_id=position_id,
        batch_id=batch_id,
        interviewed_from=interviewed_from,
        interviewed_to=interviewed_to,
        status=None if status == "any" else status,
    )


AnalyticsFilters = Annotated[Filters, Depends(analytics_filters)]
Dimension = Annotated[
    str,
    Query(
        min_length=1,
        max_length=64,
        description="`total` or a dimension code, e.g. `communication`",
    ),
]
Outcome = Annotated[
    str, Query(min_length=1, max_length=64, description="A performance metric, e.g. `sales`")
]
GroupParam = Annotated[
    GroupBy, Query(description="Group by position, department or batch (`none`: one group)")
]
Cut = Annotated[float, Query(ge=0, le=100, description="Score threshold on the 0–100 scale")]


@router.get(
    "/distribution",
    operation_id="getScoreDistribution",
    summary="Score distribution per group",
    description="Per group: n, mean, median and quartiles (linear interpolation between order "
    "statistics, as numpy's default and PostgreSQL `percentile_cont`), sample standard "
    "deviation (n − 1; null for n < 2) and a histogram of `bins` equal-width bins over 0–100 "
    "(bin i holds `lo <= score < hi`; the last bin also holds 100), whose counts sum to n. "
    "On PostgreSQL everything is computed in the database." + SCOPE,
    responses=responses(401, 403, 422),
)
async def get_distribution(
    ask: Ask,
    filters: AnalyticsFilters,
    dimension: Dimension = "total",
    group_by: GroupParam = "position",
    bins: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Distribution:
    return await ask(
        service.distribution,
        Distribution,
        f=filters,
        dimension=dimension,
        group_by=group_by,
        bins=bins,
    )


@router.get(
    "/trends",
    operation_id="getScoreTrends",
    summary="Mean score per month per group",
    description="Mean score and n per calendar month (of `interviewed_at`, in the "
    "organisation's time zone) per group; results without an interview time are left out." + SCOPE,
    responses=responses(401, 403, 422),
)
async def get_trends(
    ask: Ask,
    settings: AppSettings,
    filters: AnalyticsFilters,
    dimension: Dimension = "total",
    group_by: GroupParam = "position",
) -> Trends:
    zone = ZoneInfo(settings.default_timezone)
    return await ask(
        service.trends, Trends, f=filters, dimension=dimension, group_by=group_by, zone=zone
    )


@router.get(
    "/dimension-means",
    operation_id="getDimensionMeans",
    summary="Mean of every dimension per group (for a radar chart)",
    description="Arithmetic mean and n of each dimension's normalised score per group." + SCOPE,
    responses=responses(401, 403, 422),
)
async def get_dimension_means(
    ask: Ask, filters: AnalyticsFilters, group_by: GroupParam = "position"
) -> DimensionMeans:
    return await ask(service.dimension_means, DimensionMeans, f=filters, group_by=group_by)


@router.get(
    "/correlation",
    operation_id="getScoreOutcomeCorrelation",
    summary="Does the score predict a performance metric?",
    description="Pearson's r with its two-sided p-value (`scipy.stats.pearsonr`), a 95% "
    "confidence interval of r by Fisher's z-transform (tanh(atanh r ± 1.96/√(n − 3))), "
    "Spearman's rank correlation rho with its p-value (`scipy.stats.spearmanr`), the "
    "least-squares line outcome = slope·score + intercept (`scipy.stats.linregress`) and up "
    "to 2,000 `[score, outcome]` points for a scatter plot (evenly spaced over the pairs "
    "sorted by score). `corrected_r`: r corrected for range restriction (Thorndike case II, "
    "r·u / √(1 − r² + r²·u²), u = `sd_all` / `sd_selected`): only people with an outcome "
    "(hired) are in r, a sample selected on the scores; `sd_all` is the score's sample SD "
    "over every result in scope (all candidates), `sd_selected` among the people in r."
    + PEOPLE
    + SMALL
    + SCOPE,
    responses=responses(401, 403, 422),
)
async def get_correlation(
    ask: Ask, filters: AnalyticsFilters, outcome: Outcome, dimension: Dimension = "total"
) -> Correlation:
    return await ask(
        service.correlation, Correlation, f=filters, dimension=dimension, outcome=outcome
    )


@router.get(
    "/threshold",
    operation_id="getThresholdEffect",
    summary="Outcome of people above vs below a score threshold",
    description="People with score ≥ `threshold` (above) vs < `threshold` (below): n and mean "
    "outcome of each, `uplift_pct` = (mean above − mean below) / |mean below| × 100, and "
    "Welch's unequal-variance t-test (`scipy.stats.ttest_ind(equal_var=False)`, two-sided)."
    + PEOPLE
    + SMALL
    + SCOPE,
    responses=responses(401, 403, 422),
)
async def get_threshold(
    ask: Ask,
    filters: AnalyticsFilters,
    threshold: Cut,
    outcome: Outcome,
    dimension: Dimension = "total",
) -> Threshold:
    return await ask(
        service.threshold,
        Threshold,
        f=filters,
        dimension=dimension,
        cut=threshold,
        outcome=outcome,
    )


@router.get(
    "/retention",
    operation_id="getRetentionByScore",
    summary="Share still employed after N months, above vs below a threshold",
    description="For each person (score = latest result in scope), the start is `hired_on` or, "
    "without it, the date of their first result in scope; the person counts once their "
    "start + `months` has passed (others are `excluded`) and is retained when `left_on` is "
    "empty or not before that mark. Shares above (score ≥ threshold) and below are compared "
    "by a two-proportion z-test with the pooled proportion (two-sided p)." + SMALL + SCOPE,
    responses=responses(401, 403, 422),
)
async def get_retention(
    ask: Ask,
    settings: AppSettings,
    filters: AnalyticsFilters,
    threshold: Cut,
    dimension: Dimension = "total",
    months: Annotated[int, Query(ge=1, le=60, description="Usually 6 or 12")] = 12,
) -> Retention:
    zone = ZoneInfo(settings.default_timezone)
    return await ask(
        service.retention,
        Retention,
        f=filters,
        dimension=dimension,
        cut=threshold,
        months=months,
        zone=zone,
        today=datetime.now(zone).date(),
    )


@router.get(
    "/training-needs",
    operation_id="getTrainingNeeds",
    summary="Dimensions where each department sits furthest below its positions' benchmark",
    description="Benchmark of a dimension for a position = mean of that dimension over all "
    "results of the position (whole organisation, same status filter). For each department "
    "and dimension, gap = Σ n·(department mean − benchmark) / Σ n over the department's "
    "positions, i.e. the n-weighted mean difference; dimensions are sorted by gap (most "
    "negative first) and departments by their worst gap." + SCOPE,
    responses=responses(401, 403, 422),
)
async def get_training_needs(ask: Ask, filters: AnalyticsFilters) -> TrainingNeeds:
    return await ask(service.training_needs, TrainingNeeds, f=filters)


@router.get(
    "/metrics",
    operation_id="listOutcomeMetrics",
    summary="Performance metrics that can serve as an outcome",
    description="Every performance `metric` imported so far, with how many people have it, "
    "how many records and periods it holds, and its latest period — the choices for "
    "`outcome=` in correlation and threshold. A department head counts only the people with a "
    "result in their departments (metrics without such people are left out).",
    responses=responses(401, 403),
)
async def list_outcome_metrics(caller: Analyst, session: Session) -> OutcomeMetrics:
    return OutcomeMetrics(metrics=await queries.outcome_metrics(session, caller))
