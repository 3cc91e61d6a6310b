"""Fan-out of domain events to endpoints and their in-order, signed delivery."""

from __future__ import annotations

import hmac
import json
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.intake.signing import generate_secret, sign_standard
from scorebridge.kit import egress, masking
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import InvalidInput
from scorebridge.kit.jobs import JobContext
from scorebridge.outbound.models import OutboundAttempt, OutboundMessage, WebhookEndpoint

MAX_ATTEMPTS = 12
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def new_secret() -> str:
    return generate_secret("standard-webhooks")


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … capped at one hour."""
    return timedelta(seconds=min(5 * 2 ** (attempts - 1), 3600))


async def change_url(endpoint: WebhookEndpoint, url: str, secret: str | None) -> None:
    """Point the endpoint at ``url``: allowed by the outgoing-request policy and, when the
    address changes, only with the endpoint's current secret."""
    await egress.check_on_save(["body", "url"], url)
    if masking.destination(url) != masking.destination(endpoint.url) and not (
        secret and hmac.compare_digest(secret.encode(), endpoint.secret.encode())
    ):
        raise InvalidInput(
            ["body", "secret"], "A new address needs the endpoint's current signing secret"
        )
    endpoint.url = url


async def fan_out(session: AsyncSession, event_type: str, data: dict[str, Any]) -> list[uuid.UUID]:
    """One message per active endpoint subscribed to ``event_type``; returns the endpoint ids."""
    endpoints = (
        await session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.is_active.is_(True)))
    ).all()
    targets = [e for e in endpoints if event_type in e.events]
    event_id = str(data.get("event_id") or uuid.uuid4())
    already = set(
        (
            await session.scalars(
                select(OutboundMessage.endpoint_id).where(OutboundMessage.event_id == event_id)
            )
        ).all()
    )
    for endpoint in targets:
        if endpoint.id in already:  # a retried event delivery: fanned out before
            continue
        session.add(
            OutboundMessage(
                endpoint_id=endpoint.id,
                event_id=event_id,
                event_type=event_type,
                payload={"type": event_type, "timestamp": utcnow().isoformat(), "data": data},
            )
        )
    return [e.id for e in targets]


async def deliver_pending(ctx: JobContext, endpoint_id: uuid.UUID) -> None:
    """Send the endpoint's due messages oldest first; stop at the first failure (order)."""
    async with ctx.db.unit_of_work() as session:
        endpoint = await session.get(WebhookEndpoint, endpoint_id)
        if endpoint is None or not endpoint.is_active:
            return
        url, secret = endpoint.url, endpoint.secret
    async with egress.client(timeout=TIMEOUT) as client:
        while True:
            async with ctx.db.unit_of_work() as session:
                message = await session.scalar(
                    select(OutboundMessage)
                    .where(
                        OutboundMessage.endpoint_id == endpoint_id,
                        OutboundMessage.status == "pending",
                    )
                    .order_by(OutboundMessage.created_at, OutboundMessage.id)
                    .limit(1)
                )
                if message is None or message.next_attempt_at > utcnow():
                    return
                ok = await _attempt(session, client, url, secret, message)
            if not ok:
                return


async def _attempt(
    session: AsyncSession,
    client: httpx.AsyncClient,
    url: str,
    secret: str,
    message: OutboundMessage,
) -> bool:
    body = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    webhook_id = f"msg_{message.id.hex}"
    headers = {
        "content-type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign_standard(secret, webhook_id, timestamp, body),
        "user-agent": "ScoreBridge-Webhooks/1",
    }
    started = time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    try:
        response = await client.post(url, content=body, headers=headers)
        status_code = response.status_code
        if not response.is_success:
            error = egress.status_error(status_code)
    except httpx.HTTPError as exc:  # incl. egress.Refused (logged there; nothing was sent)
        error = egress.describe(exc)
    elapsed = int((time.perf_counter() - started) * 1000)
    session.add(
        OutboundAttempt(
            message_id=message.id, status_code=status_code, error=error, duration_ms=elapsed
        )
    )
    message.attempts += 1
    if error is None:
        message.status = "delivered"
        message.delivered_at = utcnow()
        message.last_error = None
        return True
    message.last_error = error
    if message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"  # later messages may go on: the order is kept for the living
        return True
    message.next_attempt_at = utcnow() + backoff(message.attempts)
    return False
