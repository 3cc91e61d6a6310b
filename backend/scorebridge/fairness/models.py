"""What the fairness audit keeps: people's sensitive attributes, apart from the person, and
the adverse-impact alerts already sent.

``person_attributes`` holds gender and birth year in a table of their own, one row per person
who has any: no query of another domain joins it, so they cannot leak into results, exports,
profiles or analytics; only :mod:`scorebridge.fairness` reads it (for admins and auditors).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, utcnow


class Gender:
    female = "female"
    male = "male"
    other = "other"

    all = (female, male, other)


class PersonAttributes(Base):
    """A person's gender and birth year (either may be unknown)."""

    __tablename__ = "person_attributes"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    gender: Mapped[str | None] = mapped_column(String(8))
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FairnessAlert(Base):
    """One flagged position, attribute and basis: admins and auditors were told once, when it
    became flagged; it is cleared (and may alert again) once the position is no longer
    flagged."""

    __tablename__ = "fairness_alerts"

    position_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True
    )
    attribute: Mapped[str] = mapped_column(String(16), primary_key=True)
    basis: Mapped[str] = mapped_column(String(16), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    group_key: Mapped[str] = mapped_column(String(16))  # the group with the lowest ratio
    impact_ratio: Mapped[float] = mapped_column(Float)
    p_value: Mapped[float] = mapped_column(Float)
    alerted_at: Mapped[datetime] = mapped_column(default=utcnow)
    cleared_at: Mapped[datetime | None]
    times: Mapped[int] = mapped_column(Integer, default=1)  # how often it became flagged


class FairnessWatch(Base):
    """The version of confirmed data the last watch looked at (one row): the watch runs again
    only after new results."""

    __tablename__ = "fairness_watch"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    data_version: Mapped[int] = mapped_column(BigInteger)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
