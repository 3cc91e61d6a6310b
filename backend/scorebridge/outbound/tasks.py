"""Jobs: fan domain events out to endpoints, deliver in order, sweep for due retries."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from scorebridge.kit import events, jobs
from scorebridge.kit.db import utcnow
from scorebridge.outbound import service
from scorebridge.outbound.models import OutboundMessage

# Internal domain events → the public event names integrators subscribe to.
PUBLIC_NAMES = {
    "result.published": "result.confirmed",
    "result.updated": "result.updated",
    "feedback.created": "feedback.created",
    "feedback.resolved": "feedback.resolved",
}


def _enqueue_delivery(session: Any, endpoint_id: uuid.UUID) -> None:
    jobs.enqueue(session, "outbound.deliver", str(endpoint_id), job_id=f"outbound:{endpoint_id}")


async def _fan_out(ctx: jobs.JobContext, internal: str, payload: dict[str, Any]) -> None:
    async with ctx.db.unit_of_work() as session:
        for endpoint_id in await service.fan_out(session, PUBLIC_NAMES[internal], payload):
            _enqueue_delivery(session, endpoint_id)


def _subscriber(internal: str) -> events.Handler:
    async def handle(ctx: jobs.JobContext, payload: dict[str, Any]) -> None:
        await _fan_out(ctx, internal, payload)

    return handle


for _internal in PUBLIC_NAMES:
    events.subscribe(_internal)(_subscriber(_internal))


@jobs.task("outbound.deliver", max_tries=3)
async def deliver(ctx: jobs.JobContext, endpoint_id: str) -> None:
    await service.deliver_pending(ctx, uuid.UUID(endpoint_id))


@jobs.periodic("outbound.sweep", every_seconds=15)
async def sweep(ctx: jobs.JobContext) -> None:
    """Wake delivery for endpoints whose next retry is due (and anything a crash left)."""
    async with ctx.db.unit_of_work() as session:
        due = (
            await session.scalars(
                select(OutboundMessage.endpoint_id)
                .where(
                    OutboundMessage.status == "pending", OutboundMessage.next_attempt_at <= utcnow()
                )
                .distinct()
            )
        ).all()
        for endpoint_id in due:
            _enqueue_delivery(session, endpoint_id)
