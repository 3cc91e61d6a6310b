from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, utcnow


class AuditEvent(IdMixin, Base):
    """One append-only audit record. The database refuses UPDATE and DELETE (see migrations)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at_id", "at", "id"),
        Index("ix_audit_events_subject_person_id_at", "subject_person_id", "at"),
        Index("ix_audit_events_actor_id_at", "actor_id", "at"),
    )

    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[uuid.UUID | None]
    actor_kind: Mapped[str] = mapped_column(String(16))  # user | client | system
    actor_name: Mapped[str | None] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_person_id: Mapped[uuid.UUID | None]
    target_type: Mapped[str | None] = mapped_column(String(64))
    target_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
