"""Analytics jobs: ``analytics.prepare`` computes the default dashboard ahead of time.

Every ``analytics_prepare_every_seconds`` it drops the answers of older data versions and,
when the data changed since, answers the questions the analytics page asks with its default
filters for the whole organisation (HR's and admins' scope) and for each department head's
scope — so the page opens from saved answers instead of computing a million scores while its
reader waits. A completed import prepares at once (event ``import.completed``). Other filters
are computed on their first ask and saved then.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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
from scorebridge.auth.models import User, UserDepartment, UserRole
from scorebridge.auth.permissions import Role
from scorebridge.imports import service as imports
from scorebridge.kit import events
from scorebridge.kit.jobs import JobContext, at_startup, periodic
from scorebridge.organisation.scope import with_descendants
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


async def department_head_scopes(session: AsyncSession) -> list[frozenset[uuid.UUID]]:
    """The distinct scopes (granted departments and those below) of the active department
    heads who do not also see everything."""
    wide = select(UserRole.user_id).where(UserRole.role.in_([Role.hr, Role.admin]))
    heads = select(UserRole.user_id).where(UserRole.role == Role.dept_head)
    rows = await session.execute(
        select(UserDepartment.user_id, UserDepartment.department_id)
        .join(User, User.id == UserDepartment.user_id)
        .where(User.is_active, UserDepartment.user_id.in_(heads), ~UserDepartment.user_id.in_(wide))
    )
    granted: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for user_id, department_id in rows:
        granted[user_id].add(department_id)
    granted_sets = {frozenset(departments) for departments in granted.values()}
    # Two different grants can cover the same departments once their sub-departments count.
    return list({await with_descendants(session, departments) for departments in granted_sets})


def department_head(scope: frozenset[uuid.UUID]) -> Caller:
    return Caller(
        kind="user",
        id=ORGANISATION.id,
        name=ORGANISATION.name,
        roles=frozenset({Role.dept_head}),
        department_scope=scope,
    )


async def prepare_dashboard(ctx: JobContext) -> int:
    """Drop outdated answers and compute the default dashboard's missing ones — for the whole
    organisation first, then for each department head's scope; returns how many were computed.
    Only missing answers are computed, so a run cut short is taken up by the next.

    While an import is writing, the data is changing under every answer and the import needs
    the machine: preparing stops (before each question) and the import's completion starts it
    again."""
    zone = ZoneInfo(ctx.settings.default_timezone)
    async with ctx.db.unit_of_work() as session:
        if await imports.writing(session):
            return 0
        # Outdated answers that may still be served stale stay until they are computed again.
        await answers.forget_outdated(session, ctx.settings.analytics_max_stale_seconds)
        scopes = await department_head_scopes(session)
    computed = 0
    for caller in [ORGANISATION, *(department_head(scope) for scope in scopes)]:
        async with ctx.db.unit_of_work() as session:
            metrics = await queries.outcome_metrics(session, caller)
        for question, model, params in dashboard_questions(zone, [m["metric"] for m in metrics]):
            async with ctx.db.unit_of_work() as session:
                if await imports.writing(session):
                    logger.info("analytics: an import is writing; preparing stops for now")
                    return computed
                await queries.tune_for_analysis(session)
                served = await answers.answer(session, ctx.db, caller, question, model, params)
            computed += served.status.endswith("stored")
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

    @events.subscribe("import.completed")
    async def prepare_after_import(ctx: JobContext, payload: dict[str, Any]) -> None:
        """An import is the largest change analytics sees: prepare right after it rather than
        at the next tick, so HR going from the import to the dashboard finds it ready."""
        await prepare_dashboard(ctx)
