"""``GET /metrics`` (Prometheus text format), for the API process and the worker alike.

Protected: with ``SCOREBRIDGE_METRICS_TOKEN`` set it needs ``Authorization: Bearer <token>``;
without it only loopback clients are answered (a sidecar or ``kubectl port-forward``).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from scorebridge.kit.db import Database
from scorebridge.kit.errors import Forbidden, Unauthorized
from scorebridge.kit.web import AppDatabase, AppSettings
from scorebridge.observability import gauges, metrics

router = APIRouter()


def allowed(token: str | None, authorization: str | None, client_host: str | None) -> bool | None:
    """True to answer; False for a missing or wrong token (401); None for a client that is not
    on loopback when no token is configured (403)."""
    if token:
        scheme, _, given = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())
    try:
        return True if ipaddress.ip_address(client_host or "").is_loopback else None
    except ValueError:
        return None


async def exposition(db: Database | None) -> bytes:
    """This process's counters and, where a database is given, the gauges read from it."""
    text = generate_latest(metrics.process_registry())
    if db is not None:
        readings = CollectorRegistry(auto_describe=False)
        readings.register(gauges.Readings(await gauges.read_all(db)))
        text += generate_latest(readings)
    return text


@router.get("/metrics", include_in_schema=False)
async def metrics_endpoint(request: Request, db: AppDatabase, settings: AppSettings) -> Response:
    verdict = allowed(
        settings.metrics_token,
        request.headers.get("authorization"),
        request.client.host if request.client else None,
    )
    if verdict is False:
        raise Unauthorized("A valid metrics bearer token is required")
    if verdict is None:
        raise Forbidden("Metrics answer loopback clients only (no metrics token is set)")
    return Response(await exposition(db), media_type=CONTENT_TYPE_LATEST)


async def serve_worker_metrics(host: str, port: int, token: str | None) -> asyncio.Server:
    """``GET /metrics`` of a worker process (its job counters), protected as the API's is.

    A worker has no web framework: this is a minimal HTTP/1.0 responder, one request per
    connection, which is all a Prometheus scrape needs."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, _, rest = request_line.partition(" ")
            path = rest.partition(" ")[0].partition("?")[0]
            headers = {
                name.strip().lower(): value.strip()
                for name, _, value in (line.partition(":") for line in header_lines if line)
            }
            peer = writer.get_extra_info("peername")
            verdict = allowed(token, headers.get("authorization"), peer[0] if peer else None)
            if method != "GET" or path != "/metrics":
                status, body, kind = "404 Not Found", b"not found\n", "text/plain"
            elif verdict is not True:
                status, body, kind = "401 Unauthorized", b"unauthorized\n", "text/plain"
            else:
                status, body, kind = "200 OK", await exposition(None), CONTENT_TYPE_LATEST
            writer.write(
                f"HTTP/1.0 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(answer, host, port)
