from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, TimestampMixin


class Department(IdMixin, TimestampMixin, Base):
    __tablename__ = "departments"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )


class Position(IdMixin, TimestampMixin, Base):
    __tablename__ = "positions"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), index=True
    )


class Batch(IdMixin, TimestampMixin, Base):
    """An interview batch (面试批次), such as a spring campus campaign."""

    __tablename__ = "batches"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    position_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("positions.id", ondelete="RESTRICT"), index=True
    )


class Person(IdMixin, TimestampMixin, Base):
    """A candidate or employee whose interview results ScoreBridge keeps."""

    __tablename__ = "people"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    employee_no: Mapped[str | None] = mapped_column(String(64), unique=True)
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    hired_on: Mapped[date | None]
    left_on: Mapped[date | None]
