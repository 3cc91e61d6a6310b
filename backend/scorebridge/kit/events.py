"""Domain events: ``emit(session, "result.published", payload)`` inside a unit of work; after
the commit a job hands the event to every subscriber (notifications, outgoing webhooks…).

Subscribers are plain ``async def handler(ctx: JobContext, payload: dict)`` registered with
``@subscribe("result.published")``. Delivery is at-least-once: handlers must be idempotent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.kit import jobs

logger = logging.getLogger(__name__)

Handler = Callable[[jobs.JobContext, dict[str, Any]], Awaitable[None]]
_SUBSCRIBERS: dict[str, list[Handler]] = {}


def subscribe(event: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _SUBSCRIBERS.setdefault(event, []).append(handler)
        return handler

    return register


def emit(session: AsyncSession, event: str, payload: dict[str, Any]) -> None:
    """Queue ``event`` for its subscribers; dropped if the unit of work rolls back.

    Each emission gets an ``event_id`` so subscribers can de-duplicate a retried delivery."""
    jobs.enqueue(session, "events.deliver", event, {**payload, "event_id": str(uuid.uuid4())})


@jobs.task("events.deliver", max_tries=5)
async def deliver(ctx: jobs.JobContext, event: str, payload: dict[str, Any]) -> None:
    for handler in _SUBSCRIBERS.get(event, []):
        await handler(ctx, payload)
