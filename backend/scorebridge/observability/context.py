"""The request id: accepted from (or made for) each request, carried into the jobs it starts.

A caller's ``X-Request-Id`` is kept when it is 1–128 characters of ``A-Z a-z 0-9 . _ : -``
(anything else could forge log lines or carry personal data, so a new id replaces it). The id
lives in a context variable: every log line written while a request or a job runs carries it.
A job gets it from the request (or job) that queued it, with the trace context when traces
are on — see :func:`capture` and :func:`job_scope`.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from scorebridge.observability import metrics, tracing

logger = logging.getLogger("scorebridge.jobs")

HEADER = "X-Request-Id"
_VALID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_request_id: ContextVar[str | None] = ContextVar("scorebridge_request_id", default=None)


def new_id() -> str:
    return uuid.uuid4().hex


def accepted(given: str | None) -> str:
    """The caller's id when it is acceptable, else a new one."""
    if given and _VALID.fullmatch(given):
        return given
    return new_id()


def request_id() -> str | None:
    return _request_id.get()


@contextmanager
def bound(value: str) -> Iterator[None]:
    token = _request_id.set(value)
    try:
        yield
    finally:
        _request_id.reset(token)


def capture() -> dict[str, str]:
    """What a job carries from the work that queued it: the request id and trace context."""
    carried: dict[str, str] = {}
    current = _request_id.get()
    if current:
        carried["request_id"] = current
    tracing.inject(carried)
    return carried


@contextmanager
def job_scope(name: str, carried: Mapping[str, str] | None, attempt: int) -> Iterator[None]:
    """Run one try of job ``name`` under the request id (and trace) it was queued with, and
    count it in ``scorebridge_jobs_total`` / ``scorebridge_job_duration_seconds``."""
    from scorebridge.kit.jobs import Retry  # kit.jobs imports this module

    carried = carried or {}
    started = time.perf_counter()
    outcome = "error"
    with bound(accepted(carried.get("request_id"))), tracing.job_span(name, carried, attempt):
        try:
            yield
            outcome = "ok"
        except Retry:
            outcome = "retry"
            raise
        finally:
            elapsed = time.perf_counter() - started
            metrics.JOBS.labels(name, outcome).inc()
            metrics.JOB_DURATION.labels(name).observe(elapsed)
            logger.debug(
                "job %s try %d: %s in %.1f ms",
                name,
                attempt,
                outcome,
                elapsed * 1000,
                extra={"fields": {"job": name, "outcome": outcome, "ms": elapsed * 1000}},
            )
