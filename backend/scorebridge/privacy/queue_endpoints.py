"""HR's privacy request queue: every request, by time left, with SLA metrics; resolving one
(a deletion resolved ``done`` erases the person). HR and admins only; department heads,
interviewers and employees get 403."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import responses
from scorebridge.kit.pagination import Page, PageParams, page_params, paginate, parse_sort
from scorebridge.kit.web import AppSettings, Session
from scorebridge.notifications.hub import hub_for
from scorebridge.privacy import requests as service
from scorebridge.privacy.models import PrivacyRequest, RequestStatus
from scorebridge.privacy.schemas import (
    PrivacyRequestKind,
    PrivacyRequestMetrics,
    PrivacyRequestOut,
    PrivacyRequestResolve,
    PrivacyRequestStatus,
)

router = APIRouter(prefix="/privacy-requests", tags=["privacy"])

Handler = Annotated[Caller, Depends(requires(Permission.privacy_handle))]
Paging = Annotated[PageParams, Depends(page_params)]
SORTS = {"due_at": PrivacyRequest.due_at, "created_at": PrivacyRequest.created_at}


@router.get(
    "",
    operation_id="listPrivacyRequests",
    summary="The privacy request queue (hr, admin), by time left (due_at ascending) by default",
    description="Filters `status`, `kind`, `overdue`; `sort` `due_at` or `created_at` "
    "(prefix `-` for descending).",
    responses=responses(401, 403, 422),
)
async def list_requests(
    caller: Handler,
    session: Session,
    page: Paging,
    status: PrivacyRequestStatus | None = None,
    kind: PrivacyRequestKind | None = None,
    overdue: bool | None = None,
    sort: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[PrivacyRequestOut]:
    statement = service.queue()
    if status:
        statement = statement.where(PrivacyRequest.status == status)
    if kind:
        statement = statement.where(PrivacyRequest.kind == kind)
    if overdue is True:
        statement = statement.where(
            PrivacyRequest.status == RequestStatus.open, PrivacyRequest.due_at < utcnow()
        )
    elif overdue is False:
        statement = statement.where(
            (PrivacyRequest.status != RequestStatus.open) | (PrivacyRequest.due_at >= utcnow())
        )
    rows, cursor = await paginate(
        session,
        statement,
        sort=parse_sort(sort, SORTS, "due_at"),
        id_column=PrivacyRequest.id,
        params=page,
    )
    return Page(items=await service.render_queue(session, list(rows)), next_cursor=cursor)


@router.get(
    "/metrics",
    operation_id="getPrivacyRequestMetrics",
    summary="SLA metrics: open, overdue, due soon, share resolved in time, median days",
    responses=responses(401, 403, 422),
)
async def request_metrics(
    caller: Handler,
    session: Session,
    window_days: Annotated[int, Query(ge=1, le=365)] = 90,
) -> PrivacyRequestMetrics:
    return await service.metrics(session, window_days)


@router.post(
    "/{request_id}/resolve",
    operation_id="resolvePrivacyRequest",
    summary="Resolve a privacy request as done or declined, with a note to the requester",
    description="A deletion request resolved `done` is HR's confirmation: the person is erased "
    "in the same transaction (409 `not-erasable` when they cannot be: an admin's or your own "
    "person, or another open request). Resolving twice is 409.",
    responses=responses(401, 403, 404, 409, 422),
)
async def resolve_request(
    caller: Handler,
    session: Session,
    settings: AppSettings,
    request_id: uuid.UUID,
    body: PrivacyRequestResolve,
) -> PrivacyRequestOut:
    row, _erased = await service.resolve(
        session, hub_for(settings.redis_url), caller, request_id, body
    )
    return (await service.render_queue(session, [row]))[0]
