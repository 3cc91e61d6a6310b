"""Retention (PIPL Art 19: the shortest period necessary), enforced by a daily job and by
``scorebridge retention [--dry-run]``.

Each run, in this order, in batches of ``SCOREBRIDGE_RETENTION_BATCH_SIZE`` (5,000) rows per
transaction so no lock is held for long (on PostgreSQL each batch takes its rows with
``FOR UPDATE SKIP LOCKED``, so a second run or intake never waits on it):

* raw vendor bodies older than ``raw_delivery_days`` are dropped (the structured result
  stays; a delivery without its body can no longer be replayed), and at once for people
  already erased (a vendor update may have arrived for them since);
* never-hired candidates — no employee number, no hire date, no account — without activity
  (a result received or a change to the person) for ``candidate_days`` are anonymised as an
  erasure would (``reason`` retention; one with an open privacy request waits);
* notifications (and their send attempts) older than ``notification_days`` are deleted;
* audit rows older than ``audit_days`` (never under 180) are deleted through the audit
  trigger's purge permit.

A run is stored (``GET /retention-policy/runs``) with what it removed and audited as
``retention.ran``. ``GET /retention-policy/preview`` (and ``--dry-run``) counts what the next run
would remove, without changing anything.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.audit.models import AuditEvent
from scorebridge.auth.caller import Caller
from scorebridge.auth.models import User
from scorebridge.intake.models import Delivery
from scorebridge.kit.db import Database, is_postgres, utcnow
from scorebridge.notifications.models import Notification
from scorebridge.organisation.models import Person
from scorebridge.privacy import auditing, erasure
from scorebridge.privacy.models import (
    PersonErasure,
    PrivacyRequest,
    RequestStatus,
    RetentionPolicy,
    RetentionRun,
)
from scorebridge.privacy.schemas import (
    RetentionCounts,
    RetentionPolicyIn,
    RetentionPolicyOut,
    RetentionPreview,
)
from scorebridge.results.models import InterviewResult

logger = logging.getLogger(__name__)

DEFAULTS = RetentionPolicyIn(
    raw_delivery_days=90, candidate_days=365, audit_days=365, notification_days=180
)
CANDIDATES_PER_BATCH = 100


async def policy(session: AsyncSession) -> RetentionPolicyOut:
    row = await session.get(RetentionPolicy, 1)
    if row is None:
        return RetentionPolicyOut(**DEFAULTS.model_dump(), updated_at=None, is_default=True)
    return RetentionPolicyOut(
        raw_delivery_days=row.raw_delivery_days,
        candidate_days=row.candidate_days,
        audit_days=row.audit_days,
        notification_days=row.notification_days,
        updated_at=row.updated_at,
        is_default=False,
    )


async def save(
    session: AsyncSession, caller: Caller, data: RetentionPolicyIn
) -> RetentionPolicyOut:
    row = await session.get(RetentionPolicy, 1)
    before = (await policy(session)).model_dump(include=set(RetentionPolicyIn.model_fields))
    if row is None:
        row = RetentionPolicy(id=1, **data.model_dump())
        session.add(row)
    else:
        for key, value in data.model_dump().items():
            setattr(row, key, value)
    row.updated_at = utcnow()
    row.updated_by = caller.id if caller.kind == "user" else None
    await session.flush()
    audit.record(
        session,
        caller,
        "retention_policy.updated",
        target_type="retention_policy",
        target_id="1",
        detail={"before": before, "after": data.model_dump()},
    )
    return await policy(session)


@dataclass(frozen=True)
class Cutoffs:
    raw: datetime
    candidates: datetime
    notifications: datetime
    audit: datetime

    @classmethod
    def of(cls, rules: RetentionPolicyIn, now: datetime) -> Cutoffs:
        return cls(
            raw=now - timedelta(days=rules.raw_delivery_days),
            candidates=now - timedelta(days=rules.candidate_days),
            notifications=now - timedelta(days=rules.notification_days),
            audit=now - timedelta(days=max(rules.audit_days, 180)),
        )


_BODY_KEPT = func.length(Delivery.body) > 0


def expired_bodies(cutoff: datetime) -> Select[Any]:
    return select(Delivery.id).where(
        _BODY_KEPT, Delivery.received_at < cutoff, Delivery.status != "pending"
    )


def erased_bodies() -> Select[Any]:
    erased_results = select(InterviewResult.id).where(
        InterviewResult.person_id.in_(select(PersonErasure.person_id))
    )
    return select(Delivery.id).where(_BODY_KEPT, Delivery.result_id.in_(erased_results))


def stale_candidates(cutoff: datetime) -> Select[Any]:
    return select(Person.id).where(
        Person.employee_no.is_(None),
        Person.hired_on.is_(None),
        Person.updated_at < cutoff,
        ~exists().where(User.person_id == Person.id),
        ~exists().where(PersonErasure.person_id == Person.id),
        ~exists().where(
            InterviewResult.person_id == Person.id,
            or_(InterviewResult.received_at >= cutoff, InterviewResult.updated_at >= cutoff),
        ),
        ~exists().where(
            and_(
                PrivacyRequest.person_id == Person.id,
                PrivacyRequest.status == RequestStatus.open,
            )
        ),
    )


def old_notifications(cutoff: datetime) -> Select[Any]:
    return select(Notification.id).where(Notification.created_at < cutoff)


def old_audit(cutoff: datetime) -> Select[Any]:
    return select(AuditEvent.id).where(AuditEvent.at < cutoff)


async def _count(session: AsyncSession, ids: Select[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(ids.subquery())) or 0)


async def preview(session: AsyncSession) -> RetentionPreview:
    rules = await policy(session)
    cut = Cutoffs.of(rules, utcnow())
    return RetentionPreview(
        policy=RetentionPolicyIn(**rules.model_dump(include=set(RetentionPolicyIn.model_fields))),
        cutoffs={
            "raw_delivery": cut.raw,
            "candidate": cut.candidates,
            "notification": cut.notifications,
            "audit": cut.audit,
        },
        counts=RetentionCounts(
            raw_bodies=await _count(session, expired_bodies(cut.raw)),
            erased_people_bodies=await _count(session, erased_bodies()),
            candidates=await _count(session, stale_candidates(cut.candidates)),
            notifications=await _count(session, old_notifications(cut.notifications)),
            audit_events=await _count(session, old_audit(cut.audit)),
        ),
    )


def _batch(session: AsyncSession, ids: Select[Any], order: Any, size: int) -> Any:
    statement = ids.order_by(order).limit(size)
    if is_postgres(session):
        statement = statement.with_for_update(skip_locked=True)
    return statement.scalar_subquery()


def _rows(outcome: Any) -> int:
    return int(getattr(outcome, "rowcount", 0) or 0)


async def _drop_bodies(session: AsyncSession, ids: Select[Any], size: int) -> int:
    return _rows(
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_(_batch(session, ids, Delivery.received_at, size)))
            .values(body=b"")
            .execution_options(synchronize_session=False)
        )
    )


async def _delete_notifications(session: AsyncSession, cutoff: datetime, size: int) -> int:
    batch = _batch(session, old_notifications(cutoff), Notification.created_at, size)
    return _rows(
        await session.execute(
            delete(Notification)
            .where(Notification.id.in_(batch))
            .execution_options(synchronize_session=False)
        )
    )


async def _anonymise_candidates(session: AsyncSession, cutoff: datetime) -> int:
    ids = (
        await session.scalars(
            stale_candidates(cutoff).order_by(Person.updated_at).limit(CANDIDATES_PER_BATCH)
        )
    ).all()
    for person_id in ids:
        await erasure.erase(session, None, person_id, reason="retention")
    return len(ids)


async def _in_batches(db: Database, step: Any, size: int) -> int:
    """Run ``step(session)`` in its own transaction until it handles fewer than ``size``."""
    total = 0
    while True:
        async with db.unit_of_work() as session:
            done = int(await step(session))
        total += done
        if done < size:
            return total


async def run(db: Database, *, trigger: str, batch_size: int) -> RetentionRun:
    """One retention run; each batch commits on its own, so a failure keeps what was done."""
    async with db.unit_of_work() as session:
        rules = RetentionPolicyIn(
            **(await policy(session)).model_dump(include=set(RetentionPolicyIn.model_fields))
        )
        record = RetentionRun(
            id=uuid.uuid4(), started_at=utcnow(), trigger=trigger, policy=rules.model_dump()
        )
        session.add(record)
    cut = Cutoffs.of(rules, record.started_at)
    counts: dict[str, int] = {}
    error: str | None = None
    try:
        counts["raw_bodies"] = await _in_batches(
            db, lambda s: _drop_bodies(s, expired_bodies(cut.raw), batch_size), batch_size
        )
        counts["erased_people_bodies"] = await _in_batches(
            db, lambda s: _drop_bodies(s, erased_bodies(), batch_size), batch_size
        )
        counts["candidates"] = await _in_batches(
            db, lambda s: _anonymise_candidates(s, cut.candidates), CANDIDATES_PER_BATCH
        )
        counts["notifications"] = await _in_batches(
            db, lambda s: _delete_notifications(s, cut.notifications, batch_size), batch_size
        )
        counts["audit_events"] = await _in_batches(
            db, lambda s: auditing.purge_batch(s, cut.audit, batch_size), batch_size
        )
    except Exception as exc:  # kept on the run, and the job retries
        logger.exception("retention run %s failed", record.id)
        error = f"{type(exc).__name__}: {exc}"[:4000]
    async with db.unit_of_work() as session:
        stored = await session.get(RetentionRun, record.id)
        assert stored is not None
        stored.counts = counts
        stored.finished_at = utcnow()
        stored.error = error
        audit.record(
            session,
            None,
            "retention.failed" if error else "retention.ran",
            target_type="retention_run",
            target_id=record.id,
            detail={"trigger": trigger, "policy": rules.model_dump(), "counts": counts},
        )
        record = stored
    if error:
        raise RuntimeError(f"retention run {record.id} failed: {error}")
    return record


async def due(session: AsyncSession, every_hours: float) -> bool:
    """Whether the daily job should run: no run started within ``every_hours``."""
    last = await session.scalar(select(func.max(RetentionRun.started_at)))
    return last is None or last <= utcnow() - timedelta(hours=every_hours)
