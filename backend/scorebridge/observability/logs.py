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
    """Writes to whatever ``sys.stderr`` is now (test runners swap it)."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        super().__init__(stream)
        self._fixed = stream

    @property
    def stream(self) -> IO[str]:
        return self._fixed or sys.stderr

    @stream.setter
    def stream(self, value: IO[str]) -> None:
        pass


_handler: logging.Handler | None = None


def configure(
    level: str | int = "INFO",
    *,
    secrets: list[str | None] | None = None,
    stream: IO[str] | None = None,
) -> logging.Handler:
    """Install (or re-install) the JSON handler on the root logger; returns it."""
    global _handler
    redaction.remember_all(secrets or [])
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    handler = _StderrHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(redaction.RedactionFilter())
    root.addHandler(handler)
    root.setLevel(level)
    for name in _OWN_HANDLERS:
        own = logging.getLogger(name)
        own.handlers.clear()
        own.propagate = True
    _handler = handler
    return handler
