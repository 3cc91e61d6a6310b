"""Wiring: what the API and the worker switch on at start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorebridge.observability import logs, metrics, tracing
from scorebridge.observability.endpoints import router
from scorebridge.observability.middleware import RequestMiddleware

if TYPE_CHECKING:
    from fastapi import FastAPI

    from scorebridge.kit.db import Database
    from scorebridge.settings import Settings


def configure_logging(settings: Settings) -> None:
    logs.configure(
        settings.log_level,
        secrets=[settings.secret_key, settings.metrics_token, *settings.previous_secret_keys],
    )


def install(app: FastAPI, settings: Settings, database: Database) -> None:
    """Logs, traces, the request middleware, the pool gauge and ``GET /metrics``."""
    configure_logging(settings)
    tracing.start("scorebridge-api")
    tracing.instrument_app(app)
    tracing.instrument_engine(database.engine)
    metrics.watch_pool(database.engine)
    app.add_middleware(RequestMiddleware)
    app.include_router(router)


def start_worker(settings: Settings) -> None:
    """Logs and traces of ``scorebridge worker`` (before its app is built)."""
    configure_logging(settings)
    tracing.start("scorebridge-worker")
