"""Feedback on published results: employees ask, HR answers, assigns and resolves."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires, requires_any
from scorebridge.auth.permissions import Permission
from scorebridge.feedback import render, service
from scorebridge.feedback.models import Feedback
from scorebridge.feedback.schemas import (
    AssignIn,
    FeedbackCreate,
    FeedbackDetail,
    FeedbackMetrics,
    FeedbackOut,
    FeedbackStatusName,
    MessageCreate,
    MessageOut,
    ResolveIn,
    UserRef,
)
from scorebridge.kit.errors import InvalidInput, responses
from scorebridge.kit.pagination import Page, PageParams, page_params, paginate, parse_sort
from scorebridge.kit.web import AppSettings, Session
from scorebridge.notifications.hub import hub_for

router = APIRouter(prefix="/feedback", tags=["feedback"])

Paging = Annotated[PageParams, Depends(page_params)]
Reader = Annotated[Caller, Depends(requires_any(Permission.feedback_read, Permission.own_feedback))]
Author = Annotated[Caller, Depends(requires(Permission.own_feedback))]
Participant = Annotated[
    Caller, Depends(requires_any(Permission.own_feedback, Permission.feedback_handle))
]
Handler = Annotated[Caller, Depends(requires(Permission.feedback_handle))]

SORTS = {"due_at": Feedback.due_at, "created_at": Feedback.created_at}


@router.post(
    "",
    status_code=201,
    operation_id="createFeedback",
    summary="Ask HR about one of my published results",
    description="Only the result's owner, only on a published result: anything else is 404. "
    "One unresolved (open or answered) feedback per result, else 409. `due_at` is creation "
    "+ the SLA (24 h by default).",
    responses=responses(401, 403, 404, 409, 422),
)
async def create_feedback(
    caller: Author, session: Session, settings: AppSettings, body: FeedbackCreate
) -> FeedbackDetail:
    feedback = await service.create(
        session, hub_for(settings.redis_url), caller, body, settings.feedback_sla_hours
    )
    return await render.detail(session, caller, feedback)


@router.get(
    "",
    operation_id="listFeedback",
    summary="Feedback I may read, by time left (due_at ascending) by default",
    description="Employees see their own; HR, admins and clients with feedback:read see all "
    "(audited as `feedback.listed`, with the people on the page). "
    "`sort`: `due_at` (default) or `created_at`, prefix `-` for descending. "
    "`assignee_id=me` lists what is assigned to the caller.",
    responses=responses(401, 403, 422),
)
async def list_feedback(
    caller: Reader,
    session: Session,
    page: Paging,
    status: FeedbackStatusName | None = None,
    overdue: bool | None = None,
    assignee_id: Annotated[
        str | None, Query(max_length=36, description="A user id or `me`")
    ] = None,
    result_id: uuid.UUID | None = None,
    sort: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[FeedbackOut]:
    assignee: uuid.UUID | None = None
    if assignee_id == "me":
        assignee = caller.id
    elif assignee_id:
        try:
            assignee = uuid.UUID(assignee_id)
        except ValueError:
            raise InvalidInput(["query", "assignee_id"], "A user id or 'me'") from None
    statement = service.list_filters(
        service.readable_by(caller),
        status=status,
        overdue=overdue,
        assignee_id=assignee,
        result_id=result_id,
    )
    rows, cursor = await paginate(
        session,
        statement,
        sort=parse_sort(sort, SORTS, "due_at"),
        id_column=Feedback.id,
        params=page,
    )
    if not render.published_only(caller):  # HR (or a client) reading others' feedback
        audit.record(
            session,
            caller,
            "feedback.listed",
            target_type="feedback",
            detail={
                "filters": {
                    k: str(v)
                    for k, v in {
                        "status": status,
                        "overdue": overdue,
                        "assignee_id": assignee_id,
                        "result_id": result_id,
                    }.items()
                    if v is not None
                },
                "rows": len(rows),
                "people": sorted({str(r.person_id) for r in rows}),
            },
        )
    return Page(items=await render.many(session, caller, rows), next_cursor=cursor)


@router.get(
    "/metrics",
    operation_id="getFeedbackMetrics",
    summary="SLA metrics: median first response, share answered in time, open and overdue",
    responses=responses(401, 403, 422),
)
async def feedback_metrics(
    caller: Handler,
    session: Session,
    window_days: Annotated[int, Query(ge=1, le=365)] = 30,
) -> FeedbackMetrics:
    return await service.metrics(session, window_days)


@router.get(
    "/assignees",
    operation_id="listFeedbackAssignees",
    summary="Who feedback can be assigned to: active HR and admin users, by name",
    responses=responses(401, 403),
)
async def list_assignees(caller: Handler, session: Session) -> list[UserRef]:
    return [UserRef(id=u.id, name=u.name) for u in await service.assignees(session)]


@router.get(
    "/{feedback_id}",
    operation_id="getFeedback",
    summary="One feedback with its thread and the result it is about",
    description="HR reading someone's feedback is audited as a read of their score.",
    responses=responses(401, 403, 404),
)
async def get_feedback(caller: Reader, session: Session, feedback_id: uuid.UUID) -> FeedbackDetail:
    feedback = await service.get_readable(session, caller, feedback_id)
    if not service.is_owner(caller, feedback):
        audit.record(
            session,
            caller,
            "feedback.viewed",
            subject_person_id=feedback.person_id,
            target_type="result",
            target_id=feedback.result_id,
            detail={"feedback_id": str(feedback.id)},
        )
    return await render.detail(session, caller, feedback)


@router.post(
    "/{feedback_id}/messages",
    status_code=201,
    operation_id="addFeedbackMessage",
    summary="Reply in the thread (the owner or HR)",
    description="HR's first reply sets `first_response_at` and status `answered`; a follow-up "
    "from the employee after an answer sets it back to `open`. 409 once resolved.",
    responses=responses(401, 403, 404, 409, 422),
)
async def add_message(
    caller: Participant,
    session: Session,
    settings: AppSettings,
    feedback_id: uuid.UUID,
    body: MessageCreate,
) -> MessageOut:
    message = await service.add_message(
        session, hub_for(settings.redis_url), caller, feedback_id, body
    )
    return MessageOut(
        id=message.id,
        author=UserRef(id=caller.id, name=caller.name),
        author_role=message.author_role,
        body=message.body,
        at=message.at,
    )


@router.post(
    "/{feedback_id}/assign",
    operation_id="assignFeedback",
    summary="Assign to an HR or admin user (null unassigns)",
    responses=responses(401, 403, 404, 409, 422),
)
async def assign_feedback(
    caller: Handler, session: Session, feedback_id: uuid.UUID, body: AssignIn
) -> FeedbackOut:
    feedback = await service.assign(session, caller, feedback_id, body)
    return (await render.many(session, caller, [feedback]))[0]


@router.post(
    "/{feedback_id}/resolve",
    operation_id="resolveFeedback",
    summary="Resolve: upheld, adjusted (a new result revision) or rejected",
    description="`adjusted` needs `adjusted_total` and/or `adjusted_dimensions` (422 "
    "otherwise); values are on the result's own scale and become a new revision with source "
    "`adjustment`. The owner is notified. 409 when already resolved.",
    responses=responses(401, 403, 404, 409, 422),
)
async def resolve_feedback(
    caller: Handler,
    session: Session,
    settings: AppSettings,
    feedback_id: uuid.UUID,
    body: ResolveIn,
) -> FeedbackDetail:
    feedback = await service.resolve(
        session, hub_for(settings.redis_url), caller, feedback_id, body
    )
    return await render.detail(session, caller, feedback)
