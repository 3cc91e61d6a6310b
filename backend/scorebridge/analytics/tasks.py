"""Analytics jobs: ``analytics.prepare`` computes the dashboard HR opens first, ahead of time.

Every ``analytics_prepare_every_seconds`` it drops the answers of older data versions and,
when the data changed since, answers the questions the analytics page asks with its default
filters for the whole organisation (HR's and admins' scope) — so the page opens from saved
answers instead of computing a million scores while HR waits. Other scopes and filters are
computed on their first ask and saved then.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from scorebridge.analytics import answers, queries, service
from scorebridge.analytics.queries import Filters
from scorebridge.analytics.schemas import (
    Correlation,
    DimensionMeans,
    Distribution,
    Retention,
    Threshold,
    TrainingNeeds,
    Trends,
)
from scorebridge.auth.caller import Caller
from scorebridge.kit.jobs import JobContext, at_startup, periodic
from scorebridge.settings import get_settings

logger = logging.getLogger(__name__)
_settings = get_settings()

# The whole organisation, as HR and admins see it (answers are keyed by scope, not by person).
ORGANISATION = Caller(kind="client", id=uuid.UUID(int=0), name="analytics.prepare")
DEFAULT_THRESHOLD = 70.0  # the SPA's threshold slider starts here
OUTCOMES_AHEAD = 3  # correlation and threshold for the metrics most people have


def dashboard_questions(
    zone: ZoneInfo, outcomes: list[str]
) -> list[tuple[Any, Any, dict[str, Any]]]:
    """``(question, model, params)`` the analytics page asks with its default filters."""
    f = Filters()
    asked: list[tuple[Any, Any, dict[str, Any]]] = [
        (service.dimension_means, DimensionMeans, {"f": f, "group_by": "position"}),
        (
            service.distribution,
            Distribution,
            {"f": f, "dimension": "total", "group_by": "position", "bins": 10},
        ),
        (
            service.trends,
            Trends,
            {"f": f, "dimension": "total", "group_by": "position", "zone": zone},
        ),
        (
            service.retention,
            Retention,
            {
                "f": f,
                "dimension": "total",
                "cut": DEFAULT_THRESHOLD,
                "months": 12,
                "zone": zone,
                "today": datetime.now(zone).date(),
            },
        ),
        (service.training_needs, TrainingNeeds, {"f": f}),
    ]
    for outcome in outcomes[:OUTCOMES_AHEAD]:
        common = {"f": f, "dimension": "total", "outcome": outcome}
        asked.append((service.correlation, Correlation, common))
        asked.append((service.threshold, Threshold, {**common, "cut": DEFAULT_THRESHOLD}))
    return asked


async def prepare_dashboard(ctx: JobContext) -> int:
    """Drop outdated answers and compute the default dashboard's missing ones; returns how many
    were computed."""
    zone = ZoneInfo(ctx.settings.default_timezone)
    async with ctx.db.unit_of_work() as session:
        await answers.forget_outdated(session)
        metrics = await queries.outcome_metrics(session, ORGANISATION)
    computed = 0
    for question, model, params in dashboard_questions(zone, [m["metric"] for m in metrics]):
        async with ctx.db.unit_of_work() as session:
            await queries.tune_for_analysis(session)
            _, status = await answers.answer(session, ctx.db, ORGANISATION, question, model, params)
        computed += status.endswith("stored")
    if computed:
        logger.info("analytics: %d dashboard answers computed ahead", computed)
    return computed


@at_startup
async def forget_saved_answers(ctx: JobContext) -> None:
    """A new release may compute answers differently: start from none."""
    async with ctx.db.unit_of_work() as session:
        await answers.forget_all(session)


if _settings.analytics_prepare_every_seconds:

    @periodic("analytics.prepare", every_seconds=_settings.analytics_prepare_every_seconds)
    async def prepare(ctx: JobContext) -> None:
        await prepare_dashboard(ctx)
