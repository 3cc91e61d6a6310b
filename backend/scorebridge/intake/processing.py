"""Turning stored deliveries into results: claim, map, validate, match, store.

A job for one delivery claims it together with other pending ones (oldest first, up to
``SCOREBRIDGE_INTAKE_BATCH_SIZE`` in all; on PostgreSQL ``FOR UPDATE SKIP LOCKED``, so workers
share a backlog without waiting on each other) and processes them in one transaction, with
the organisation units, interviewers and erased identities of the whole batch looked up once.
The batch's new interviews (the usual case) are stored together: their people read at once,
the results, dimensions, interviewers and revisions written as multi-row inserts — a few dozen
statements for 50 deliveries instead of about fifteen each. Updates of stored interviews, a
repeat within the batch, and the whole batch whenever that attempt fails, go one by one, each
delivery in a savepoint of its own: one that fails (a poison delivery) is failed alone, the
rest of its batch is stored. The other deliveries' own jobs then find nothing pending and end
at once.

Idempotent: a processed or failed delivery is never processed again (until replayed), and a
result is unique per ``(vendor, interview_id)``. Transient database errors retry; anything else
fails the delivery with an error an admin can read and replay after fixing the mapping.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import User
from scorebridge.intake import mapping, repository
from scorebridge.intake.models import Delivery, Vendor
from scorebridge.intake.schemas import Candidate, StandardResult
from scorebridge.intake.service import PROCESS_JOB
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.jobs import Retry, enqueue
from scorebridge.organisation import service as organisation
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.privacy import tombstones
from scorebridge.results import review
from scorebridge.results import service as results
from scorebridge.results.service import Applied, VendorReport
from scorebridge.standards import service as standards

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


async def process_delivery(db: Database, delivery_id: uuid.UUID, *, batch: int) -> str | None:
    """Process a delivery with up to ``batch - 1`` other pending ones; returns its final
    status (None when it was not pending or another worker holds it)."""
    try:
        async with db.unit_of_work() as session:
            claimed = await repository.claim_batch(session, db.dialect, delivery_id, batch)
            if not claimed:
                return None
            statuses = await process_batch(session, db.dialect, claimed)
            return statuses.get(delivery_id)
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


async def process_batch(
    session: AsyncSession, dialect: str, deliveries: list[Delivery]
) -> dict[uuid.UUID, str]:
    """Process claimed deliveries, each stored in a savepoint; returns each one's status."""
    vendors = {
        v.id: v
        for v in await session.scalars(
            select(Vendor).where(Vendor.id.in_({d.vendor_id for d in deliveries}))
        )
    }
    mapped: list[tuple[Delivery, StandardResult]] = []
    for delivery in deliveries:
        try:
            data = await _mapped(vendors[delivery.vendor_id], delivery)
        except Exception as exc:
            await _fail_alone(session, delivery, exc)
            continue
        if data is not None:
            mapped.append((delivery, data))
    lookups = await Lookups.load(session, [(d.vendor_id, data) for d, data in mapped])
    written, rest = await _store_new_in_bulk(session, dialect, vendors, mapped, lookups)
    for delivery, data in rest:
        try:
            async with session.begin_nested():
                vendor = vendors[delivery.vendor_id]
                applied = await _store(session, dialect, vendor, delivery, data, lookups)
        except Exception as exc:
            lookups.org.clear()  # what it created was rolled back with it
            await session.refresh(delivery)
            await _fail_alone(session, delivery, exc)
            continue
        if applied.outcome in ("created", "updated"):
            written.append(applied.result.id)
    await _judge(session, written)
    return {d.id: d.status for d in deliveries}


async def _store_new_in_bulk(
    session: AsyncSession,
    dialect: str,
    vendors: dict[uuid.UUID, Vendor],
    mapped: list[tuple[Delivery, StandardResult]],
    lookups: Lookups,
) -> tuple[list[uuid.UUID], list[tuple[Delivery, StandardResult]]]:
    """Store the batch's new results — each the first delivery of an interview with no result
    yet — together, in a handful of statements (people, results, then their dimensions,
    interviewers and revisions as multi-row inserts). Returns their result ids and the
    deliveries left to store one by one (updates of stored interviews, a repeat within the
    batch), in order. Anything going wrong (a race with another worker, a poison delivery)
    rolls the attempt back and leaves the whole batch to the one-by-one path, which fails a
    poison delivery alone."""
    if len(mapped) < 2:
        return [], mapped
    stored = await results.stored_interviews(
        session, {(d.vendor_id, data.interview_id) for d, data in mapped}
    )
    new: list[tuple[Delivery, StandardResult]] = []
    rest: list[tuple[Delivery, StandardResult]] = []
    for delivery, data in mapped:
        key = (delivery.vendor_id, data.interview_id)
        (rest if key in stored else new).append((delivery, data))
        stored.add(key)
    if len(new) < 2:
        return [], mapped
    try:
        async with session.begin_nested():
            candidates = [(delivery.vendor_id, data.candidate) for delivery, data in new]
            lookups.people = await People.load(session, candidates)
            reports = [
                await match(session, dialect, vendors[d.vendor_id], data, d.id, lookups)
                for d, data in new
            ]
            await session.flush()  # the people (organisation units are stored as they come)
            created = [
                results.new_vendor_result(vendors[d.vendor_id], report)
                for (d, _), report in zip(new, reports, strict=True)
            ]
            session.add_all(result for result, _ in created)
            await session.flush()  # the results, before what refers to them
            for (result, scored), report in zip(created, reports, strict=True):
                results.add_children(session, result, report, scored)
            await repository.remember_external_ids(session, dialect, lookups.people.external_ids)
            for (delivery, _), (result, _) in zip(new, created, strict=True):
                _mark_processed(delivery, result.id, None)
            await session.flush()
    except Exception as exc:
        logger.info("a batch of %d is stored one by one: %s", len(mapped), exc)
        lookups.org.clear()  # what it created was rolled back with it
        for delivery, _ in mapped:
            await session.refresh(delivery)
        return [], mapped
    finally:
        lookups.people = None
    for result, _ in created:
        if result.published:  # announced once the rows are certain to stay
            review.announce_published(session, result)
    return [result.id for result, _ in created], rest


async def _judge(session: AsyncSession, result_ids: list[uuid.UUID]) -> None:
    """The verdicts of the batch's new scores under their positions' standards, at once (one
    that cannot be evaluated is logged and left to the next standard's ``apply``; the scores
    are stored all the same)."""
    if not result_ids:
        return
    try:
        async with session.begin_nested():
            await standards.evaluate_results(session, result_ids)
        return
    except Exception:
        if len(result_ids) == 1:
            logger.exception("result %s: the verdict could not be evaluated", result_ids[0])
            return
    for result_id in result_ids:
        await _judge(session, [result_id])


async def _fail_alone(session: AsyncSession, delivery: Delivery, exc: Exception) -> None:
    """A delivery that failed inside its batch: a transient error leaves it pending and wakes
    it again later, anything else fails it (replayable)."""
    transient = is_transient(exc) and delivery.attempts < MAX_TRANSIENT_ATTEMPTS
    if transient:
        logger.warning("delivery %s: transient error %s", delivery.id, exc)
    else:
        logger.error("delivery %s: unexpected error", delivery.id, exc_info=exc)
    delivery.error = f"{type(exc).__name__}: {exc}"[:4000]
    if transient:
        enqueue(
            session,
            PROCESS_JOB,
            str(delivery.id),
            job_id=f"{delivery.id}:retry:{delivery.attempts}",
            defer_seconds=min(2 ** (delivery.attempts - 1), 300),
        )
        return
    delivery.status = "failed"
    delivery.processed_at = utcnow()


@dataclass
class Lookups:
    """What a batch looks up once: interviewers by email and the erased identities its
    candidates name (read before it starts), organisation units by code (as it goes)."""

    interviewers: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    erased: dict[str, uuid.UUID] = field(default_factory=dict)
    org: dict[tuple[str, str], Any] = field(default_factory=dict)
    people: People | None = None  # while the batch's new results are stored in bulk

    @classmethod
    async def load(
        cls, session: AsyncSession, batch: list[tuple[uuid.UUID, StandardResult]]
    ) -> Lookups:
        emails = {i.email.strip().lower() for _, d in batch for i in d.interviewers if i.email}
        interviewers: dict[str, list[uuid.UUID]] = {}
        if emails:
            for user_id, email in await session.execute(
                select(User.id, func.lower(User.email)).where(func.lower(User.email).in_(emails))
            ):
                interviewers.setdefault(email, []).append(user_id)
        digests = {
            x for vendor_id, d in batch for x in tombstones.digests_of(vendor_id, d.candidate)
        }
        erased = await tombstones.erased_people(session, digests)
        return cls(interviewers, erased)


@dataclass
class People:
    """The people a bulk-stored batch's candidates name, read at once, by each identifier the
    one-by-one match tries (employee number, email, the vendor's external id); the people the
    batch creates join them, so a candidate named twice is created once."""

    by_employee_no: dict[str, Person] = field(default_factory=dict)
    by_email: dict[str, Person] = field(default_factory=dict)
    by_external_id: dict[tuple[uuid.UUID, str], Person] = field(default_factory=dict)
    external_ids: list[tuple[uuid.UUID, str, uuid.UUID]] = field(default_factory=list)

    @classmethod
    async def load(
        cls, session: AsyncSession, candidates: list[tuple[uuid.UUID, Candidate]]
    ) -> People:
        people = cls()
        numbers = {c.employee_no for _, c in candidates if c.employee_no}
        emails = {c.email.lower() for _, c in candidates if c.email}
        external = {(v, c.external_id) for v, c in candidates if c.external_id}
        if numbers:
            for person in await session.scalars(
                select(Person).where(Person.employee_no.in_(numbers))
            ):
                people.by_employee_no[person.employee_no or ""] = person
        if emails:
            for person in await session.scalars(
                select(Person)
                .where(func.lower(Person.email).in_(emails))
                .order_by(Person.created_at, Person.id)
            ):
                people.by_email.setdefault((person.email or "").lower(), person)
        if external:
            known = await repository.people_by_external_ids(session, external)
            found = {p.id: p for p in [*people.by_employee_no.values(), *people.by_email.values()]}
            missing = set(known.values()) - found.keys()
            if missing:
                found.update(
                    (p.id, p)
                    for p in await session.scalars(select(Person).where(Person.id.in_(missing)))
                )
            people.by_external_id = {k: found[p] for k, p in known.items() if p in found}
        return people

    def find(self, vendor_id: uuid.UUID, candidate: Candidate) -> Person | None:
        """The same order as the one-by-one match: employee number, email, external id."""
        person = None
        if candidate.employee_no:
            person = self.by_employee_no.get(candidate.employee_no)
        if person is None and candidate.email:
            person = self.by_email.get(candidate.email.lower())
        if person is None and candidate.external_id:
            person = self.by_external_id.get((vendor_id, candidate.external_id))
        return person

    def remember(self, person: Person, vendor_id: uuid.UUID, candidate: Candidate) -> None:
        if person.employee_no:
            self.by_employee_no.setdefault(person.employee_no, person)
        if person.email:
            self.by_email.setdefault(person.email.lower(), person)
        if candidate.external_id:
            key = (vendor_id, candidate.external_id)
            if key not in self.by_external_id:
                self.by_external_id[key] = person
                self.external_ids.append((vendor_id, candidate.external_id, person.id))


async def _mapped(vendor: Vendor, delivery: Delivery) -> StandardResult | None:
    """The delivery as a standard result; None when it cannot be mapped (then failed)."""
    try:
        return await mapping.to_standard_bytes_async(vendor.mapping_expression, delivery.body)
    except mapping.MappingError as exc:
        delivery.status = "failed"
        delivery.error = str(exc)[:4000]
        delivery.processed_at = utcnow()
        return None


async def process_claimed(
    session: AsyncSession, dialect: str, vendor: Vendor, delivery: Delivery
) -> Applied | None:
    """Map, validate and store one claimed delivery (failing it when it cannot be mapped)."""
    data = await _mapped(vendor, delivery)
    if data is None:
        return None
    lookups = await Lookups.load(session, [(vendor.id, data)])
    applied = await _store(session, dialect, vendor, delivery, data, lookups)
    if applied.outcome in ("created", "updated"):
        await _judge(session, [applied.result.id])
    return applied


async def _store(
    session: AsyncSession,
    dialect: str,
    vendor: Vendor,
    delivery: Delivery,
    data: StandardResult,
    lookups: Lookups,
) -> Applied:
    report = await match(session, dialect, vendor, data, delivery.id, lookups)
    applied = await results.apply_vendor_result(session, vendor, report)
    if applied.outcome in ("created", "updated") and applied.result.published:
        # An auto-confirmed vendor publishes at once: tell the person, as a review would.
        review.announce_published(session, applied.result)
    _mark_processed(
        delivery,
        applied.result.id,
        None if applied.outcome in ("created", "updated") else applied.outcome,
    )
    return applied


def _mark_processed(delivery: Delivery, result_id: uuid.UUID, note: str | None) -> None:
    delivery.status = "processed"
    delivery.error = None
    delivery.note = note
    delivery.result_id = result_id
    delivery.processed_at = utcnow()


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
    lookups: Lookups | None = None,
) -> VendorReport:
    """Our records for what the vendor names: organisation by code, person, interviewers."""
    if lookups is None:
        lookups = await Lookups.load(session, [(vendor.id, data)])
    org = await _organisation(session, data, lookups)
    person_id = await match_person(session, dialect, vendor.id, data.candidate, lookups)
    emails = {i.email.strip().lower() for i in data.interviewers if i.email}
    return VendorReport(
        data=data,
        person_id=person_id,
        department_id=org.department_id,
        position_id=org.position_id,
        batch_id=org.batch_id,
        interviewer_ids=[u for e in emails for u in lookups.interviewers.get(e, [])],
        delivery_id=delivery_id,
    )


async def _org_unit(
    session: AsyncSession,
    lookups: Lookups,
    model: type[Department | Position | Batch],
    code: str,
    name: str | None,
    **extra: Any,
) -> Any:
    """An organisation unit by code, looked up (or created) once per batch."""
    key = (model.__tablename__, code)
    if key not in lookups.org:
        lookups.org[key] = await organisation.get_or_create_by_code(
            session, model, code, name, **extra
        )
    return lookups.org[key]


async def _organisation(session: AsyncSession, data: StandardResult, lookups: Lookups) -> _Org:
    department = position = batch = None
    if data.department:
        department = await _org_unit(
            session, lookups, Department, data.department.code, data.department.name
        )
    if data.position:
        position = await _org_unit(
            session,
            lookups,
            Position,
            data.position.code,
            data.position.name,
            department_id=department.id if department else None,
        )
    if data.batch:
        batch = await _org_unit(
            session,
            lookups,
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
    session: AsyncSession,
    dialect: str,
    vendor_id: uuid.UUID,
    candidate: Candidate,
    lookups: Lookups,
) -> uuid.UUID:
    """By employee number, then email, then the vendor's external id, else a new person.
    A candidate naming an erased person's identifiers is theirs (anonymous, never re-created)."""
    for digest in tombstones.digests_of(vendor_id, candidate):
        if digest in lookups.erased:
            return lookups.erased[digest]
    if lookups.people is not None:
        return _match_in_bulk(session, lookups.people, vendor_id, candidate)
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
        _fill_contact(person, candidate)
    if candidate.external_id:
        await repository.remember_external_id(
            session, dialect, vendor_id, candidate.external_id, person.id
        )
    return person.id


def _match_in_bulk(
    session: AsyncSession, people: People, vendor_id: uuid.UUID, candidate: Candidate
) -> uuid.UUID:
    """``match_person`` against the people read for the batch (a new one is added to the
    session: stored by the batch's next flush, a race on its employee number failing the bulk
    attempt)."""
    person = people.find(vendor_id, candidate)
    if person is None:
        person = _person_of(candidate)
        session.add(person)
    else:
        _fill_contact(person, candidate)
    people.remember(person, vendor_id, candidate)
    return person.id


def _fill_contact(person: Person, candidate: Candidate) -> None:
    """A matched person keeps their email and phone; the vendor's fill what is missing."""
    person.email = person.email or candidate.email
    person.phone = person.phone or candidate.phone


def _person_of(candidate: Candidate) -> Person:
    name = candidate.name or candidate.employee_no or candidate.email or candidate.external_id
    return Person(
        id=uuid.uuid4(),
        name=name or "?",
        email=candidate.email,
        phone=candidate.phone,
        employee_no=candidate.employee_no,
    )


async def _new_person(session: AsyncSession, candidate: Candidate) -> Person:
    person = _person_of(candidate)
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
