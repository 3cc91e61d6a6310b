"""The FastAPI application: routers of every domain, error handlers, the SPA and job runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html

from scorebridge import __version__, spa
from scorebridge.analytics import tasks as analytics_tasks  # noqa: F401  (registers jobs)
from scorebridge.analytics.courses import router as courses_router
from scorebridge.analytics.endpoints import router as analytics_router
from scorebridge.audit.endpoints import router as audit_router
from scorebridge.auth.endpoints import router as auth_router
from scorebridge.fairness import tasks as fairness_tasks  # noqa: F401  (registers the watch)
from scorebridge.fairness.endpoints import router as fairness_router
from scorebridge.feedback import tasks as feedback_tasks  # noqa: F401  (registers feedback jobs)
from scorebridge.feedback.endpoints import router as feedback_router
from scorebridge.health.endpoints import router as health_router
from scorebridge.home.endpoints import router as home_router
from scorebridge.identity.endpoints import router as identity_router
from scorebridge.imports import tasks as import_tasks  # noqa: F401  (registers import jobs)
from scorebridge.imports.endpoints import router as imports_router
from scorebridge.intake import tasks as intake_tasks  # noqa: F401  (registers intake jobs)
from scorebridge.intake.endpoints import router as intake_router
from scorebridge.kit import (
    egress,
    errors,
    events,  # noqa: F401  (registers the event delivery job)
    sealing,
)
from scorebridge.kit.db import open_database
from scorebridge.kit.headers import SecurityHeaders, docs_policy
from scorebridge.kit.jobs import (
    ArqQueue,
    InProcessQueue,
    JobContext,
    JobQueue,
    PeriodicRunner,
    run_startup_hooks,
)
from scorebridge.kit.text_input import RefuseUnstorableText
from scorebridge.notifications import tasks as notification_tasks  # noqa: F401  (jobs, subscribers)
from scorebridge.notifications.endpoints import router as notifications_router
from scorebridge.notifications.hub import close_hubs
from scorebridge.observability.install import install as install_observability
from scorebridge.organisation.endpoints import router as organisation_router
from scorebridge.outbound import tasks as outbound_tasks  # noqa: F401  (registers jobs)
from scorebridge.outbound.endpoints import router as outbound_router
from scorebridge.privacy import tasks as privacy_tasks  # noqa: F401  (registers privacy jobs)
from scorebridge.privacy.admin_endpoints import router as privacy_admin_router
from scorebridge.privacy.endpoints import router as privacy_router
from scorebridge.privacy.queue_endpoints import router as privacy_queue_router
from scorebridge.reports import tasks as report_tasks  # noqa: F401  (registers jobs)
from scorebridge.reports.endpoints import router as reports_router
from scorebridge.results.endpoints import router as results_router
from scorebridge.results.workbench import router as workbench_router
from scorebridge.selfservice.endpoints import router as selfservice_router
from scorebridge.settings import Settings, get_settings
from scorebridge.standards import tasks as standards_tasks  # noqa: F401  (registers jobs)
from scorebridge.standards.endpoints import router as standards_router
from scorebridge.talent.endpoints import router as talent_router

API_PREFIX = "/api/v1"

DESCRIPTION = """
ScoreBridge receives AI-interview results from vendors, lets HR review them, shows employees
their own scores and analyses whether scores predict performance.

* Times are UTC ISO-8601; ids are opaque strings.
* Errors are RFC 9457 `application/problem+json` with a stable machine `code`; 422 lists each
  bad field in `errors`. `title`, `detail` and messages come in `Accept-Language` (`zh-CN`,
  `en`), else the signed-in user's language, else Chinese.
* Lists take `limit` (1–200, default 50) and an opaque `cursor`, and answer
  `{"items": [...], "next_cursor": ...}`.
* A row outside your scope answers 404; an action your role may never do answers 403.
"""


def routers() -> list[APIRouter]:
    return [
        health_router,
        auth_router,
        identity_router,
        organisation_router,
        audit_router,
        intake_router,
        workbench_router,
        results_router,
        talent_router,
        selfservice_router,
        home_router,
        feedback_router,
        notifications_router,
        outbound_router,
        imports_router,
        analytics_router,
        privacy_router,
        privacy_queue_router,
        privacy_admin_router,
        fairness_router,
        courses_router,
        standards_router,
        reports_router,
    ]


def build_queue(settings: Settings) -> JobQueue:
    return ArqQueue(settings.redis_url) if settings.redis_url else InProcessQueue()


def _docs_policy(app: FastAPI) -> str:
    assert app.openapi_url
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url,
        title=f"{app.title} - Swagger UI",
        oauth2_redirect_url=app.swagger_ui_oauth2_redirect_url,
        init_oauth=app.swagger_ui_init_oauth,
        swagger_ui_parameters=app.swagger_ui_parameters,
    )
    return docs_policy(bytes(page.body).decode())


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    sealing.configure(settings.secret_key, settings.previous_secret_keys)
    egress.configure(settings.outbound_allow)
    queue = build_queue(settings)
    database = open_database(settings.database_url, queue, pooler=settings.database_pooler)
    context = JobContext(db=database, settings=settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        periodic: PeriodicRunner | None = None
        if isinstance(queue, InProcessQueue):
            queue.context = context
            periodic = PeriodicRunner(context)
            periodic.start()
            await run_startup_hooks(context)
        try:
            yield
        finally:
            if periodic:
                await periodic.stop()
            await queue.close()
            await close_hubs()
            await database.dispose()

    app = FastAPI(
        title="ScoreBridge API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.job_context = context
    errors.install(app)
    app.add_middleware(RefuseUnstorableText)
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(SecurityHeaders, special={"/api/docs": _docs_policy(app)})
    for router in routers():
        app.include_router(router, prefix=API_PREFIX)
    install_observability(app, settings, database)  # logs, traces, X-Request-Id, /metrics
    spa.install(app, settings.spa_dir)
    return app
