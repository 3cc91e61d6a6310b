"""Vendors, the raw deliveries they send (the inbox) and the candidate ids they use."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, TimestampMixin, utcnow
from scorebridge.kit.sealing import SealedFieldsJSON, SealedText


class Vendor(IdMixin, TimestampMixin, Base):
    """An AI-interview vendor: how it signs, how its body maps to ours, whether we poll it."""

    __tablename__ = "vendors"

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    signing_scheme: Mapped[str] = mapped_column(String(32))  # standard-webhooks | hmac-sha256
    signing_header: Mapped[str | None] = mapped_column(String(64))
    signing_prefix: Mapped[str | None] = mapped_column(String(32))
    # Verifying an HMAC needs the key itself: sealed at rest, never rendered after creation.
    secret: Mapped[str] = mapped_column(SealedText)
    previous_secret: Mapped[str | None] = mapped_column(SealedText)
    previous_expires_at: Mapped[datetime | None]
    mapping_expression: Mapped[str | None] = mapped_column(Text)
    # Poll headers (an Authorization header …) are sealed at rest and masked in answers.
    poll: Mapped[dict[str, Any] | None] = mapped_column(
        SealedFieldsJSON(frozenset({"headers"}), none_as_null=True)
    )
    poll_cursor: Mapped[str | None] = mapped_column(String(1024))
    next_poll_at: Mapped[datetime | None] = mapped_column(index=True)
    last_poll_at: Mapped[datetime | None]
    last_poll_error: Mapped[str | None] = mapped_column(Text)
    auto_confirm: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Delivery(IdMixin, Base):
    """One raw vendor message (webhook or polled item), stored before anything else happens.

    The row is the source of truth; the job queue is only a wake-up call.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("uq_deliveries_vendor_id_webhook_id", "vendor_id", "webhook_id", unique=True),
        Index("ix_deliveries_vendor_id_received_at", "vendor_id", "received_at", "id"),
        Index("ix_deliveries_status_received_at", "status", "received_at"),
    )

    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    webhook_id: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(16), default="webhook")  # webhook | poll | demo
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|processed|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(String(64))
    result_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("interview_results.id", ondelete="SET NULL"), index=True
    )
    processed_at: Mapped[datetime | None]


class PersonExternalId(Base):
    """The id a vendor uses for a candidate, matched to our person."""

    __tablename__ = "person_external_ids"

    vendor_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("vendors.id", ondelete="CASCADE"), primary_key=True
    )
    external_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
