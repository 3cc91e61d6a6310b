"""下载我的数据 (PIPL Art 45): everything held about the caller, as one JSON document.

Results appear in their *published view* only: the values the person was shown. A revision is
published when its snapshot says so (an auto-confirmed vendor, an adjustment) or when HR
confirmed the result while it was the current revision; a pending (unreviewed) AI value is
never included. (A shared "published view" of a result is being added by another change; this
module keeps its own minimal one, :func:`published_revisions`, until then.)
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit.models import AuditEvent
from scorebridge.auth.caller import Caller
from scorebridge.auth.models import User
from scorebridge.feedback.models import Feedback, FeedbackMessage
from scorebridge.identity.models import IdentityLink
from scorebridge.kit.db import utcnow
from scorebridge.notifications.models import Notification
from scorebridge.organisation.models import Department, Person
from scorebridge.privacy import access_log
from scorebridge.privacy import requests as privacy_requests
from scorebridge.privacy.models import NoticeAcknowledgement, PrivacyRequest
from scorebridge.privacy.schemas import MyData
from scorebridge.results.models import InterviewResult, ResultReview, ResultRevision
from scorebridge.selfservice.endpoints import render as render_published
from scorebridge.talent.models import PerformanceRecord, TrainingRecord

ACCESS_LOG_LIMIT = 5000
REVISION_FIELDS = (
    "interviewed_at",
    "total_score",
    "max_score",
    "normalized_total",
    "recommendation",
    "comment",
    "suggestions",
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def published_revisions(
    session: AsyncSession, result_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ResultRevision]]:
    """Each result's revisions that were published, oldest first."""
    revisions = (
        await session.scalars(
            select(ResultRevision)
            .where(ResultRevision.result_id.in_(result_ids))
            .order_by(ResultRevision.result_id, ResultRevision.revision)
        )
    ).all()
    confirmations: dict[uuid.UUID, list[datetime]] = {}
    for result_id, at in (
        await session.execute(
            select(ResultReview.result_id, ResultReview.at).where(
                ResultReview.result_id.in_(result_ids), ResultReview.action == "confirm"
            )
        )
    ).all():
        confirmations.setdefault(result_id, []).append(at)
    by_result: dict[uuid.UUID, list[ResultRevision]] = {}
    for revision in revisions:
        by_result.setdefault(revision.result_id, []).append(revision)
    published: dict[uuid.UUID, list[ResultRevision]] = {}
    for result_id, chain in by_result.items():
        for index, revision in enumerate(chain):
            until = chain[index + 1].created_at if index + 1 < len(chain) else None
            confirmed = any(
                revision.created_at <= at and (until is None or at < until)
                for at in confirmations.get(result_id, [])
            )
            if revision.snapshot.get("published") is True or confirmed:
                published.setdefault(result_id, []).append(revision)
    return published


def _revision(revision: ResultRevision) -> dict[str, Any]:
    snap = revision.snapshot
    return {
        "revision": revision.revision,
        "source": revision.source,
        "created_at": _iso(revision.created_at),
        **{k: snap.get(k) for k in REVISION_FIELDS},
        "dimensions": [
            {k: d.get(k) for k in ("code", "name", "score", "max_score", "normalized", "comment")}
            for d in snap.get("dimensions") or []
        ],
    }


async def _results(
    session: AsyncSession, caller: Caller, person_id: uuid.UUID
) -> list[dict[str, Any]]:
    rows = (
        await session.scalars(
            select(InterviewResult)
            .where(InterviewResult.person_id == person_id)
            .order_by(InterviewResult.interviewed_at.asc().nulls_last(), InterviewResult.id)
        )
    ).all()
    revisions = await published_revisions(session, [r.id for r in rows])
    shown = [r for r in rows if r.id in revisions]
    current = {
        view.id: view.model_dump(mode="json", exclude={"feedback"})
        for view in await render_published(session, caller, shown)
    }
    return [
        {
            "id": str(r.id),
            "current": current.get(r.id),
            "revisions": [_revision(v) for v in revisions[r.id]],
        }
        for r in shown
    ]


async def _feedback(session: AsyncSession, person_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = (
        await session.scalars(
            select(Feedback).where(Feedback.person_id == person_id).order_by(Feedback.created_at)
        )
    ).all()
    messages: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for m in (
        await session.scalars(
            select(FeedbackMessage)
            .where(FeedbackMessage.feedback_id.in_([f.id for f in rows]))
            .order_by(FeedbackMessage.at)
        )
    ).all():
        messages.setdefault(m.feedback_id, []).append(
            {"from": m.author_role, "body": m.body, "at": _iso(m.at)}
        )
    return [
        {
            "id": str(f.id),
            "result_id": str(f.result_id),
            "status": f.status,
            "message": f.message,
            "created_at": _iso(f.created_at),
            "resolution": f.resolution,
            "resolution_note": f.resolution_note,
            "resolved_at": _iso(f.resolved_at),
            "messages": messages.get(f.id, []),
        }
        for f in rows
    ]


async def _person(session: AsyncSession, person_id: uuid.UUID) -> dict[str, Any] | None:
    person = await session.get(Person, person_id)
    if person is None:
        return None
    department = (
        await session.get(Department, person.department_id) if person.department_id else None
    )
    return {
        "id": str(person.id),
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "employee_no": person.employee_no,
        "department": {"code": department.code, "name": department.name} if department else None,
        "hired_on": person.hired_on.isoformat() if person.hired_on else None,
        "left_on": person.left_on.isoformat() if person.left_on else None,
    }


async def _talent(session: AsyncSession, person_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    performance = (
        await session.scalars(
            select(PerformanceRecord)
            .where(PerformanceRecord.person_id == person_id)
            .order_by(PerformanceRecord.period, PerformanceRecord.metric)
        )
    ).all()
    training = (
        await session.scalars(
            select(TrainingRecord)
            .where(TrainingRecord.person_id == person_id)
            .order_by(TrainingRecord.completed_on)
        )
    ).all()
    return {
        "performance": [
            {"period": p.period, "metric": p.metric, "value": p.value} for p in performance
        ],
        "training": [
            {"course": t.course, "completed_on": t.completed_on.isoformat(), "score": t.score}
            for t in training
        ],
    }


async def document(session: AsyncSession, caller: Caller) -> MyData:
    user = await session.get(User, caller.id) if caller.kind == "user" else None
    person_id = caller.person_id
    notifications = (
        await session.scalars(
            select(Notification)
            .where(Notification.user_id == caller.id)
            .order_by(Notification.created_at)
        )
    ).all()
    identities = (
        await session.scalars(
            select(IdentityLink)
            .where(IdentityLink.user_id == caller.id)
            .order_by(IdentityLink.created_at)
        )
    ).all()
    acks = (
        await session.scalars(
            select(NoticeAcknowledgement)
            .where(NoticeAcknowledgement.user_id == caller.id)
            .order_by(NoticeAcknowledgement.at)
        )
    ).all()
    requests = (
        await session.scalars(privacy_requests.mine(caller).order_by(PrivacyRequest.created_at))
    ).all()
    log_rows = (
        await session.scalars(
            access_log.of(caller).order_by(AuditEvent.at.desc()).limit(ACCESS_LOG_LIMIT)
        )
    ).all()
    return MyData(
        generated_at=utcnow(),
        account={
            "id": str(caller.id),
            "name": user.name if user else caller.name,
            "email": user.email if user else None,
            "locale": user.locale if user else None,
            "timezone": user.timezone if user else None,
            "roles": sorted(caller.roles),
            "created_at": _iso(user.created_at) if user else None,
        },
        person=await _person(session, person_id) if person_id else None,
        results=await _results(session, caller, person_id) if person_id else [],
        feedback=await _feedback(session, person_id) if person_id else [],
        talent=await _talent(session, person_id)
        if person_id
        else {"performance": [], "training": []},
        notifications=[
            {
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in notifications
        ],
        identities=[
            {
                "provider": i.provider,
                "issuer": i.issuer,
                "subject": i.subject,
                "created_at": _iso(i.created_at),
                "last_used_at": _iso(i.last_used_at),
            }
            for i in identities
        ],
        acknowledgements=[{"version": a.version, "at": _iso(a.at)} for a in acks],
        privacy_requests=[
            privacy_requests.render(r).model_dump(mode="json", exclude={"person", "erased"})
            for r in requests
        ],
        access_log=[e.model_dump(mode="json") for e in await access_log.render(session, log_rows)],
    )
