"""A quarterly analysis pack for the whole organisation or one department (and those below)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from scorebridge.kit.db import Base, IdMixin, utcnow


class ReportStatus:
    pending = "pending"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class AnalysisReport(IdMixin, Base):
    __tablename__ = "analysis_reports"
    __table_args__ = (Index("ix_analysis_reports_created_at_id", "created_at", "id"),)

    period: Mapped[str] = mapped_column(String(7))  # 2026-Q3
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=ReportStatus.pending)
    # "<period>:<department id or all>" for the one made automatically after the quarter (the
    # periodic job makes each once); null for those made on demand.
    automatic_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(8), default="zh-CN")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    xlsx: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
