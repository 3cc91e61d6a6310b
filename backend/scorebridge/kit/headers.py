"""Security headers on every answer (the web app, the API, errors, streams): one pure ASGI
middleware, so streaming answers (SSE, exports) pass through untouched.

* ``Content-Security-Policy``: scripts only from this origin (the built app has no inline
  script), no plugins, no framing, no ``<base>`` elsewhere. Styles allow ``'unsafe-inline'``
  because Ant Design writes its CSS-in-JS into ``<style>`` elements at run time.
  The API docs page (``/api/docs``, Swagger UI) loads its bundle from a CDN and starts it with
  one inline script: it gets its own policy that allows exactly that script (by hash).
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``,
  ``X-Frame-Options: DENY`` (for browsers without ``frame-ancestors``).
* ``Strict-Transport-Security`` only on answers to HTTPS requests. The scheme is the request's
  own; behind a TLS-terminating proxy, ``scorebridge serve`` (uvicorn ``proxy_headers``) takes it
  from ``X-Forwarded-Proto`` only when the proxy's address is trusted (``FORWARDED_ALLOW_IPS``,
  default ``127.0.0.1``), so a client cannot fake it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
DOCS_CDN = "https://cdn.jsdelivr.net"
HSTS = "max-age=31536000; includeSubDomains"

_BASE_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


def docs_policy(html: str) -> str:
    """The policy of the Swagger UI page: its CDN and exactly its inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    )
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {DOCS_CDN} {hashes}".strip(),
            f"style-src 'self' 'unsafe-inline' {DOCS_CDN}",
            "img-src 'self' data: https:",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, special: dict[str, str] | None = None) -> None:
        self.app = app
        # path → its own Content-Security-Policy (the API docs page)
        self.special = special or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.special.get(scope.get("path", ""), CSP)
        extra = list(_BASE_HEADERS)
        extra.append((b"content-security-policy", policy.encode()))
        if scope.get("scheme") == "https":
            extra.append((b"strict-transport-security", HSTS.encode()))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
