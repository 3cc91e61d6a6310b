"""Per request: the request id (accepted or made, bound for the logs, echoed in
``X-Request-Id``), the latency histogram by route template and one access log line.

The access line names the route template (``/api/v1/results/{result_id}``), never the raw path
or query string, which can carry names, emails or tickets.
"""

from __future__ import annotations

import logging
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scorebridge.observability import context, metrics

logger = logging.getLogger("scorebridge.access")

SCOPE_KEY = "scorebridge.request_id"
_HEADER_NAME = context.HEADER.lower().encode()


def request_id_of(scope: Scope) -> str | None:
    """The request id of a request (for the 500 handler, which runs outside the middleware)."""
    value = scope.get(SCOPE_KEY)
    return value if isinstance(value, str) else None


def route_template(scope: Scope) -> str:
    """The matched route's template with its router prefix (``/api/v1/results/{result_id}``)."""
    # FastAPI keeps an included router's routes unprefixed and records the effective one.
    effective = (scope.get("fastapi") or {}).get("effective_route_context")
    path = getattr(effective, "path", None) or getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else "unmatched"


class RequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope["headers"] if k == _HEADER_NAME), b"")
        request_id = context.accepted(given.decode("latin-1"))
        scope[SCOPE_KEY] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[context.HEADER] = request_id
            await send(message)

        with context.bound(request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                elapsed = time.perf_counter() - started
                route = route_template(scope)
                method = scope["method"]
                metrics.HTTP_DURATION.labels(method, route, str(status)).observe(elapsed)
                logger.info(
                    "%s %s %d %.1f ms",
                    method,
                    route,
                    status,
                    elapsed * 1000,
                    extra={"fields": {"route": route, "status": status, "ms": elapsed * 1000}},
                )
