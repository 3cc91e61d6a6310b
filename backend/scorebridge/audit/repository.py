from __future__ import annotations

import uuid

from sqlalchemy import Select, select

from scorebridge.audit.models import AuditEvent
from scorebridge.auth.caller import Caller
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
