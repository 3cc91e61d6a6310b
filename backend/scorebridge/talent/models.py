from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, utcnow


class PerformanceRecord(IdMixin, Base):
    """One performance figure of a person for a period (e.g. 2026-H1 sales attainment)."""

    __tablename__ = "performance_records"
    __table_args__ = (
        Index(
            "uq_performance_records_person_period_metric",
            "person_id",
            "period",
            "metric",
            unique=True,
        ),
        Index("ix_performance_records_metric_person_id", "metric", "person_id"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(32))
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TrainingRecord(IdMixin, Base):
    """A course a person completed, with its score where there is one."""

    __tablename__ = "training_records"
    __table_args__ = (
        Index(
            "uq_training_records_person_course_completed",
            "person_id",
            "course",
            "completed_on",
            unique=True,
        ),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    course: Mapped[str] = mapped_column(String(200))
    completed_on: Mapped[date]
    score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
