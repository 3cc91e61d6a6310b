"""The arq worker (``scorebridge worker``): runs every registered job and periodic job."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from arq import Retry as ArqRetry
from arq import cron
from arq.connections import RedisSettings
from arq.worker import Function, func

from scorebridge.app import create_app
from scorebridge.kit import jobs
from scorebridge.kit.db import open_database
from scorebridge.observability import metrics, tracing
from scorebridge.observability.endpoints import serve_worker_metrics
from scorebridge.observability.install import start_worker
from scorebridge.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def _arq_function(task: jobs.Task) -> Function:
    async def run(ctx: dict[str, Any], *args: Any, carried: dict[str, str] | None = None) -> None:
        job_context: jobs.JobContext = ctx["scorebridge"]
        attempt = int(ctx.get("job_try", 1))
        delay = await jobs.run_task(task, job_context, args, attempt, carried)
        if delay is not None:
            raise ArqRetry(defer=delay)

    run.__qualname__ = run.__name__ = task.name.replace(".", "_")
    return func(run, name=task.name, max_tries=task.max_tries)


def _cron_job(task: jobs.Task) -> Any:
    every = task.every_seconds or 60

    async def run(ctx: dict[str, Any]) -> None:
        await jobs.run_task(task, ctx["scorebridge"], (), task.max_tries)

    run.__qualname__ = run.__name__ = task.name.replace(".", "_")
    if every < 60:
        return cron(run, name=task.name, second=set(range(0, 60, every)), run_at_startup=True)
    minutes = max(1, every // 60)
    return cron(
        run, name=task.name, minute=set(range(0, 60, minutes)), second=0, run_at_startup=True
    )


def worker_settings(given: Settings | None = None) -> type:
    settings = given or get_settings()
    if not settings.redis_url:
        raise SystemExit(
            "scorebridge worker needs SCOREBRIDGE_REDIS_URL (embedded mode runs jobs in the API)"
        )
    start_worker(settings)  # JSON logs; traces named scorebridge-worker when OTEL_* ask for them
    create_app(settings)  # imports every domain, so every task is registered
    tasks = jobs.registered()

    async def startup(ctx: dict[str, Any]) -> None:
        queue = jobs.ArqQueue(settings.redis_url or "")
        database = open_database(settings.database_url, queue, pooler=settings.database_pooler)
        engine = database.engine
        metrics.watch_pool(engine)
        tracing.instrument_engine(engine)
        ctx["scorebridge"] = jobs.JobContext(db=database, settings=settings)
        if settings.worker_metrics_port:
            ctx["scorebridge_metrics"] = await serve_worker_metrics(
                settings.worker_metrics_host, settings.worker_metrics_port, settings.metrics_token
            )
        await jobs.run_startup_hooks(ctx["scorebridge"])

    async def shutdown(ctx: dict[str, Any]) -> None:
        job_context: jobs.JobContext = ctx["scorebridge"]
        if server := ctx.pop("scorebridge_metrics", None):
            server.close()
            await server.wait_closed()
        await job_context.db.queue.close()
        await job_context.db.dispose()

    class WorkerSettings:
        functions: ClassVar = [_arq_function(t) for t in tasks.values() if not t.every_seconds]
        cron_jobs: ClassVar = [_cron_job(t) for t in tasks.values() if t.every_seconds]
        redis_settings = RedisSettings.from_dsn(settings.redis_url or "")
        on_startup = startup
        on_shutdown = shutdown
        job_timeout = settings.job_timeout_seconds
        max_jobs = 20
        # Redis is polled for new jobs this often: the default 0.5 s is added to every hop
        # (webhook → result → event → notification), so poll faster.
        poll_delay = 0.05
        keep_result = 60
        allow_abort_jobs = False

    return WorkerSettings
