"""Feedback as the API shows it: with the person, the assignee, the thread and the result."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import User
from scorebridge.feedback.models import Feedback, FeedbackMessage, FeedbackStatus
from scorebridge.feedback.schemas import (
    FeedbackDetail,
    FeedbackOut,
    MessageOut,
    ResultSummary,
    UserRef,
)
from scorebridge.kit.db import utcnow
from scorebridge.organisation.models import Batch, Person, Position
from scorebridge.results.models import InterviewResult
from scorebridge.results.schemas import OrgRef, PersonRef
from scorebridge.results.service import by_id, dimensions_of


async def many(session: AsyncSession, rows: Sequence[Feedback]) -> list[FeedbackOut]:
    people = await by_id(session, Person, {r.person_id for r in rows})
    users = await by_id(session, User, {r.assignee_id for r in rows if r.assignee_id})
    now = utcnow()
    out = []
    for r in rows:
        person = people[r.person_id]
        assignee = users.get(r.assignee_id) if r.assignee_id else None
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
                adjusted_from=r.adjusted_from,
                adjusted_to=r.adjusted_to,
            )
        )
    return out


async def result_summary(session: AsyncSession, result: InterviewResult) -> ResultSummary:
    position = await session.get(Position, result.position_id) if result.position_id else None
    batch = await session.get(Batch, result.batch_id) if result.batch_id else None
    dimensions = (await dimensions_of(session, [result.id]))[result.id]
    return ResultSummary(
        id=result.id,
        position=OrgRef(id=position.id, code=position.code, name=position.name)
        if position
        else None,
        batch=OrgRef(id=batch.id, code=batch.code, name=batch.name) if batch else None,
        interviewed_at=result.interviewed_at,
        total_score=result.total_score,
        max_score=result.max_score,
        normalized_total=result.normalized_total,
        revision=result.revision,
        dimensions=dimensions,
    )


async def detail(session: AsyncSession, feedback: Feedback) -> FeedbackDetail:
    base = (await many(session, [feedback]))[0]
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
        result=await result_summary(session, result),
    )
