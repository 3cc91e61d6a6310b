"""Turning a stored delivery into a result: claim, map, validate, match, store.

Idempotent: a processed or failed delivery is never processed again (until replayed), and a
result is unique per ``(vendor, interview_id)``. Transient database errors retry; anything else
fails the delivery with an error an admin can read and replay after fixing the mapping.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import User
from scorebridge.intake import mapping, repository
from scorebridge.intake.models import Delivery, Vendor
from scorebridge.intake.schemas import Candidate, StandardResult
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.jobs import Retry
from scorebridge.organisation import service as organisation
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.privacy import tombstones
from scorebridge.results import review
from scorebridge.results import service as results
from scorebridge.results.service import Applied, VendorReport

logger = logging.getLogger(__name__)

# Transient failures of one delivery before it is marked failed (the queue also gives up).
MAX_TRANSIENT_ATTEMPTS = 8
_TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "57P01", "08006", "08003", "08001"}


def is_transient(exc: BaseException) -> bool:
    """Lost connections, lock timeouts, deadlocks and unique races are worth another try."""
    if isinstance(exc, OperationalError | InterfaceError | IntegrityError | TimeoutError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        return code in _TRANSIENT_SQLSTATES
    return isinstance(exc, ConnectionError | OSError)


async def process_delivery(db: Database, delivery_id: uuid.UUID) -> str | None:
    """Process one delivery; returns its final status (None when nothing was to do)."""
    try:
        async with db.unit_of_work() as session:
            delivery = await repository.claim_pending(session, db.dialect, delivery_id)
            if delivery is None:
                return None
            vendor = await session.get(Vendor, delivery.vendor_id)
            assert vendor is not None
            delivery.attempts += 1
            await process_claimed(session, db.dialect, vendor, delivery)
            return delivery.status
    except Exception as exc:
        transient = is_transient(exc)
        if transient:
            logger.warning("delivery %s: transient error %s", delivery_id, exc)
        else:
            logger.exception("delivery %s: unexpected error", delivery_id)
        attempts = await _note_error(db, delivery_id, exc, give_up=not transient)
        if transient and attempts < MAX_TRANSIENT_ATTEMPTS:
            raise Retry(reason=str(exc)) from exc
        return "failed"


async def process_claimed(
    session: AsyncSession, dialect: str, vendor: Vendor, delivery: Delivery
) -> Applied | None:
    """Map, validate and store one claimed delivery (failing it when it cannot be mapped)."""
    try:
        data = await mapping.to_standard_bytes_async(vendor.mapping_expression, delivery.body)
    except mapping.MappingError as exc:
        delivery.status = "failed"
        delivery.error = str(exc)[:4000]
        delivery.processed_at = utcnow()
        return None
    report = await match(session, dialect, vendor, data, delivery.id)
    applied = await results.apply_vendor_result(session, vendor, report)
    if applied.outcome in ("created", "updated") and applied.result.published:
        # An auto-confirmed vendor publishes at once: tell the person, as a review would.
        review.announce_published(session, applied.result)
    delivery.status = "processed"
    delivery.error = None
    delivery.note = None if applied.outcome in ("created", "updated") else applied.outcome
    delivery.result_id = applied.result.id
    delivery.processed_at = utcnow()
    return applied


async def _note_error(
    db: Database, delivery_id: uuid.UUID, exc: BaseException, *, give_up: bool
) -> int:
    """Record the error on the delivery in a fresh transaction; fail it when giving up."""
    async with db.unit_of_work() as session:
        delivery = await session.get(Delivery, delivery_id)
        if delivery is None or delivery.status != "pending":
            return MAX_TRANSIENT_ATTEMPTS
        delivery.attempts += 1
        delivery.error = f"{type(exc).__name__}: {exc}"[:4000]
        if give_up or delivery.attempts >= MAX_TRANSIENT_ATTEMPTS:
            delivery.status = "failed"
            delivery.processed_at = utcnow()
        return delivery.attempts


@dataclass(frozen=True)
class _Org:
    department_id: uuid.UUID | None
    position_id: uuid.UUID | None
    batch_id: uuid.UUID | None


async def match(
    session: AsyncSession,
    dialect: str,
    vendor: Vendor,
    data: StandardResult,
    delivery_id: uuid.UUID | None,
) -> VendorReport:
    """Our records for what the vendor names: organisation by code, person, interviewers."""
    org = await _organisation(session, data)
    person_id = await match_person(session, dialect, vendor.id, data.candidate)
    return VendorReport(
        data=data,
        person_id=person_id,
        department_id=org.department_id,
        position_id=org.position_id,
        batch_id=org.batch_id,
        interviewer_ids=await _interviewers(session, data),
        delivery_id=delivery_id,
    )


async def _organisation(session: AsyncSession, data: StandardResult) -> _Org:
    department = position = batch = None
    if data.department:
        department = await organisation.get_or_create_by_code(
            session, Department, data.department.code, data.department.name
        )
    if data.position:
        position = await organisation.get_or_create_by_code(
            session,
            Position,
            data.position.code,
            data.position.name,
            department_id=department.id if department else None,
        )
    if data.batch:
        batch = await organisation.get_or_create_by_code(
            session,
            Batch,
            data.batch.code,
            data.batch.name,
            position_id=position.id if position else None,
        )
    department_id = department.id if department else None
    if department_id is None and position is not None:
        department_id = position.department_id
    return _Org(department_id, position.id if position else None, batch.id if batch else None)


async def match_person(
    session: AsyncSession, dialect: str, vendor_id: uuid.UUID, candidate: Candidate
) -> uuid.UUID:
    """By employee number, then email, then the vendor's external id, else a new person.
    A candidate naming an erased person's identifiers is theirs (anonymous, never re-created)."""
    erased = await tombstones.erased_person(session, vendor_id, candidate)
    if erased is not None:
        return erased
    person: Person | None = None
    if candidate.employee_no:
        person = await session.scalar(
            select(Person).where(Person.employee_no == candidate.employee_no)
        )
    if person is None and candidate.email:
        person = await session.scalar(
            select(Person)
            .where(func.lower(Person.email) == candidate.email.lower())
            .order_by(Person.created_at)
            .limit(1)
        )
    if person is None and candidate.external_id:
        person_id = await repository.person_by_external_id(
            session, vendor_id, candidate.external_id
        )
        person = await session.get(Person, person_id) if person_id else None
    if person is None:
        person = await _new_person(session, candidate)
    else:
        person.email = person.email or candidate.email
        person.phone = person.phone or candidate.phone
    if candidate.external_id:
        await repository.remember_external_id(
            session, dialect, vendor_id, candidate.external_id, person.id
        )
    return person.id


async def _new_person(session: AsyncSession, candidate: Candidate) -> Person:
    name = candidate.name or candidate.employee_no or candidate.email or candidate.external_id
    person = Person(
        id=uuid.uuid4(),
        name=name or "?",
        email=candidate.email,
        phone=candidate.phone,
        employee_no=candidate.employee_no,
    )
    try:
        async with session.begin_nested():
            session.add(person)
    except IntegrityError:  # the same employee number was created concurrently
        existing = await session.scalar(
            select(Person).where(Person.employee_no == candidate.employee_no)
        )
        assert existing is not None
        return existing
    return person


async def _interviewers(session: AsyncSession, data: StandardResult) -> list[uuid.UUID]:
    emails = {i.email.strip().lower() for i in data.interviewers if i.email}
    if not emails:
        return []
    rows = await session.scalars(select(User.id).where(func.lower(User.email).in_(emails)))
    return list(rows.all())
