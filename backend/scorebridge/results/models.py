"""An interview result, its dimensions, its interviewers and every revision it went through."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, TimestampMixin, utcnow


class ResultStatus:
    pending_review = "pending_review"
    confirmed = "confirmed"
    returned = "returned"
    rejected = "rejected"

    all = (pending_review, confirmed, returned, rejected)


class InterviewResult(IdMixin, TimestampMixin, Base):
    """The current state of one vendor interview (unique per vendor and interview id)."""

    __tablename__ = "interview_results"
    __table_args__ = (
        Index(
            "uq_interview_results_vendor_id_interview_id", "vendor_id", "interview_id", unique=True
        ),
        Index("ix_interview_results_received_at_id", "received_at", "id"),
        Index("ix_interview_results_interviewed_at_id", "interviewed_at", "id"),
        Index("ix_interview_results_normalized_total_id", "normalized_total", "id"),
        Index("ix_interview_results_department_id_received_at", "department_id", "received_at"),
        Index("ix_interview_results_status_received_at", "status", "received_at"),
        Index("ix_interview_results_person_id_interviewed_at", "person_id", "interviewed_at"),
    )

    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id", ondelete="RESTRICT"))
    interview_id: Mapped[str] = mapped_column(String(128))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    position_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("positions.id", ondelete="SET NULL"), index=True
    )
    batch_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("batches.id", ondelete="SET NULL"), index=True
    )
    interviewed_at: Mapped[datetime | None]
    total_score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    normalized_total: Mapped[float] = mapped_column(Float)
    comment: Mapped[str | None] = mapped_column(Text)
    suggestions: Mapped[list[str]] = mapped_column(JSON, default=list)
    recommendation: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=ResultStatus.pending_review)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    # The revision last published to the person, and when: what the person keeps seeing while a
    # later revision waits for review (see results/published.py).
    published_revision: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None]
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_at: Mapped[datetime | None]
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # The vendor's own updated_at of the stored version: older updates never overwrite it.
    source_updated_at: Mapped[datetime | None]

    def mark_published(self) -> None:
        """The current revision is published to the person (from now on what they see)."""
        self.published = True
        self.published_revision = self.revision
        self.published_at = utcnow()


class ResultDimension(IdMixin, Base):
    __tablename__ = "result_dimensions"
    __table_args__ = (Index("ix_result_dimensions_result_id_position", "result_id", "position"),)

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_results.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)  # order as the vendor sent them
    code: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    normalized: Mapped[float] = mapped_column(Float)
    comment: Mapped[str | None] = mapped_column(Text)


class ResultInterviewer(Base):
    """A user (matched by email) listed as an interviewer of a result."""

    __tablename__ = "result_interviewers"

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_results.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ResultRevision(IdMixin, Base):
    """A snapshot of a result as it was at one revision (vendor updates, adjustments)."""

    __tablename__ = "result_revisions"
    __table_args__ = (
        Index("uq_result_revisions_result_id_revision", "result_id", "revision", unique=True),
    )

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_results.id", ondelete="CASCADE")
    )
    revision: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(32))  # vendor | adjustment
    delivery_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class ResultReview(IdMixin, Base):
    """One review decision on a result: who, when, from which state to which, and the note."""

    __tablename__ = "result_reviews"
    __table_args__ = (Index("ix_result_reviews_result_id_at", "result_id", "at"),)

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_results.id", ondelete="CASCADE")
    )
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
