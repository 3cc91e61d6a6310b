"""Writing audit events. Every read of someone's scores and every sign-in goes through here."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit.models import AuditEvent
from scorebridge.auth.caller import Caller


def record(
    session: AsyncSession,
    caller: Caller | None,
    action: str,
    *,
    subject_person_id: uuid.UUID | None = None,
    target_type: str | None = None,
    target_id: uuid.UUID | str | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    actor_name: str | None = None,
    actor_id: uuid.UUID | None = None,
) -> AuditEvent:
    """Add an audit event to the session; it commits with the surrounding unit of work."""
    event = AuditEvent(
        actor_id=caller.id if caller else actor_id,
        actor_kind=caller.kind if caller else ("user" if actor_id else "system"),
        actor_name=actor_name or (caller.extras.get("email", caller.name) if caller else None),
        action=action,
        subject_person_id=subject_person_id,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        ip=ip or (caller.ip if caller else None),
        detail=detail or {},
    )
    session.add(event)
    return event
