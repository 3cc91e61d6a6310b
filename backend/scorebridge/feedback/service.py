"""Feedback: an employee asks about a published result, HR answers within the SLA, resolves
(upheld, adjusted with a new revision, rejected). HR hears of a new question, an employee's
reply, a question due within 4 hours and one overdue (the assigned HR, or every HR user while
unassigned: HR read across the organisation); after twice the SLA it is escalated to admins.

Status: ``open`` (waiting for HR) → ``answered`` (HR replied) → ``resolved``. A follow-up from
the employee after an answer moves it back to ``open`` (HR needs to look again); the SLA is on
the first response only, so ``due_at`` and ``first_response_at`` do not change.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.models import User, UserRole
from scorebridge.auth.permissions import Permission, Role
from scorebridge.feedback import adjustment
from scorebridge.feedback.models import Feedback, FeedbackMessage, FeedbackStatus
from scorebridge.feedback.schemas import (
    AssignIn,
    FeedbackCreate,
    FeedbackMetrics,
    MessageCreate,
    ResolveIn,
)
from scorebridge.kit import events
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import Conflict, InvalidInput, NotFound
from scorebridge.notifications import service as notifications
from scorebridge.notifications.hub import LocalHub
from scorebridge.organisation.models import Person, Position
from scorebridge.results import published
from scorebridge.results.models import InterviewResult

# HR are reminded this long before an unanswered question is due.
DUE_SOON_HOURS = 4


def readable_by(caller: Caller) -> Select[Feedback]:
    """HR, admin and clients with feedback:read see all; an employee their own; others none."""
    statement = select(Feedback)
    if caller.can(Permission.feedback_read):
        return statement
    if caller.can(Permission.own_feedback) and caller.person_id is not None:
        return statement.where(Feedback.person_id == caller.person_id)
    return statement.where(false())


def is_owner(caller: Caller, feedback: Feedback) -> bool:
    return (
        caller.kind == "user"
        and caller.can(Permission.own_feedback)
        and caller.person_id is not None
        and caller.person_id == feedback.person_id
    )


def overdue_condition(now_: object) -> ColumnElement[bool]:
    return and_(
        Feedback.status != FeedbackStatus.resolved,
        Feedback.first_response_at.is_(None),
        Feedback.due_at < now_,
    )


async def get_readable(session: AsyncSession, caller: Caller, feedback_id: uuid.UUID) -> Feedback:
    row = await session.scalar(readable_by(caller).where(Feedback.id == feedback_id))
    if row is None:
        raise NotFound(f"No feedback with id {feedback_id}")
    return row


async def _position_name(session: AsyncSession, result: InterviewResult) -> str:
    if result.position_id is None:
        return ""
    position = await session.get(Position, result.position_id)
    return position.name if position else ""


async def create(
    session: AsyncSession, hub: LocalHub, caller: Caller, body: FeedbackCreate, sla_hours: float
) -> Feedback:
    """Only the result's owner, only on a published result (404 otherwise: a result that is
    not yours or not published does not exist for you); one unresolved feedback per result."""
    result = None
    if caller.person_id is not None:
        result = await session.scalar(
            select(InterviewResult).where(
                InterviewResult.id == body.result_id,
                InterviewResult.person_id == caller.person_id,
                published.has_view(),
            )
        )
    if result is None:
        raise NotFound(f"No published result of yours with id {body.result_id}")
    existing = await session.scalar(select(Feedback).where(Feedback.open_result_id == result.id))
    if existing is not None:
        raise Conflict(
            "This result already has an open feedback; add a message to it instead",
            feedback_id=str(existing.id),
        )
    now = utcnow()
    feedback = Feedback(
        id=uuid.uuid4(),
        result_id=result.id,
        person_id=result.person_id,
        author_id=caller.id,
        open_result_id=result.id,
        status=FeedbackStatus.open,
        message=body.message,
        due_at=now + timedelta(hours=sla_hours),
        created_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(feedback)
    except IntegrityError:  # created concurrently
        raise Conflict("This result already has an open feedback") from None
    session.add(
        FeedbackMessage(
            feedback_id=feedback.id,
            author_id=caller.id,
            author_role="employee",
            body=body.message,
            at=now,
        )
    )
    audit.record(
        session,
        caller,
        "feedback.created",
        subject_person_id=result.person_id,
        target_type="feedback",
        target_id=feedback.id,
        detail={"result_id": str(result.id)},
    )
    events.emit(
        session,
        "feedback.created",
        {
            "feedback_id": str(feedback.id),
            "result_id": str(result.id),
            "person_id": str(result.person_id),
            "due_at": feedback.due_at.isoformat(),
        },
    )
    await session.flush()
    await _tell_hr(
        session, hub, feedback, "feedback.created", f"feedback.created:{feedback.id}",
        excerpt=_excerpt(body.message),
    )  # fmt: skip
    return feedback


async def _owners(session: AsyncSession, feedback: Feedback) -> list[User]:
    return await notifications.users_of_person(session, feedback.person_id)


def _excerpt(text: str) -> str:
    return text if len(text) <= 140 else text[:139] + "…"


async def hr_recipients(session: AsyncSession, feedback: Feedback) -> list[User]:
    """Who hears of a question: its assignee (while active), else every active HR user."""
    if feedback.assignee_id is not None:
        assignee = await session.get(User, feedback.assignee_id)
        if assignee is not None and assignee.is_active:
            return [assignee]
    return await notifications.users_with_roles(session, [Role.hr])


async def _tell_hr(
    session: AsyncSession,
    hub: LocalHub,
    feedback: Feedback,
    kind: str,
    dedupe: str,
    *,
    recipients: list[User] | None = None,
    **params: str,
) -> None:
    """An in-app notification (and their chosen channels) to the HR who handle ``feedback``,
    once per ``dedupe`` key."""
    person = await session.get(Person, feedback.person_id)
    result = await session.get(InterviewResult, feedback.result_id)
    position = await _position_name(session, result) if result else ""
    await notifications.notify(
        session,
        hub,
        recipients if recipients is not None else await hr_recipients(session, feedback),
        kind,
        {"person": person.name if person else "", "position": position, **params},
        link=f"/feedback-inbox/{feedback.id}",
        data={"feedback_id": str(feedback.id), "result_id": str(feedback.result_id)},
        dedupe=dedupe,
    )


async def add_message(
    session: AsyncSession,
    hub: LocalHub,
    caller: Caller,
    feedback_id: uuid.UUID,
    body: MessageCreate,
) -> FeedbackMessage:
    feedback = await get_readable(session, caller, feedback_id)
    owner = is_owner(caller, feedback)
    if not owner and not caller.can(Permission.feedback_handle):
        raise NotFound(f"No feedback with id {feedback_id}")
    if feedback.status == FeedbackStatus.resolved:
        raise Conflict("This feedback is resolved; start a new one", current_status="resolved")
    now = utcnow()
    role = "employee" if owner else "hr"
    message = FeedbackMessage(
        id=uuid.uuid4(),  # known now: the notification below de-duplicates on it
        feedback_id=feedback.id,
        author_id=caller.id,
        author_role=role,
        body=body.body,
        at=now,
    )
    session.add(message)
    if role == "hr":
        if feedback.first_response_at is None:
            feedback.first_response_at = now
        feedback.status = FeedbackStatus.answered
        await notifications.notify(
            session,
            hub,
            await _owners(session, feedback),
            "feedback.replied",
            {"excerpt": _excerpt(body.body)},
            link=f"/my-results/{feedback.result_id}",
            data={"feedback_id": str(feedback.id), "result_id": str(feedback.result_id)},
            dedupe=f"feedback.replied:{message.id}",
        )
    else:
        if feedback.status == FeedbackStatus.answered:
            feedback.status = FeedbackStatus.open
        await _tell_hr(
            session, hub, feedback, "feedback.followed_up", f"feedback.followed_up:{message.id}",
            excerpt=_excerpt(body.body),
        )  # fmt: skip
    feedback.updated_at = now
    audit.record(
        session,
        caller,
        "feedback.replied",
        subject_person_id=feedback.person_id,
        target_type="feedback",
        target_id=feedback.id,
        detail={"role": role},
    )
    await session.flush()
    return message


def _handlers() -> Select[User]:
    """Who feedback can be assigned to: active HR and admin users."""
    return select(User).where(
        User.is_active.is_(True),
        User.id.in_(select(UserRole.user_id).where(UserRole.role.in_([Role.hr, Role.admin]))),
    )


async def assignees(session: AsyncSession) -> list[User]:
    """Active HR and admin users by name, for the assignment picker."""
    return list((await session.scalars(_handlers().order_by(User.name, User.email))).all())


async def assign(
    session: AsyncSession, caller: Caller, feedback_id: uuid.UUID, body: AssignIn
) -> Feedback:
    feedback = await get_readable(session, caller, feedback_id)
    if feedback.status == FeedbackStatus.resolved:
        raise Conflict("This feedback is resolved", current_status="resolved")
    if body.user_id is not None:
        handler = await session.scalar(_handlers().where(User.id == body.user_id))
        if handler is None:
            raise InvalidInput(["body", "user_id"], "Assign to an active HR or admin user")
    feedback.assignee_id = body.user_id
    feedback.updated_at = utcnow()
    audit.record(
        session,
        caller,
        "feedback.assigned",
        subject_person_id=feedback.person_id,
        target_type="feedback",
        target_id=feedback.id,
        detail={"assignee_id": str(body.user_id) if body.user_id else None},
    )
    await session.flush()
    return feedback


async def resolve(
    session: AsyncSession, hub: LocalHub, caller: Caller, feedback_id: uuid.UUID, body: ResolveIn
) -> Feedback:
    feedback = await get_readable(session, caller, feedback_id)
    adjusting = body.adjusted_total is not None or bool(body.adjusted_dimensions)
    if body.resolution == "adjusted" and not adjusting:
        raise InvalidInput(
            ["body", "adjusted_total"],
            "An adjustment needs adjusted_total or at least one adjusted_dimensions entry",
        )
    if body.resolution != "adjusted" and adjusting:
        raise InvalidInput(
            ["body", "resolution"], "Adjusted values are only accepted with resolution 'adjusted'"
        )
    if feedback.status == FeedbackStatus.resolved:
        raise Conflict(
            f"This feedback is already resolved ({feedback.resolution})", current_status="resolved"
        )
    result = await session.get(InterviewResult, feedback.result_id)
    assert result is not None
    now = utcnow()
    owners = await _owners(session, feedback)
    position = await _position_name(session, result)
    change: dict[str, str] = {}
    told_data: dict[str, object] = {}
    if body.resolution == "adjusted":
        adjusted = await adjustment.adjust(
            session,
            caller,
            result,
            total=body.adjusted_total,
            dimensions=body.adjusted_dimensions,
            reason=body.note,
            feedback_id=feedback.id,
        )
        feedback.adjusted_from, feedback.adjusted_to = adjusted.before, adjusted.after
        audit.record(
            session,
            caller,
            "result.adjusted",
            subject_person_id=result.person_id,
            target_type="result",
            target_id=result.id,
            detail={"feedback_id": str(feedback.id), "revision": adjusted.revision},
        )
        events.emit(  # the outgoing webhooks' result.updated
            session,
            "result.updated",
            {
                "result_id": str(result.id),
                "person_id": str(result.person_id),
                "revision": adjusted.revision,
                "source": "adjustment",
                "feedback_id": str(feedback.id),
            },
        )
        if result.published:  # else the adjusted revision waits for review, unseen
            # Told in the one resolution notice below (not a second "score adjusted" one).
            change = {
                "position": position,
                "before": f"{adjusted.before:.1f}",
                "after": f"{adjusted.after:.1f}",
            }
            told_data = {"result_id": str(result.id), "revision": adjusted.revision}
    feedback.status = FeedbackStatus.resolved
    feedback.open_result_id = None
    feedback.resolution = body.resolution
    feedback.resolution_note = body.note
    feedback.resolved_at = now
    feedback.resolved_by = caller.id
    feedback.first_response_at = feedback.first_response_at or now
    feedback.updated_at = now
    session.add(
        FeedbackMessage(
            feedback_id=feedback.id, author_id=caller.id, author_role="hr", body=body.note, at=now
        )
    )
    await notifications.notify(
        session,
        hub,
        owners,
        "feedback.resolved",
        {"resolution": body.resolution, "note": body.note, **change},
        link=f"/my-results/{result.id}",
        data={"feedback_id": str(feedback.id), "resolution": body.resolution, **told_data},
        dedupe=f"feedback.resolved:{feedback.id}",
    )
    audit.record(
        session,
        caller,
        "feedback.resolved",
        subject_person_id=feedback.person_id,
        target_type="feedback",
        target_id=feedback.id,
        detail={"resolution": body.resolution},
    )
    events.emit(
        session,
        "feedback.resolved",
        {
            "feedback_id": str(feedback.id),
            "result_id": str(result.id),
            "person_id": str(result.person_id),
            "resolution": body.resolution,
        },
    )
    await session.flush()
    return feedback


# --- Overdue -----------------------------------------------------------------------------------


async def flag_overdue(
    session: AsyncSession, hub: LocalHub, sla_hours: float
) -> tuple[int, int, int]:
    """Remind HR of unanswered feedback due within :data:`DUE_SOON_HOURS`, flag it past due
    (HR told once) and escalate it after twice the SLA (admins told once). Claims rows with a
    conditional UPDATE, so two runs never notify twice. Answers (due soon, overdue, escalated)."""
    now = utcnow()
    unanswered = and_(
        Feedback.status != FeedbackStatus.resolved, Feedback.first_response_at.is_(None)
    )
    due_soon: list[uuid.UUID] = []
    if sla_hours > DUE_SOON_HOURS:  # else HR heard of the question less than that ago
        due_soon = list(
            (
                await session.scalars(
                    update(Feedback)
                    .where(
                        unanswered,
                        Feedback.due_soon_at.is_(None),
                        Feedback.due_at > now,
                        Feedback.due_at <= now + timedelta(hours=DUE_SOON_HOURS),
                    )
                    .values(due_soon_at=now)
                    .returning(Feedback.id)
                )
            ).all()
        )
    overdue_ids = list(
        (
            await session.scalars(
                update(Feedback)
                .where(overdue_condition(now), Feedback.overdue_at.is_(None))
                .values(overdue_at=now)
                .returning(Feedback.id)
            )
        ).all()
    )
    escalated_ids = list(
        (
            await session.scalars(
                update(Feedback)
                .where(
                    overdue_condition(now - timedelta(hours=sla_hours)),
                    Feedback.escalated_at.is_(None),
                )
                .values(escalated_at=now)
                .returning(Feedback.id)
            )
        ).all()
    )
    if not due_soon and not overdue_ids and not escalated_ids:
        return 0, 0, 0
    admins = await notifications.users_with_roles(session, [Role.admin])
    hours = f"{sla_hours:g}"
    for kind, ids in (
        ("feedback.due_soon", due_soon),
        ("feedback.overdue", overdue_ids),
        ("feedback.escalated", escalated_ids),
    ):
        for feedback in (await session.scalars(select(Feedback).where(Feedback.id.in_(ids)))).all():
            recipients = None
            if kind == "feedback.escalated":  # admins, and the assignee if there is one
                assigned = await hr_recipients(session, feedback) if feedback.assignee_id else []
                recipients = [*admins, *assigned]
            await _tell_hr(
                session, hub, feedback, kind, f"{kind}:{feedback.id}", recipients=recipients,
                hours=f"{DUE_SOON_HOURS}" if kind == "feedback.due_soon" else hours,
            )  # fmt: skip
    return len(due_soon), len(overdue_ids), len(escalated_ids)


# --- Metrics -----------------------------------------------------------------------------------


async def metrics(session: AsyncSession, window_days: int) -> FeedbackMetrics:
    now = utcnow()
    since = now - timedelta(days=window_days)
    rows = (await session.scalars(select(Feedback).where(Feedback.created_at >= since))).all()
    hours = sorted(
        (r.first_response_at - r.created_at).total_seconds() / 3600
        for r in rows
        if r.first_response_at is not None
    )
    median: float | None = None
    if hours:
        mid = len(hours) // 2
        median = hours[mid] if len(hours) % 2 else (hours[mid - 1] + hours[mid]) / 2
    judged = [r for r in rows if r.first_response_at is not None or r.due_at < now]
    within = [
        r for r in judged if r.first_response_at is not None and r.first_response_at <= r.due_at
    ]
    unresolved = (
        await session.scalars(select(Feedback).where(Feedback.status != FeedbackStatus.resolved))
    ).all()
    return FeedbackMetrics(
        window_days=window_days,
        created=len(rows),
        median_first_response_hours=round(median, 2) if median is not None else None,
        answered_within_sla_share=round(len(within) / len(judged), 4) if judged else None,
        open_count=len(unresolved),
        overdue_count=sum(1 for r in unresolved if r.first_response_at is None and r.due_at < now),
    )


def list_filters(
    statement: Select[Feedback],
    *,
    status: str | None,
    overdue: bool | None,
    assignee_id: uuid.UUID | None,
    result_id: uuid.UUID | None,
) -> Select[Feedback]:
    now = utcnow()
    if status:
        statement = statement.where(Feedback.status == status)
    if overdue is True:
        statement = statement.where(overdue_condition(now))
    elif overdue is False:
        statement = statement.where(
            or_(
                Feedback.status == FeedbackStatus.resolved,
                Feedback.first_response_at.is_not(None),
                Feedback.due_at >= now,
            )
        )
    if assignee_id:
        statement = statement.where(Feedback.assignee_id == assignee_id)
    if result_id:
        statement = statement.where(Feedback.result_id == result_id)
    return statement
