"""谁查看了我的成绩: who read my scores, when and what — from the audit trail.

Every read of someone's scores is already audited with ``subject_person_id`` (a result opened,
its revisions, the talent profile, a feedback thread, and a results list or export filtered to
the person). The log shows the caller's own person only, never their own reads, and names the
reader by name and role (or the integration client) — never by email or IP.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit.models import AuditEvent
from scorebridge.auth.caller import Caller
from scorebridge.auth.models import IntegrationClient, User, UserRole
from scorebridge.organisation.models import Position
from scorebridge.privacy.schemas import AccessEntry, AccessTarget, AccessViewer
from scorebridge.results.models import InterviewResult

READ_ACTIONS = (
    "result.viewed",
    "result.revisions_viewed",
    "profile.read",
    "feedback.viewed",
    "results.listed",
    "results.exported",
)


def of(caller: Caller) -> Select[AuditEvent]:
    """Reads of the caller's own scores by anyone but the caller."""
    statement = select(AuditEvent)
    if caller.kind != "user" or caller.person_id is None:
        return statement.where(false())
    return statement.where(
        AuditEvent.subject_person_id == caller.person_id,
        AuditEvent.action.in_(READ_ACTIONS),
        or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != caller.id),
    )


async def render(session: AsyncSession, rows: Sequence[AuditEvent]) -> list[AccessEntry]:
    actor_ids = {r.actor_id for r in rows if r.actor_id is not None}
    users = {
        u.id: u.name
        for u in (await session.scalars(select(User).where(User.id.in_(actor_ids)))).all()
    }
    roles: dict[uuid.UUID, list[str]] = {}
    for user_id, role in (
        await session.execute(
            select(UserRole.user_id, UserRole.role)
            .where(UserRole.user_id.in_(list(users)))
            .order_by(UserRole.role)
        )
    ).all():
        roles.setdefault(user_id, []).append(role)
    clients = {
        c.id: c.name
        for c in (
            await session.scalars(
                select(IntegrationClient).where(IntegrationClient.id.in_(actor_ids))
            )
        ).all()
    }
    result_ids = {uuid.UUID(r.target_id) for r in rows if r.target_type == "result" and r.target_id}
    positions = {
        result_id: name
        for result_id, name in (
            await session.execute(
                select(InterviewResult.id, Position.name)
                .join(Position, Position.id == InterviewResult.position_id)
                .where(InterviewResult.id.in_(result_ids))
            )
        ).all()
    }
    entries = []
    for row in rows:
        if row.actor_kind == "client" and row.actor_id in clients:
            viewer = AccessViewer(kind="client", name=clients[row.actor_id], roles=[])
        elif row.actor_kind == "user" and row.actor_id is not None:
            viewer = AccessViewer(
                kind="user", name=users.get(row.actor_id, "—"), roles=roles.get(row.actor_id, [])
            )
        else:
            viewer = AccessViewer(kind="system", name="ScoreBridge", roles=[])
        label = (
            positions.get(uuid.UUID(row.target_id))
            if row.target_type == "result" and row.target_id
            else None
        )
        entries.append(
            AccessEntry(
                id=row.id,
                at=row.at,
                action=row.action,
                viewer=viewer,
                what=AccessTarget(type=row.target_type, id=row.target_id, label=label),
            )
        )
    return entries
