"""The counters and histograms this process keeps (see ``gauges.py`` for those read from
the database at scrape time).

Each API process and each worker counts what it did itself; Prometheus scrapes every one of
them (a pod each) and sums. Several processes sharing one port (``uvicorn --workers N``) set
``PROMETHEUS_MULTIPROC_DIR`` to a fresh directory: the counters are then kept there and
``/metrics`` answers the sum over the processes (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

HTTP_DURATION = Histogram(
    "scorebridge_http_request_duration_seconds",
    "Time to answer an API request, by route template",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
WEBHOOKS = Counter(
    "scorebridge_webhooks_received_total",
    "Vendor webhooks by outcome (accepted, refused) and reason",
    ["vendor", "outcome", "reason"],
)
JOBS = Counter(
    "scorebridge_jobs_total",
    "Job tries run by this process, by outcome (ok, retry, error)",
    ["job", "outcome"],
)
JOB_DURATION = Histogram(
    "scorebridge_job_duration_seconds",
    "Time one job try took",
    ["job"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
NOTIFICATION_ATTEMPTS = Counter(
    "scorebridge_notification_attempts_total",
    "Notification sending attempts by channel and outcome (sent, retrying, failed)",
    ["channel", "outcome"],
)
DB_POOL_IN_USE = Gauge(
    "scorebridge_db_pool_connections_in_use",
    "Database connections checked out of this process's pool",
    multiprocess_mode="livesum",
)


def watch_pool(engine: AsyncEngine) -> None:
    """Count the connections checked out of ``engine``'s pool."""

    def checkout(*_args: Any) -> None:
        DB_POOL_IN_USE.inc()

    def checkin(*_args: Any) -> None:
        DB_POOL_IN_USE.dec()

    event.listen(engine.sync_engine.pool, "checkout", checkout)
    event.listen(engine.sync_engine.pool, "checkin", checkin)


def process_registry() -> CollectorRegistry:
    """The registry to expose: this process's, or every process's in multiprocess mode."""
    if not MULTIPROCESS:
        from prometheus_client import REGISTRY

        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry
