"""An employee's question about one of their published results, and its message thread."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, TimestampMixin, utcnow


class FeedbackStatus:
    open = "open"  # waiting for HR
    answered = "answered"  # HR replied, waiting for the employee or a resolution
    resolved = "resolved"

    all = (open, answered, resolved)
    unresolved = (open, answered)


class Feedback(IdMixin, TimestampMixin, Base):
    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_due_at_id", "due_at", "id"),
        Index("ix_feedback_status_due_at", "status", "due_at"),
        Index("ix_feedback_person_id_created_at", "person_id", "created_at"),
    )

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_results.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Equals result_id while unresolved, NULL once resolved: one open feedback per result.
    open_result_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(16), default=FeedbackStatus.open)
    message: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    first_response_at: Mapped[datetime | None]
    due_soon_at: Mapped[datetime | None]  # HR told it is due within DUE_SOON_HOURS
    overdue_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # The result's normalised total before and after an adjustment.
    adjusted_from: Mapped[float | None] = mapped_column(Float)
    adjusted_to: Mapped[float | None] = mapped_column(Float)


class FeedbackMessage(IdMixin, Base):
    __tablename__ = "feedback_messages"
    __table_args__ = (Index("ix_feedback_messages_feedback_id_at", "feedback_id", "at"),)

    feedback_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_role: Mapped[str] = mapped_column(String(16))  # employee | hr
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
