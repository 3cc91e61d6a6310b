"""Creating notifications (in-app, then one send job per external channel), preferences and
the single-use stream tickets."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import RefreshToken, User, UserRole
from scorebridge.kit.db import utcnow
from scorebridge.kit.jobs import enqueue
from scorebridge.notifications import channels, templates
from scorebridge.notifications import hub as hubs
from scorebridge.notifications.models import (
    CHANNELS,
    EXTERNAL_CHANNELS,
    Notification,
    NotificationChannel,
    NotificationPreference,
    StreamTicket,
)
from scorebridge.notifications.schemas import NotificationOut

SEND_JOB = "notifications.send"
DEFAULT_CHANNELS: dict[str, bool] = {
    "in_app": True,
    "email": True,
    "wecom": False,
    "dingtalk": False,
    "sms": False,
    "webpush": False,
}


def to_out(row: Notification) -> NotificationOut:
    return NotificationOut(
        id=row.id,
        kind=row.kind,
        title=row.title,
        body=row.body,
        link=row.link,
        data=row.data or {},
        created_at=row.created_at,
        read_at=row.read_at,
    )


def effective_channels(stored: dict[str, bool] | None) -> dict[str, bool]:
    channels = dict(DEFAULT_CHANNELS)
    channels.update({k: bool(v) for k, v in (stored or {}).items() if k in CHANNELS})
    channels["in_app"] = True  # in-app is always on
    return channels


async def preferences_of(
    session: AsyncSession, user_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, bool]]:
    rows = (
        await session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id.in_(user_ids))
        )
    ).all()
    stored = {row.user_id: row.channels for row in rows}
    return {user_id: effective_channels(stored.get(user_id)) for user_id in user_ids}


async def enabled_channels(session: AsyncSession) -> set[str]:
    """The external channels an admin enabled that reach one person (not group robots)."""
    rows = await session.scalars(
        select(NotificationChannel).where(NotificationChannel.enabled.is_(True))
    )
    return {row.kind for row in rows.all() if channels.reaches_person(row.kind, row.config)}


async def users_with_roles(session: AsyncSession, roles: Sequence[str]) -> list[User]:
    statement = (
        select(User)
        .where(
            User.is_active.is_(True),
            User.id.in_(select(UserRole.user_id).where(UserRole.role.in_(roles))),
        )
        .order_by(User.email)
    )
    return list((await session.scalars(statement)).all())


async def users_of_person(session: AsyncSession, person_id: uuid.UUID) -> list[User]:
    statement = select(User).where(User.person_id == person_id, User.is_active.is_(True))
    return list((await session.scalars(statement)).all())


async def notify(
    session: AsyncSession,
    hub: hubs.LocalHub,
    recipients: Sequence[User],
    kind: str,
    params: dict[str, Any],
    *,
    link: str | None = None,
    data: dict[str, Any] | None = None,
    dedupe: str | None = None,
) -> list[Notification]:
    """One in-app notification per recipient (in their language), pushed to their open streams
    after the commit, and one send job per external channel the user chose and an admin
    enabled. With ``dedupe``, a recipient already notified for it is skipped (events are
    delivered at least once)."""
    recipients = list({u.id: u for u in recipients}.values())
    if not recipients:
        return []
    already: set[str] = set()
    if dedupe:
        keys = [f"{dedupe}:{u.id}" for u in recipients]
        found = await session.scalars(
            select(Notification.dedupe_key).where(Notification.dedupe_key.in_(keys))
        )
        already = {k for k in found.all() if k}
    preferences = await preferences_of(session, [u.id for u in recipients])
    enabled = await enabled_channels(session)
    created: list[Notification] = []
    for user in recipients:
        key = f"{dedupe}:{user.id}" if dedupe else None
        if key is not None and key in already:
            continue
        text = templates.render(kind, user.locale, params)
        row = Notification(
            id=uuid.uuid4(),
            user_id=user.id,
            kind=kind,
            title=text.title,
            body=text.body,
            link=link,
            data=data or {},
            dedupe_key=key,
            created_at=utcnow(),
        )
        session.add(row)
        created.append(row)
        hubs.push_after_commit(session, hub, user.id, to_out(row).model_dump(mode="json"))
        for channel in EXTERNAL_CHANNELS:
            if channel in enabled and preferences[user.id].get(channel):
                enqueue(
                    session, SEND_JOB, str(row.id), channel, job_id=f"notify:{row.id}:{channel}"
                )
    await session.flush()
    return created


async def unread_count(session: AsyncSession, user_id: uuid.UUID) -> int:
    value = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return int(value or 0)


async def mark_all_read(session: AsyncSession, user_id: uuid.UUID) -> int:
    result = await session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- Stream tickets ----------------------------------------------------------------------------


def _ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


async def issue_ticket(
    session: AsyncSession,
    user_id: uuid.UUID,
    ttl_seconds: int,
    sign_in_id: uuid.UUID | None = None,
) -> str:
    """A single-use ticket for ``user_id``, bound to the sign-in that asked for it (signing out
    makes it worthless)."""
    ticket = secrets.token_urlsafe(32)
    now = utcnow()
    await session.execute(  # tidy up: expired tickets are of no use to anyone
        delete(StreamTicket).where(StreamTicket.expires_at < now - timedelta(hours=1))
    )
    session.add(
        StreamTicket(
            ticket_hash=_ticket_hash(ticket),
            user_id=user_id,
            sign_in_id=sign_in_id,
            expires_at=now + timedelta(seconds=ttl_seconds),
        )
    )
    await session.flush()
    return ticket


async def redeem_ticket(
    session: AsyncSession, ticket: str
) -> tuple[uuid.UUID, uuid.UUID | None] | None:
    """The ticket's user and sign-in, once: a used or expired ticket, or one whose sign-in has
    ended, answers None."""
    now = utcnow()
    ended = exists().where(
        RefreshToken.family_id == StreamTicket.sign_in_id, RefreshToken.revoked_at.is_not(None)
    )
    redeemed = (
        await session.execute(
            update(StreamTicket)
            .where(
                StreamTicket.ticket_hash == _ticket_hash(ticket),
                StreamTicket.used_at.is_(None),
                StreamTicket.expires_at > now,
                ~ended,
            )
            .values(used_at=now)
            .returning(StreamTicket.user_id, StreamTicket.sign_in_id)
        )
    ).first()
    return (redeemed[0], redeemed[1]) if redeemed else None
