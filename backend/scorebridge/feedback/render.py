"""Feedback as the API shows it: with the person, the assignee, the thread and the result.

The employee (who cannot read results at large) sees the result as it was published to them
(results/published.py), never a later revision waiting for review; HR sees the current one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.auth.models import User
from scorebridge.auth.permissions import Permission
from scorebridge.feedback.models import Feedback, FeedbackMessage, FeedbackStatus
from scorebridge.feedback.schemas import (
    FeedbackDetail,
    FeedbackOut,
    MessageOut,
    ResultSummary,
    UserRef,
)
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import NotFound
from scorebridge.organisation.models import Batch, Person, Position
from scorebridge.results import published
from scorebridge.results.models import InterviewResult
from scorebridge.results.schemas import OrgRef, PersonRef
from scorebridge.results.service import by_id, dimensions_of


def published_only(caller: Caller) -> bool:
    """Whether ``caller`` sees results only as they were published to them (an employee)."""
    return not caller.can(Permission.feedback_read)


async def many(
    session: AsyncSession, caller: Caller, rows: Sequence[Feedback]
) -> list[FeedbackOut]:
    people = await by_id(session, Person, {r.person_id for r in rows})
    users = await by_id(session, User, {r.assignee_id for r in rows if r.assignee_id})
    # An adjustment's totals are the live result's: shown to the employee while it is published.
    hidden: set[uuid.UUID] = set()
    if published_only(caller) and rows:
        hidden = set(
            (
                await session.scalars(
                    select(InterviewResult.id).where(
                        InterviewResult.id.in_({r.result_id for r in rows}),
                        InterviewResult.published.is_(False),
                    )
                )
            ).all()
        )
    now = utcnow()
    out = []
    for r in rows:
        person = people[r.person_id]
        assignee = users.get(r.assignee_id) if r.assignee_id else None
        adjusted = (None, None) if r.result_id in hidden else (r.adjusted_from, r.adjusted_to)
        out.append(
            FeedbackOut(
                id=r.id,
                result_id=r.result_id,
                person=PersonRef(id=person.id, name=person.name, employee_no=person.employee_no),
                status=r.status,
                message=r.message,
                created_at=r.created_at,
                due_at=r.due_at,
                overdue=(
                    r.status != FeedbackStatus.resolved
                    and r.first_response_at is None
                    and r.due_at < now
                ),
                first_response_at=r.first_response_at,
                overdue_at=r.overdue_at,
                escalated_at=r.escalated_at,
                assignee=UserRef(id=assignee.id, name=assignee.name) if assignee else None,
                resolution=r.resolution,
                resolution_note=r.resolution_note,
                resolved_at=r.resolved_at,
                adjusted_from=adjusted[0],
                adjusted_to=adjusted[1],
            )
        )
    return out


async def result_summary(
    session: AsyncSession, result: InterviewResult, view: published.PublishedView | None = None
) -> ResultSummary:
    """The result as HR sees it now, or (``view``) as it was published to its person."""
    if view is None:
        view = published.current_view(
            result, (await dimensions_of(session, [result.id])).get(result.id, [])
        )
    position = await session.get(Position, view.position_id) if view.position_id else None
    batch = await session.get(Batch, view.batch_id) if view.batch_id else None
    return ResultSummary(
        id=result.id,
        position=OrgRef(id=position.id, code=position.code, name=position.name)
        if position
        else None,
        batch=OrgRef(id=batch.id, code=batch.code, name=batch.name) if batch else None,
        interviewed_at=view.interviewed_at,
        total_score=view.total_score,
        max_score=view.max_score,
        normalized_total=view.normalized_total,
        revision=view.revision,
        dimensions=view.dimensions,
    )


async def detail(session: AsyncSession, caller: Caller, feedback: Feedback) -> FeedbackDetail:
    base = (await many(session, caller, [feedback]))[0]
    messages = (
        await session.scalars(
            select(FeedbackMessage)
            .where(FeedbackMessage.feedback_id == feedback.id)
            .order_by(FeedbackMessage.at, FeedbackMessage.id)
        )
    ).all()
    authors = await by_id(session, User, {m.author_id for m in messages if m.author_id})
    result = await session.get(InterviewResult, feedback.result_id)
    assert result is not None
    view = None
    if published_only(caller):
        view = await published.view(session, result)
        if view is None or view.person_id != feedback.person_id:
            raise NotFound(f"No feedback with id {feedback.id}")
    return FeedbackDetail(
        **base.model_dump(),
        messages=[
            MessageOut(
                id=m.id,
                author=UserRef(id=authors[m.author_id].id, name=authors[m.author_id].name)
                if m.author_id in authors
                else None,
                author_role=m.author_role,
                body=m.body,
                at=m.at,
            )
            for m in messages
        ],
        result=await result_summary(session, result, view),
    )
