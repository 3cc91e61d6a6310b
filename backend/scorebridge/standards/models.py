"""Interview standards: a versioned standard per position, each result's verdict under it and
the runs that re-evaluate a position's earlier results."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, utcnow


class PositionStandard(IdMixin, Base):
    """One version of a position's standard; each save adds a version, none is ever changed."""

    __tablename__ = "position_standards"
    __table_args__ = (
        Index("uq_position_standards_position_id_version", "position_id", "version", unique=True),
    )

    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    pass_line: Mapped[float] = mapped_column(Float)
    minimums: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_by_name: Mapped[str | None] = mapped_column(String(320))


class ResultStandard(Base):
    """A result's verdict under its position's standard (one row per result that has one).

    Kept beside the result, never in it: the vendor's scores stay as they came. Other analyses
    (adverse impact, say) select ``passed`` from here by ``position_id``."""

    __tablename__ = "result_standards"
    __table_args__ = (
        Index("ix_result_standards_position_id_passed", "position_id", "passed"),
        Index("ix_result_standards_weighted_total_result_id", "weighted_total", "result_id"),
    )

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_results.id", ondelete="CASCADE"), primary_key=True
    )
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    weighted_total: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    failed_rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    evaluated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApplicationStatus:
    pending = "pending"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"

    active = (pending, running)


class StandardApplication(IdMixin, Base):
    """A run re-evaluating a position's earlier results under its current standard."""

    __tablename__ = "standard_applications"
    __table_args__ = (
        Index("ix_standard_applications_position_id_created_at", "position_id", "created_at"),
    )

    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.pending)
    total: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    # The last result done, as (received_at, id) — results are taken in that order: a run cut
    # short continues after it.
    resume_after_at: Mapped[datetime | None]
    resume_after: Mapped[uuid.UUID | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


TEXTS = JSON().with_variant(postgresql.ARRAY(Text()), "postgresql")
FLOATS = JSON().with_variant(postgresql.ARRAY(Float()), "postgresql")


class ResultScorecard(Base):
    """A result's normalised dimension scores in one row, beside its position and interview
    time — what the what-if reads on PostgreSQL: a period's results of a position are one
    index range of narrow rows, where their dimension rows would be a hundred thousand random
    lookups. Filed whenever a result is judged (:func:`scorebridge.standards.service.
    evaluate_results`, on PostgreSQL only: SQLite reads the dimensions themselves)."""

    __tablename__ = "result_scorecards"
    __table_args__ = (
        Index("ix_result_scorecards_position_id_interviewed_at", "position_id", "interviewed_at"),
    )

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_results.id", ondelete="CASCADE"), primary_key=True
    )
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    department_id: Mapped[uuid.UUID | None]
    person_id: Mapped[uuid.UUID]
    interviewed_at: Mapped[datetime | None]
    received_at: Mapped[datetime]
    normalized_total: Mapped[float] = mapped_column(Float)
    # codes[i] scored scores[i], in the vendor's order (a code sent twice counts twice, as in
    # result_dimensions): arrays on PostgreSQL (unnested 3× faster than JSON), JSON elsewhere
    codes: Mapped[list[str]] = mapped_column(TEXTS)
    scores: Mapped[list[float]] = mapped_column(FLOATS)
