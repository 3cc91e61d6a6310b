"""Data subjects' requests (PIPL Art 44–47 and 24): correction, deletion, explanation, objection.

An employee files one (one open request per kind, else 409) with ``due_at`` = creation +
``SCOREBRIDGE_PRIVACY_REQUEST_DAYS`` (15); every HR user and admin hears of it. HR resolves it
``done`` or ``declined`` with a note; the requester hears back in their language. A deletion
request never deletes by itself: resolving it ``done`` is HR's confirmation, and erases the
person in the same transaction (refused with 409 like any erasure: an admin's person, the
resolver's own person, other open requests). Overdue requests are flagged once and HR told.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.models import User
from scorebridge.auth.permissions import Role
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from scorebridge.notifications import service as notifications
from scorebridge.notifications.hub import LocalHub
from scorebridge.organisation.models import Person
from scorebridge.privacy import erasure, texts
from scorebridge.privacy.models import PersonErasure, PrivacyRequest, RequestStatus
from scorebridge.privacy.schemas import (
    PrivacyPersonRef,
    PrivacyRequestCreate,
    PrivacyRequestMetrics,
    PrivacyRequestOut,
    PrivacyRequestResolve,
)
from scorebridge.results.models import InterviewResult

DUE_SOON = timedelta(days=3)


def mine(caller: Caller) -> Select[PrivacyRequest]:
    statement = select(PrivacyRequest)
    if caller.kind != "user" or caller.person_id is None:
        return statement.where(PrivacyRequest.id.is_(None))
    return statement.where(PrivacyRequest.person_id == caller.person_id)


def queue() -> Select[PrivacyRequest]:
    """HR's queue: every request (the endpoint admits only hr and admin)."""
    return select(PrivacyRequest)


def render(
    row: PrivacyRequest, person: Person | None = None, erased: bool = False
) -> PrivacyRequestOut:
    now = utcnow()
    return PrivacyRequestOut(
        id=row.id,
        kind=row.kind,
        message=row.message,
        result_id=row.result_id,
        status=row.status,
        created_at=row.created_at,
        due_at=row.due_at,
        overdue=row.status == RequestStatus.open and row.due_at < now,
        resolution=row.resolution,
        note=row.note,
        resolved_at=row.resolved_at,
        person=PrivacyPersonRef(id=person.id, name=person.name, employee_no=person.employee_no)
        if person
        else None,
        erased=erased,
    )


async def render_queue(
    session: AsyncSession, rows: list[PrivacyRequest]
) -> list[PrivacyRequestOut]:
    people = {
        p.id: p
        for p in (
            await session.scalars(select(Person).where(Person.id.in_({r.person_id for r in rows})))
        ).all()
    }
    erased = set(
        (
            await session.scalars(
                select(PersonErasure.request_id).where(
                    PersonErasure.request_id.in_([r.id for r in rows])
                )
            )
        ).all()
    )
    return [render(r, people.get(r.person_id), r.id in erased) for r in rows]


def _due_text(user: User, row: PrivacyRequest) -> str:
    zone = ZoneInfo(user.timezone or "Asia/Shanghai")
    return row.due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


async def _tell(
    session: AsyncSession,
    hub: LocalHub,
    recipients: list[User],
    kind: str,
    row: PrivacyRequest,
    *,
    person: str = "",
    link: str,
    dedupe: str,
) -> None:
    """One notification per recipient, its kind label and dates in the recipient's language
    and time zone."""
    for user in recipients:
        await notifications.notify(
            session,
            hub,
            [user],
            kind,
            {
                "person": person,
                "kind": texts.kind_label(row.kind, user.locale),
                "due": _due_text(user, row),
                "resolution": texts.resolution_label(row.resolution or "", user.locale),
                "note": row.note or "",
            },
            link=link,
            data={"privacy_request_id": str(row.id), "kind": row.kind},
            dedupe=dedupe,
        )


async def create(
    session: AsyncSession, hub: LocalHub, caller: Caller, data: PrivacyRequestCreate, days: int
) -> PrivacyRequest:
    if caller.kind != "user" or caller.person_id is None:
        raise Forbidden("Only an account linked to a person can file a privacy request")
    if data.result_id is not None:
        owned = await session.scalar(
            select(InterviewResult.id).where(
                InterviewResult.id == data.result_id,
                InterviewResult.person_id == caller.person_id,
                InterviewResult.published.is_(True),
            )
        )
        if owned is None:
            raise InvalidInput(["body", "result_id"], "Not one of your published results")
    duplicate = await session.scalar(
        select(PrivacyRequest.id).where(
            PrivacyRequest.person_id == caller.person_id,
            PrivacyRequest.kind == data.kind,
            PrivacyRequest.status == RequestStatus.open,
        )
    )
    if duplicate is not None:
        raise Conflict(f"You already have an open {data.kind} request", existing_id=str(duplicate))
    now = utcnow()
    row = PrivacyRequest(
        id=uuid.uuid4(),
        person_id=caller.person_id,
        requester_id=caller.id,
        kind=data.kind,
        message=data.message,
        result_id=data.result_id,
        status=RequestStatus.open,
        created_at=now,
        due_at=now + timedelta(days=days),
    )
    session.add(row)
    await session.flush()
    audit.record(
        session,
        caller,
        "privacy_request.created",
        subject_person_id=caller.person_id,
        target_type="privacy_request",
        target_id=row.id,
        detail={"kind": data.kind},
    )
    handlers = await notifications.users_with_roles(session, [Role.hr, Role.admin])
    await _tell(
        session,
        hub,
        handlers,
        "privacy.request_created",
        row,
        person=caller.name,
        link=f"/privacy-requests?focus={row.id}",
        dedupe=f"privacy.request_created:{row.id}",
    )
    return row


async def resolve(
    session: AsyncSession,
    hub: LocalHub,
    caller: Caller,
    request_id: uuid.UUID,
    data: PrivacyRequestResolve,
) -> tuple[PrivacyRequest, bool]:
    """Resolve; a deletion request resolved ``done`` erases the person. Returns (row, erased)."""
    row = await session.get(PrivacyRequest, request_id, with_for_update=True)
    if row is None:
        raise NotFound(f"No privacy request with id {request_id}")
    if row.status != RequestStatus.open:
        raise Conflict(f"This request is already {row.status}", status_now=row.status)
    row.status = data.resolution
    row.resolution = data.resolution
    row.note = data.note
    row.resolved_at = utcnow()
    row.resolved_by = caller.id if caller.kind == "user" else None
    await session.flush()
    audit.record(
        session,
        caller,
        "privacy_request.resolved",
        subject_person_id=row.person_id,
        target_type="privacy_request",
        target_id=row.id,
        detail={"kind": row.kind, "resolution": data.resolution},
    )
    erased = row.kind == "deletion" and data.resolution == "done"
    if erased:
        # The erasure deactivates the requester's accounts: nobody is left to notify in-app.
        await erasure.erase(session, caller, row.person_id, reason="request", request_id=row.id)
        await session.refresh(row)
    await _tell(
        session,
        hub,
        await notifications.users_of_person(session, row.person_id),
        "privacy.request_resolved",
        row,
        link="/my-privacy",
        dedupe=f"privacy.request_resolved:{row.id}",
    )
    return row, erased


async def flag_overdue(session: AsyncSession, hub: LocalHub) -> int:
    """Open requests past due: flagged once (a conditional UPDATE claims them), HR told."""
    now = utcnow()
    ids = list(
        (
            await session.scalars(
                update(PrivacyRequest)
                .where(
                    PrivacyRequest.status == RequestStatus.open,
                    PrivacyRequest.due_at < now,
                    PrivacyRequest.overdue_at.is_(None),
                )
                .values(overdue_at=now)
                .returning(PrivacyRequest.id)
            )
        ).all()
    )
    if not ids:
        return 0
    handlers = await notifications.users_with_roles(session, [Role.hr, Role.admin])
    for row in (
        await session.scalars(select(PrivacyRequest).where(PrivacyRequest.id.in_(ids)))
    ).all():
        person = await session.get(Person, row.person_id)
        await _tell(
            session,
            hub,
            handlers,
            "privacy.request_overdue",
            row,
            person=person.name if person else "",
            link=f"/privacy-requests?focus={row.id}",
            dedupe=f"privacy.request_overdue:{row.id}",
        )
    return len(ids)


async def metrics(session: AsyncSession, window_days: int) -> PrivacyRequestMetrics:
    now = utcnow()
    since = now - timedelta(days=window_days)
    rows = (
        await session.scalars(select(PrivacyRequest).where(PrivacyRequest.created_at >= since))
    ).all()
    open_rows = (
        await session.scalars(
            select(PrivacyRequest).where(PrivacyRequest.status == RequestStatus.open)
        )
    ).all()
    days = sorted(
        (r.resolved_at - r.created_at).total_seconds() / 86400 for r in rows if r.resolved_at
    )
    median: float | None = None
    if days:
        mid = len(days) // 2
        median = days[mid] if len(days) % 2 else (days[mid - 1] + days[mid]) / 2
    judged = [r for r in rows if r.resolved_at is not None or r.due_at < now]
    within = [r for r in judged if r.resolved_at is not None and r.resolved_at <= r.due_at]
    return PrivacyRequestMetrics(
        window_days=window_days,
        created=len(rows),
        open_count=len(open_rows),
        overdue_count=sum(1 for r in open_rows if r.due_at < now),
        due_soon_count=sum(1 for r in open_rows if now <= r.due_at < now + DUE_SOON),
        resolved_within_sla_share=round(len(within) / len(judged), 4) if judged else None,
        median_resolution_days=round(median, 2) if median is not None else None,
    )
