from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID | None
    actor_kind: str
    actor_name: str | None
    action: str
    subject_person_id: uuid.UUID | None
    target_type: str | None
    target_id: str | None
    ip: str | None
    detail: dict[str, Any]


class AuditActor(BaseModel):
    """Someone who can appear as an audit event's actor: a user or an integration client."""

    id: uuid.UUID
    kind: Literal["user", "client"]
    name: str
    email: str | None = None
