from __future__ import annotations

import uuid

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit.models import AuditEvent
from scorebridge.audit.schemas import AuditActor
from scorebridge.auth.caller import Caller
from scorebridge.auth.models import IntegrationClient, User
from scorebridge.auth.permissions import Permission


def readable_by(caller: Caller) -> Select[AuditEvent]:
    statement = select(AuditEvent)
    if not caller.can(Permission.audit_read):
        statement = statement.where(AuditEvent.id.is_(None))
    return statement


def filtered(
    statement: Select[AuditEvent],
    *,
    person_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    action: str | None,
) -> Select[AuditEvent]:
    if person_id:
        statement = statement.where(AuditEvent.subject_person_id == person_id)
    if actor_id:
        statement = statement.where(AuditEvent.actor_id == actor_id)
    if action:
        statement = statement.where(AuditEvent.action == action)
    return statement


def _like(q: str) -> str:
    escaped = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def actors(
    session: AsyncSession, q: str | None, actor_id: uuid.UUID | None, limit: int
) -> list[AuditActor]:
    """Users (by name or email) and integration clients (by name) to filter the log by, so
    that nobody has to know an id; ``actor_id`` names the one already chosen."""
    users = select(User).order_by(User.name, User.id).limit(limit)
    clients = select(IntegrationClient).order_by(IntegrationClient.name).limit(limit)
    if actor_id is not None:
        users = users.where(User.id == actor_id)
        clients = clients.where(IntegrationClient.id == actor_id)
    if q and q.strip():
        like = _like(q)
        users = users.where(
            or_(User.name.ilike(like, escape="\\"), User.email.ilike(like, escape="\\"))
        )
        clients = clients.where(IntegrationClient.name.ilike(like, escape="\\"))
    found = [
        AuditActor(id=u.id, kind="user", name=u.name, email=u.email)
        for u in await session.scalars(users)
    ]
    found += [
        AuditActor(id=c.id, kind="client", name=c.name) for c in await session.scalars(clients)
    ]
    return found[:limit]
