"""The audit table's two sanctioned changes, through permits the database trigger checks.

``audit_events`` refuses UPDATE and DELETE (migration 0001). Migration 0015 lets two things
through, and only inside a transaction holding a permit row in ``audit_permits``:

* **purge** — DELETE of rows older than the permit's ``before`` *and* older than 180 days (the
  floor is in the trigger itself: no permit can delete a younger row; the Cybersecurity Law asks
  for six months of logs);
* **pseudonymise** — UPDATE of ``actor_name`` and ``detail`` only (an erased person's email in
  the rows they wrote becomes their pseudonym); every other column must stay as it was.

The permit is written and deleted in the same transaction, so no other transaction ever sees
it; on PostgreSQL the trigger also compares its ``txid`` with the current transaction's.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, func, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit.models import AuditEvent
from scorebridge.kit.db import is_postgres
from scorebridge.privacy.models import AuditPermit


@asynccontextmanager
async def permit(
    session: AsyncSession,
    kind: Literal["purge", "pseudonymise"],
    before: datetime | None = None,
) -> AsyncIterator[None]:
    permit_id = uuid.uuid4()
    txid = await session.scalar(text("SELECT txid_current()")) if is_postgres(session) else None
    await session.execute(
        insert(AuditPermit).values(id=permit_id, kind=kind, before=before, txid=txid)
    )
    yield
    # Only on success: after an error the transaction rolls back, and the permit with it.
    await session.execute(delete(AuditPermit).where(AuditPermit.id == permit_id))


async def pseudonymise(
    session: AsyncSession, user_ids: Sequence[uuid.UUID], emails: Sequence[str], pseudonym: str
) -> int:
    """Rows written by (or naming as actor) an erased person's accounts show the pseudonym."""
    if not user_ids and not emails:
        return 0
    condition = or_(
        AuditEvent.actor_id.in_(list(user_ids)),
        func.lower(AuditEvent.actor_name).in_([e.lower() for e in emails]),
    )
    async with permit(session, "pseudonymise"):
        outcome = await session.execute(
            update(AuditEvent)
            .where(condition, AuditEvent.actor_name.is_distinct_from(pseudonym))
            .values(actor_name=pseudonym)
            .execution_options(synchronize_session=False)
        )
    return int(getattr(outcome, "rowcount", 0) or 0)


async def purge_batch(session: AsyncSession, before: datetime, limit: int) -> int:
    """Delete up to ``limit`` audit rows older than ``before`` (oldest first)."""
    batch = select(AuditEvent.id).where(AuditEvent.at < before).order_by(AuditEvent.at).limit(limit)
    if is_postgres(session):
        batch = batch.with_for_update(skip_locked=True)
    async with permit(session, "purge", before):
        outcome = await session.execute(
            delete(AuditEvent)
            .where(AuditEvent.id.in_(batch.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )
    return int(getattr(outcome, "rowcount", 0) or 0)
