"""Outgoing webhooks: subscription, Standard Webhooks signature, in-order retry, admin only."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from conftest import App
from scorebridge.intake import signing
from scorebridge.kit.db import utcnow
from scorebridge.outbound import service
from scorebridge.outbound.models import OutboundMessage
from vendor_support import create_vendor, results, send, standard_data


@dataclass
class Receiver:
    """A real HTTP server on 127.0.0.1 that records requests and answers ``status``."""

    status: int = 200
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    port: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.requests.append((headers, body))
        reason = "OK" if self.status < 400 else "Error"
        writer.write(f"HTTP/1.1 {self.status} {reason}\r\ncontent-length: 0\r\n"
                     "connection: close\r\n\r\n".encode())  # fmt: skip
        await writer.drain()
        writer.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    recv = Receiver()
    server = await asyncio.start_server(recv.handle, "127.0.0.1", 0)
    recv.port = server.sockets[0].getsockname()[1]
    async with server:
        yield recv


async def _confirm_one(app: App, hr: dict[str, str], n: int) -> dict[str, Any]:
    await send(app, standard_data(f"out-{n}", candidate={"employee_no": f"O{n}", "name": "周九"}))
    await app.run_jobs()
    pending = [r for r in await results(app) if r["interview_id"] == f"out-{n}"]
    response = await app.client.post(
        f"/api/v1/results/{pending[0]['id']}/review", json={"action": "confirm"}, headers=hr
    )
    assert response.status_code == 200, response.text
    await app.run_jobs()
    return pending[0]


async def test_confirmed_result_is_delivered_signed(app: App, receiver: Receiver) -> None:
    admin = await app.user_headers("admin")
    created = await app.client.post(
        "/api/v1/webhook-endpoints",
        json={"url": receiver.url, "events": ["result.confirmed"]},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    listed = await app.client.get("/api/v1/webhook-endpoints", headers=admin)
    assert "secret" not in listed.json()["items"][0]

    await create_vendor(app)
    result = await _confirm_one(app, admin, 1)
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    expected = signing.sign_standard(
        secret, headers["webhook-id"], int(headers["webhook-timestamp"]), body
    )
    assert headers["webhook-signature"] == expected
    payload = json.loads(body)
    assert payload["type"] == "result.confirmed"
    assert payload["data"]["result_id"] == result["id"]

    messages = await app.client.get(
        f"/api/v1/webhook-endpoints/{created.json()['id']}/messages", headers=admin
    )
    assert [m["status"] for m in messages.json()["items"]] == ["delivered"]


async def test_failing_endpoint_retries_in_order(app: App, receiver: Receiver) -> None:
    receiver.status = 500
    admin = await app.user_headers("admin")
    created = await app.client.post(
        "/api/v1/webhook-endpoints",
        json={"url": receiver.url, "events": ["result.confirmed"]},
        headers=admin,
    )
    endpoint_id = created.json()["id"]
    await create_vendor(app)
    await _confirm_one(app, admin, 1)
    await _confirm_one(app, admin, 2)
    # The first message failed and waits for its retry; the second is held behind it.
    assert len(receiver.requests) == 1
    messages = await app.client.get(
        f"/api/v1/webhook-endpoints/{endpoint_id}/messages",
        params={"status": "pending"},
        headers=admin,
    )
    items = messages.json()["items"]
    assert len(items) == 2
    oldest = items[-1]
    assert oldest["last_error"] == "HTTP 500 from the endpoint"
    assert items[0]["attempts"] == 0
    # The endpoint recovers and the retry is due: both go out, oldest first.
    receiver.status = 200
    async with app.db.unit_of_work() as session:
        await session.execute(
            update(OutboundMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
    await service.deliver_pending(app.asgi.state.job_context, uuid.UUID(endpoint_id))
    sent = [json.loads(body)["data"]["event_id"] for _, body in receiver.requests]
    assert sent[0] == sent[1]  # the failed one was retried first
    assert len(sent) == 3
    delivered = await app.client.get(
        f"/api/v1/webhook-endpoints/{endpoint_id}/messages",
        params={"status": "delivered"},
        headers=admin,
    )
    assert len(delivered.json()["items"]) == 2


async def test_only_admin_manages_endpoints_and_bad_input_is_422(app: App) -> None:
    hr = await app.user_headers("hr")
    body = {"url": "http://127.0.0.1:9/x", "events": ["result.confirmed"]}
    assert (
        await app.client.post("/api/v1/webhook-endpoints", json=body, headers=hr)
    ).status_code == 403
    admin = await app.user_headers("admin")
    bad_event = await app.client.post(
        "/api/v1/webhook-endpoints", json={**body, "events": ["result.deleted"]}, headers=admin
    )
    assert bad_event.status_code == 422
    assert bad_event.json()["errors"][0]["loc"][:2] == ["body", "events"]
    bad_url = await app.client.post(
        "/api/v1/webhook-endpoints", json={**body, "url": "not a url"}, headers=admin
    )
    assert bad_url.status_code == 422
    missing = await app.client.get(
        "/api/v1/webhook-endpoints/00000000-0000-4000-8000-000000000000/messages", headers=admin
    )
    assert missing.status_code == 404
