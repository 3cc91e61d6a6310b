"""An import: the uploaded file, what it holds and how far processing got."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, utcnow


class ImportStatus:
    pending = "pending"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class ImportJob(IdMixin, Base):
    """One upload of a CSV or XLSX file of a given kind (a dry run or a real import)."""

    __tablename__ = "imports"
    __table_args__ = (
        Index("ix_imports_created_at_id", "created_at", "id"),
        Index("ix_imports_status", "status"),
    )

    kind: Mapped[str] = mapped_column(String(16))  # people | results | performance | training
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.pending)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    filename: Mapped[str | None] = mapped_column(String(255))
    file_format: Mapped[str] = mapped_column(String(8))  # csv | xlsx
    encoding: Mapped[str | None] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    mapping: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    valid_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    # Spreadsheet row up to which a real import has written (a resumed job continues after it).
    resume_after_row: Mapped[int] = mapped_column(Integer, default=1)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # Why it failed: a code the answer words in the reader's language, and the details.
    failure_code: Mapped[str | None] = mapped_column(String(32))
    failure: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_by_name: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    # The run holding the import (its lease) renews the heartbeat while it works; a stale
    # heartbeat lets the reconciler hand the import to a new run, and the old one, should it
    # still be alive, stops at its next write because the lease is no longer its own.
    lease: Mapped[str | None] = mapped_column(String(32))
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class ImportFile(Base):
    """The uploaded bytes, kept in the database so a worker in another process can read them;
    dropped once the import has finished."""

    __tablename__ = "import_files"

    import_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
