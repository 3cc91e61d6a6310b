"""Logs as JSON lines: one object per line on standard error, every line with the request id.

``{"time": "2026-11-20T09:30:00.123Z", "level": "INFO", "logger": "scorebridge.…",
"message": "…", "request_id": "…" | null, "trace_id"?, "span_id"?, "exception"?}`` and the
``fields`` a call site passes as ``extra={"fields": {…}}`` (the access line: route, status, ms).

:func:`configure` installs the one handler on the root logger (so uvicorn's, arq's and
httpx's lines come out the same way) with the :class:`~.redaction.RedactionFilter` on it.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO, Any

from scorebridge.observability import context, redaction, tracing

# Loggers whose own handlers would print the same line a second time, in their own format.
_OWN_HANDLERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "arq", "arq.worker")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or context.request_id(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update({k: v for k, v in fields.items() if k not in line})
        line.update(tracing.log_ids())
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it), unless
    ``setStream`` gave it another stream (``setStream(None)``: standard error again)."""

    def __init__(self) -> None:
        self._fixed: IO[str] | None = None
        super().__init__()

    @property
    def stream(self) -> IO[str]:
        return self._fixed or sys.stderr

    @stream.setter
    def stream(self, value: IO[str] | None) -> None:
        self._fixed = None if value is sys.stderr else value


_handler: logging.Handler | None = None


def configure(level: str | int = "INFO", *, secrets: list[str | None] | None = None) -> None:
    """Install the JSON handler on the root logger (once) and set the level."""
    global _handler
    redaction.remember_all(secrets or [])
    root = logging.getLogger()
    root.setLevel(level)
    if _handler is None:
        _handler = _StderrHandler()
        _handler.setFormatter(JsonFormatter())
        _handler.addFilter(redaction.RedactionFilter())
    if _handler not in root.handlers:
        root.addHandler(_handler)
    for name in _OWN_HANDLERS:
        own = logging.getLogger(name)
        own.handlers.clear()
        own.propagate = True


@contextmanager
def written_to(stream: IO[str]) -> Iterator[None]:
    """Send the lines to ``stream`` for a while (tests read them)."""
    assert isinstance(_handler, _StderrHandler), "configure() first"
    _handler.setStream(stream)
    try:
        yield
    finally:
        _handler.setStream(None)
