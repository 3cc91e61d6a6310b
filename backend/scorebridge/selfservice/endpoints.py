"""My results (employees): my own published interview results and how they moved over time.

Only the caller's own published results exist here, as they were published (a later revision
waiting for review stays out of sight: results/published.py): another person's result, or one
never published, answers 404; a user with no linked person has none. Reading your own result is not
audited as a read of someone else's scores.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import Select, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.feedback.models import Feedback
from scorebridge.kit.errors import NotFound, responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import Session
from scorebridge.organisation.models import Batch, Department, Position
from scorebridge.privacy.notice import require_acknowledged
from scorebridge.results import published
from scorebridge.results.models import InterviewResult
from scorebridge.results.schemas import DimensionOut, OrgRef
from scorebridge.results.service import by_id

# Until the caller has acknowledged the current privacy notice: 403 ``…/notice-required``.
router = APIRouter(
    prefix="/me/results",
    tags=["self-service"],
    dependencies=[Depends(require_acknowledged)],
)

Employee = Annotated[Caller, Depends(requires(Permission.own_results))]
Paging = Annotated[PageParams, Depends(page_params)]


class MyFeedbackRef(BaseModel):
    id: uuid.UUID
    status: str
    due_at: datetime


class MyResultOut(BaseModel):
    id: uuid.UUID
    position: OrgRef | None
    department: OrgRef | None
    batch: OrgRef | None
    interviewed_at: datetime | None
    total_score: float
    max_score: float
    normalized_total: float = Field(description="0–100")
    dimensions: list[DimensionOut]
    comment: str | None
    suggestions: list[str]
    revision: int
    published_at: datetime | None
    feedback: MyFeedbackRef | None = Field(
        description="My latest feedback on this result, if any (open, answered or resolved)"
    )


class HistoryPoint(BaseModel):
    result_id: uuid.UUID
    interviewed_at: datetime | None
    position: OrgRef | None
    normalized_total: float


class MyResultDetail(MyResultOut):
    history: list[HistoryPoint] = Field(
        description="All my published results' normalised totals, oldest first"
    )


class MyHistory(BaseModel):
    items: list[HistoryPoint]


def mine(caller: Caller) -> Select[InterviewResult]:
    """My results that were published to me (now or in an earlier revision)."""
    statement = select(InterviewResult)
    if caller.person_id is None:
        return statement.where(false())
    return statement.where(InterviewResult.person_id == caller.person_id, published.has_view())


def _org(row: Any) -> OrgRef | None:
    return OrgRef(id=row.id, code=row.code, name=row.name) if row is not None else None


async def _views(
    session: AsyncSession, caller: Caller, results: Sequence[InterviewResult]
) -> list[published.PublishedView]:
    """What was published to me, in the order given (a revision published to someone else —
    the vendor moved the interview to another person — is not mine)."""
    views = await published.views(session, results)
    return [
        v
        for v in (views.get(r.id) for r in results)
        if v is not None and v.person_id == caller.person_id
    ]


async def render(
    session: AsyncSession, caller: Caller, results: Sequence[InterviewResult]
) -> list[MyResultOut]:
    views = await _views(session, caller, results)
    if not views:
        return []
    ids = [v.result_id for v in views]
    positions = await by_id(session, Position, {v.position_id for v in views if v.position_id})
    departments = await by_id(
        session, Department, {v.department_id for v in views if v.department_id}
    )
    batches = await by_id(session, Batch, {v.batch_id for v in views if v.batch_id})
    feedback: dict[uuid.UUID, MyFeedbackRef] = {}
    for f in (
        await session.scalars(
            select(Feedback).where(Feedback.result_id.in_(ids)).order_by(Feedback.created_at)
        )
    ).all():
        feedback[f.result_id] = MyFeedbackRef(id=f.id, status=f.status, due_at=f.due_at)
    return [
        MyResultOut(
            id=v.result_id,
            position=_org(positions.get(v.position_id) if v.position_id else None),
            department=_org(departments.get(v.department_id) if v.department_id else None),
            batch=_org(batches.get(v.batch_id) if v.batch_id else None),
            interviewed_at=v.interviewed_at,
            total_score=v.total_score,
            max_score=v.max_score,
            normalized_total=v.normalized_total,
            dimensions=v.dimensions,
            comment=v.comment,
            suggestions=v.suggestions,
            revision=v.revision,
            published_at=v.published_at,
            feedback=feedback.get(v.result_id),
        )
        for v in views
    ]


async def history(session: AsyncSession, caller: Caller) -> list[HistoryPoint]:
    rows = (await session.scalars(mine(caller))).all()
    views = sorted(
        await _views(session, caller, rows),
        key=lambda v: (v.interviewed_at is None, v.interviewed_at or v.published_at, v.result_id),
    )
    positions = await by_id(session, Position, {v.position_id for v in views if v.position_id})
    return [
        HistoryPoint(
            result_id=v.result_id,
            interviewed_at=v.interviewed_at,
            position=_org(positions.get(v.position_id) if v.position_id else None),
            normalized_total=v.normalized_total,
        )
        for v in views
    ]


@router.get(
    "",
    operation_id="listMyResults",
    summary="My published interview results, newest interview first",
    responses=responses(401, 403, 422),
)
async def list_my_results(caller: Employee, session: Session, page: Paging) -> Page[MyResultOut]:
    rows, cursor = await paginate(
        session,
        mine(caller),
        sort=Sort(InterviewResult.interviewed_at, True),
        id_column=InterviewResult.id,
        params=page,
    )
    return Page(items=await render(session, caller, rows), next_cursor=cursor)


@router.get(
    "/history",
    operation_id="getMyResultHistory",
    summary="My published results' normalised totals over time, oldest first",
    responses=responses(401, 403),
)
async def my_history(caller: Employee, session: Session) -> MyHistory:
    return MyHistory(items=await history(session, caller))


@router.get(
    "/{result_id}",
    operation_id="getMyResult",
    summary="One of my published results, with my history",
    responses=responses(401, 403, 404),
)
async def get_my_result(caller: Employee, session: Session, result_id: uuid.UUID) -> MyResultDetail:
    result = await session.scalar(mine(caller).where(InterviewResult.id == result_id))
    rendered = await render(session, caller, [result]) if result is not None else []
    if not rendered:
        raise NotFound(f"No published result of yours with id {result_id}")
    base = rendered[0]
    return MyResultDetail(**base.model_dump(), history=await history(session, caller))
