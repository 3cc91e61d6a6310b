from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, TimestampMixin, utcnow
from scorebridge.kit.sealing import SealedText


class WebhookEndpoint(IdMixin, TimestampMixin, Base):
    """An integrator's URL and the events it subscribed to."""

    __tablename__ = "webhook_endpoints"

    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    secret: Mapped[str] = mapped_column(SealedText)  # signs deliveries: sealed at rest
    description: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[uuid.UUID | None]


class OutboundMessage(IdMixin, Base):
    """One event for one endpoint; delivered in ``created_at`` order per endpoint."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        Index(
            "ix_outbound_messages_endpoint_id_status_created_at",
            "endpoint_id",
            "status",
            "created_at",
        ),
        Index("uq_outbound_messages_endpoint_id_event_id", "endpoint_id", "event_id", unique=True),
    )

    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|delivered|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]


class OutboundAttempt(IdMixin, Base):
    """One HTTP attempt to deliver a message."""

    __tablename__ = "outbound_attempts"

    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("outbound_messages.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
