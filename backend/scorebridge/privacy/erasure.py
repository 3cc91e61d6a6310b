"""Erasure (PIPL Art 47): anonymise a person in one transaction.

What goes: the name (becomes ``已删除 #<first 8 hex of the id>``), email, phone, employee number,
the vendors' ids for the person, the raw vendor bodies of their results, free text about them
(result and dimension comments, suggestions, the same in revision snapshots, their feedback
threads and the text of their privacy requests), and their accounts' sign-in data,
notifications and grants. What stays: the scores (analytics still count them, under the
pseudonymous person), employment dates, acknowledgements, and the audit rows — pseudonymised:
rows their accounts wrote show the pseudonym instead of an email. Tombstones (keyed hashes of the
identifiers) keep a later vendor message from re-creating the identity.

Refused with 409 (``reason`` says which): already erased, linked to the caller's own account,
linked to an admin account, or with an open privacy request (other than the deletion request
being carried out).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.models import RefreshToken, User, UserDepartment, UserRole
from scorebridge.auth.permissions import Role
from scorebridge.fairness import attributes
from scorebridge.feedback.models import Feedback
from scorebridge.identity.models import IdentityLink
from scorebridge.intake.models import Delivery, PersonExternalId
from scorebridge.kit.db import is_postgres, utcnow
from scorebridge.kit.errors import Conflict, NotFound
from scorebridge.notifications.models import (
    Notification,
    NotificationPreference,
    PushSubscription,
    StreamTicket,
)
from scorebridge.organisation.models import Person
from scorebridge.privacy import auditing, tombstones
from scorebridge.privacy.models import PersonErasure, PrivacyRequest, RequestStatus
from scorebridge.privacy.schemas import ErasureOut
from scorebridge.results.models import InterviewResult, ResultDimension, ResultRevision

# Rows keyed by user_id that an erased person's accounts lose.
ACCOUNT_LINKS: tuple[Any, ...] = (
    RefreshToken,
    UserRole,
    UserDepartment,
    NotificationPreference,
    PushSubscription,
    StreamTicket,
    IdentityLink,
)
# Free text in a revision snapshot that may name or describe the person.
SNAPSHOT_TEXT = ("comment", "suggestions", "interviewer_emails")


def pseudonym(person_id: uuid.UUID) -> str:
    return f"已删除 #{person_id.hex[:8]}"


class NotErasable(Conflict):
    slug = "not-erasable"
    title = "This person cannot be erased"


async def is_erased(session: AsyncSession, person_id: uuid.UUID) -> bool:
    return await session.get(PersonErasure, person_id) is not None


async def _load(session: AsyncSession, person_id: uuid.UUID) -> Person:
    statement = select(Person).where(Person.id == person_id)
    if is_postgres(session):
        statement = statement.with_for_update()
    person = await session.scalar(statement)
    if person is None:
        raise NotFound(f"No person with id {person_id}")
    return person


async def _check(
    session: AsyncSession,
    caller: Caller | None,
    person: Person,
    users: list[User],
    request_id: uuid.UUID | None,
) -> None:
    if await is_erased(session, person.id):
        raise NotErasable(f"Person {person.id} was already erased", reason="already_erased")
    if caller is not None and (
        caller.person_id == person.id or any(u.id == caller.id for u in users)
    ):
        raise NotErasable("You cannot erase yourself", reason="caller")
    if users:
        admins = await session.scalar(
            select(UserRole.user_id)
            .where(UserRole.user_id.in_([u.id for u in users]), UserRole.role == Role.admin)
            .limit(1)
        )
        if admins is not None:
            raise NotErasable(
                "This person has an admin account; remove the admin role first", reason="admin"
            )
    open_request = select(PrivacyRequest.id).where(
        PrivacyRequest.person_id == person.id, PrivacyRequest.status == RequestStatus.open
    )
    if request_id is not None:
        open_request = open_request.where(PrivacyRequest.id != request_id)
    if await session.scalar(open_request.limit(1)) is not None:
        raise NotErasable(
            "This person has an open privacy request; resolve it first", reason="open_request"
        )


async def erase(
    session: AsyncSession,
    caller: Caller | None,
    person_id: uuid.UUID,
    *,
    reason: str,
    request_id: uuid.UUID | None = None,
) -> ErasureOut:
    """Anonymise one person (see the module docstring). ``caller`` None: the retention job."""
    person = await _load(session, person_id)
    users = list((await session.scalars(select(User).where(User.person_id == person.id))).all())
    await _check(session, caller, person, users, request_id)
    name = pseudonym(person.id)
    emails = [e for e in {person.email, *(u.email for u in users)} if e]
    counts: dict[str, int] = {}

    external = (
        await session.execute(
            select(PersonExternalId.vendor_id, PersonExternalId.external_id).where(
                PersonExternalId.person_id == person.id
            )
        )
    ).all()
    pairs = tombstones.identifiers(None, employee_no=person.employee_no)
    for email in emails:
        pairs += tombstones.identifiers(None, email=email)
    for vendor_id, external_id in external:
        pairs += tombstones.identifiers(vendor_id, external_id=external_id)
    counts["tombstones"] = await tombstones.bury(session, person.id, pairs)
    counts["external_ids"] = _rows(
        await session.execute(
            delete(PersonExternalId).where(PersonExternalId.person_id == person.id)
        )
    )
    counts.update(await _redact_results(session, person.id))
    counts["feedback"] = _rows(
        await session.execute(delete(Feedback).where(Feedback.person_id == person.id))
    )
    counts["request_texts"] = _rows(
        await session.execute(
            update(PrivacyRequest)
            .where(PrivacyRequest.person_id == person.id)
            .values(message="")
            .execution_options(synchronize_session=False)
        )
    )
    counts.update(await _forget_accounts(session, users, name))

    person.name = name
    person.email = None
    person.phone = None
    person.employee_no = None
    # Gender and birth year live apart (fairness/attributes.py), readable only by auditors.
    counts["sensitive_attributes"] = int(await attributes.erase_attributes(session, person.id))
    counts["audit_rows_pseudonymised"] = await auditing.pseudonymise(
        session, [u.id for u in users], emails, name
    )
    erasure = PersonErasure(
        person_id=person.id,
        erased_at=utcnow(),
        erased_by=caller.id if caller is not None and caller.kind == "user" else None,
        reason=reason,
        request_id=request_id,
    )
    session.add(erasure)
    await session.flush()
    audit.record(
        session,
        caller,
        "person.erased",
        subject_person_id=person.id,
        target_type="person",
        target_id=person.id,
        detail={"reason": reason, "request_id": str(request_id) if request_id else None, **counts},
    )
    return ErasureOut(person_id=person.id, name=name, erased_at=erasure.erased_at, counts=counts)


async def _redact_results(session: AsyncSession, person_id: uuid.UUID) -> dict[str, int]:
    """Raw bodies and free text of the person's results go; scores stay."""
    result_ids = select(InterviewResult.id).where(InterviewResult.person_id == person_id)
    bodies = await session.execute(
        update(Delivery)
        .where(Delivery.result_id.in_(result_ids), Delivery.body != b"")
        .values(body=b"")
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(InterviewResult)
        .where(InterviewResult.person_id == person_id)
        .values(comment=None, suggestions=[])
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(ResultDimension)
        .where(ResultDimension.result_id.in_(result_ids))
        .values(comment=None)
        .execution_options(synchronize_session=False)
    )
    revisions = (
        await session.scalars(
            select(ResultRevision).where(ResultRevision.result_id.in_(result_ids))
        )
    ).all()
    for revision in revisions:
        revision.snapshot = _redacted(revision.snapshot)
    return {"raw_bodies": _rows(bodies), "revisions_redacted": len(revisions)}


def _redacted(snapshot: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in snapshot.items() if k not in SNAPSHOT_TEXT}
    kept["dimensions"] = [
        {k: v for k, v in d.items() if k != "comment"} for d in snapshot.get("dimensions") or []
    ]
    return kept


async def _forget_accounts(session: AsyncSession, users: list[User], name: str) -> dict[str, int]:
    """The person's accounts: signed out for good, pseudonymised, without grants or messages.
    Per-user links of other domains (enterprise sign-in links, push subscriptions) are deleted
    here: their models are in ACCOUNT_LINKS (each with a ``user_id`` column)."""
    if not users:
        return {"accounts": 0}
    ids = [u.id for u in users]
    for user in users:
        user.name = name
        user.email = f"erased-{user.id.hex}@erased.invalid"
        user.password_hash = None
        user.is_active = False
    notifications = await session.execute(delete(Notification).where(Notification.user_id.in_(ids)))
    for model in ACCOUNT_LINKS:
        await session.execute(delete(model).where(model.user_id.in_(ids)))
    await session.flush()
    return {"accounts": len(users), "notifications": _rows(notifications)}


def _rows(outcome: Any) -> int:
    return int(getattr(outcome, "rowcount", 0) or 0)
