"""Privacy (PIPL): the processing notice and its acknowledgements, the data subject's requests,
erasures with their tombstones, the retention policy and its runs, and audit permits.

Erasure state lives in its own table (``person_erasures``) rather than on ``people``: one row per
anonymised person, which also makes a second erasure a clear 409.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.intake.models import Delivery
from scorebridge.kit.db import Base, IdMixin, utcnow
from scorebridge.notifications.models import Notification


class PrivacyNotice(IdMixin, Base):
    """One version of the processing notice (个人信息处理告知). The newest is the current one."""

    __tablename__ = "privacy_notices"

    version: Mapped[str] = mapped_column(String(32), unique=True)
    body_zh: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class NoticeAcknowledgement(IdMixin, Base):
    """A user acknowledged one version of the notice (kept as evidence; exportable by admin)."""

    __tablename__ = "notice_acknowledgements"
    __table_args__ = (
        Index("uq_notice_acknowledgements_user_id_version", "user_id", "version", unique=True),
        Index("ix_notice_acknowledgements_at_id", "at", "id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(64))


class RequestStatus:
    open = "open"
    done = "done"
    declined = "declined"


class PrivacyRequest(IdMixin, Base):
    """A data subject's request: correction, deletion, explanation or objection (PIPL 44–47, 24)."""

    __tablename__ = "privacy_requests"
    __table_args__ = (
        Index("ix_privacy_requests_status_due_at", "status", "due_at"),
        Index("ix_privacy_requests_due_at_id", "due_at", "id"),
        Index("ix_privacy_requests_person_id_created_at", "person_id", "created_at"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    requester_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16))  # correction|deletion|explanation|objection
    message: Mapped[str] = mapped_column(Text)
    result_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("interview_results.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.open)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]
    overdue_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class PersonErasure(Base):
    """A person anonymised (by an admin, a confirmed deletion request, or retention)."""

    __tablename__ = "person_erasures"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)
    erased_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(16))  # admin | request | retention
    request_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="SET NULL")
    )


class ErasureTombstone(Base):
    """A keyed hash (HMAC-SHA256 under the secret key) of an identifier an erased person had,
    so that a later vendor message naming it is matched to the anonymous person instead of
    re-creating them. The identifier itself is not kept."""

    __tablename__ = "erasure_tombstones"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # employee_no | email | external_id
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RetentionPolicy(Base):
    """The one retention policy (row id 1); absent: the defaults in ``retention.DEFAULTS``."""

    __tablename__ = "retention_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    raw_delivery_days: Mapped[int] = mapped_column(Integer)
    candidate_days: Mapped[int] = mapped_column(Integer)
    audit_days: Mapped[int] = mapped_column(Integer)
    notification_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class RetentionRun(IdMixin, Base):
    """One retention run and what it removed (``counts``), or how it failed."""

    __tablename__ = "retention_runs"
    __table_args__ = (Index("ix_retention_runs_started_at_id", "started_at", "id"),)

    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    trigger: Mapped[str] = mapped_column(String(16))  # job | cli
    policy: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)


class AuditPermit(IdMixin, Base):
    """A permit, alive only inside the transaction that wrote it, for the audit table's
    sanctioned changes: ``purge`` (delete rows older than ``before``, never younger than the
    180-day floor the trigger itself enforces) and ``pseudonymise`` (rewrite ``actor_name`` and
    ``detail`` only). On PostgreSQL the trigger also requires ``txid`` = the current
    transaction, so a permit that outlived its transaction permits nothing."""

    __tablename__ = "audit_permits"

    kind: Mapped[str] = mapped_column(String(16))
    before: Mapped[datetime | None]
    txid: Mapped[int | None] = mapped_column(BigInteger)


# Indexes retention needs on other domains' tables: deliveries still holding their raw body
# (a partial index that shrinks as bodies are dropped) and notifications by age.
Index(
    "ix_deliveries_received_at_body_kept",
    Delivery.received_at,
    postgresql_where=func.length(Delivery.body) > 0,
    sqlite_where=func.length(Delivery.body) > 0,
)
Index("ix_notifications_created_at", Notification.created_at)
