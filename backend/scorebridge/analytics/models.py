"""What analytics keeps: a change counter over the data it reads, and the answers it saved.

``analysis_versions`` is bumped by database triggers (migration 0007) whenever results, their
dimensions, performance records, people or the organisation's departments, positions and
batches change, in the same transaction as the change. It is striped over a few rows (on
PostgreSQL the backend's pid picks the row) so concurrent writers do not queue on one row
lock; the version is the sum of the rows, which only grows.

``analysis_answers`` holds each analytics answer under a hash of its question (endpoint,
parameters, the caller's scope) with the version it was computed at: an answer is served
again only while the version is unchanged, so it is never stale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, utcnow


class AnalysisVersion(Base):
    __tablename__ = "analysis_versions"

    stripe: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class SavedAnswer(Base):
    __tablename__ = "analysis_answers"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    question: Mapped[str] = mapped_column(String(40))  # the endpoint, for inspection
    data_version: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[str] = mapped_column(Text)
    compute_ms: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
