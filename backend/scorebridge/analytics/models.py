"""What analytics keeps: a change counter over the data it reads, and the answers it saved.

``analysis_versions`` is counted up by database triggers (migration 0007), in the same
transaction as the change, whenever what analytics reads changes: the scores, status and
organisation of results, their dimensions, performance records, people's employment dates, and
departments, positions and batches. ``changes`` counts every such change; ``confirmed_changes``
only those that touch confirmed results (or the other tables), so that results arriving for
review do not outdate the answers about confirmed ones. The counters are striped over a few
rows (on PostgreSQL the backend's pid picks the row) so that concurrent writers do not queue
on one row lock; a version is the sum over the rows, which only grows.

``analysis_answers`` holds each analytics answer under a hash of its question (endpoint,
parameters, the caller's scope) with the version of its ``series`` it was computed at: an
answer is served again only while that version is unchanged, so it is never stale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, utcnow


class AnalysisVersion(Base):
    __tablename__ = "analysis_versions"

    stripe: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    changes: Mapped[int] = mapped_column(BigInteger, default=0)
    confirmed_changes: Mapped[int] = mapped_column(BigInteger, default=0)


class SavedAnswer(Base):
    __tablename__ = "analysis_answers"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    question: Mapped[str] = mapped_column(String(40))  # the endpoint, for inspection
    series: Mapped[str] = mapped_column(String(16))  # "confirmed" or "all" (see above)
    data_version: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[str] = mapped_column(Text)
    compute_ms: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
