"""Notification jobs: send one notification on one external channel (with retries and
exponential backoff, every attempt logged), and tell employees their result is published."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import func, select

from scorebridge.auth.models import User
from scorebridge.kit import egress
from scorebridge.kit.db import utcnow
from scorebridge.kit.events import subscribe
from scorebridge.kit.jobs import JobContext, Retry, task
from scorebridge.notifications import channels, delivery, service, webpush
from scorebridge.notifications.hub import hub_for
from scorebridge.notifications.models import (
    Notification,
    NotificationChannel,
    NotificationDelivery,
)
from scorebridge.observability.metrics import NOTIFICATION_ATTEMPTS
from scorebridge.organisation.models import Position
from scorebridge.results import published
from scorebridge.results.models import InterviewResult

logger = logging.getLogger(__name__)


@task(service.SEND_JOB, max_tries=20)
async def send(ctx: JobContext, notification_id: str, channel: str) -> None:
    """One try on one channel; a channel that is down never holds up another (own job each)."""
    limit = ctx.settings.notification_max_attempts
    async with ctx.db.unit_of_work() as session:
        notification = await session.get(Notification, uuid.UUID(notification_id))
        if notification is None:
            return
        logged = (
            await session.execute(
                select(func.count(), func.count().filter(NotificationDelivery.status == "sent"))
                .select_from(NotificationDelivery)
                .where(
                    NotificationDelivery.notification_id == notification.id,
                    NotificationDelivery.channel == channel,
                )
            )
        ).one()
        attempts, sent = int(logged[0]), int(logged[1])
        if sent or attempts >= limit:
            return  # safe to run twice
        configured = await session.get(NotificationChannel, channel)
        user = await session.get(User, notification.user_id)
        message = await delivery.message_for(
            session, ctx.settings, channel, user,
            title=notification.title, body=notification.body, link=notification.link,
        )  # fmt: skip
    attempt = attempts + 1
    error: str | None = None
    final = False
    if configured is None or not configured.enabled:
        error, final = f"the {channel} channel is not enabled", True
    elif not channels.reaches_person(channel, configured.config):
        error, final = f"the {channel} channel is a group robot: no personal messages", True
    else:
        seconds = ctx.settings.notification_send_timeout_seconds
        try:
            if channel == "webpush":  # to each browser the person subscribed
                await webpush.send(ctx.db.unit_of_work, configured.config, message, seconds)
            else:
                await channels.send(channel, configured.config, message, seconds)
        except channels.PermanentFailure as exc:
            error, final = str(exc), True
        except egress.Refused as exc:  # logged by egress; never sent, no retry can help
            error, final = egress.describe(exc), True
        except channels.SendFailure as exc:
            error = str(exc)  # a generic class, never the other side's answer
        except Exception as exc:
            # The type only: messages of HTTP errors carry URLs, which may carry keys.
            logger.warning("notification %s on %s: %s", notification_id, channel, type(exc))
            error = egress.describe(exc)
    if error is None:
        status = "sent"
    elif final or attempt >= limit:
        status = "failed"
    else:
        status = "retrying"
    NOTIFICATION_ATTEMPTS.labels(channel, status).inc()
    async with ctx.db.unit_of_work() as session:
        session.add(
            NotificationDelivery(
                notification_id=uuid.UUID(notification_id),
                channel=channel,
                attempt=attempt,
                status=status,
                error=error,
                at=utcnow(),
            )
        )
    if status == "retrying":
        logger.info(
            "notification %s on %s failed (try %d): %s", notification_id, channel, attempt, error
        )
        raise Retry(
            defer_seconds=ctx.settings.notification_retry_base_seconds * 2 ** (attempt - 1),
            reason=error or "",
        )


@subscribe("result.published")
async def result_published(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Tell the person's users (employees linked to the person) their result is published."""
    async with ctx.db.unit_of_work() as session:
        result = await session.get(InterviewResult, uuid.UUID(payload["result_id"]))
        if result is None or not result.published:
            return
        view = await published.view(session, result)  # what the person is shown everywhere
        users = await service.users_of_person(session, result.person_id)
        if view is None or not users:
            return
        position = await session.get(Position, view.position_id) if view.position_id else None
        await service.notify(
            session,
            hub_for(ctx.settings.redis_url),
            users,
            "result.published",
            {
                "position": position.name if position else "",
                "total": f"{view.normalized_total:.1f}",
            },
            link=f"/my-results/{result.id}",
            data={"result_id": str(result.id), "revision": view.revision},
            dedupe=f"result.published:{result.id}:{view.revision}",
        )
