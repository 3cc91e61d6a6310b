"""Privacy for the person: the notice and its acknowledgement, who read my scores, a copy of my
data and my requests. Every signed-in user may call these (integration clients get 403); they
answer about the caller only. None of them waits for the notice's acknowledgement: knowing,
copying and asking are rights, not privileges."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response

from scorebridge.audit import service as audit
from scorebridge.audit.models import AuditEvent
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import Authenticated
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import Forbidden, responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import AppSettings, Session
from scorebridge.notifications.hub import hub_for
from scorebridge.privacy import access_log, my_data, notice, summary
from scorebridge.privacy import requests as service
from scorebridge.privacy.models import PrivacyRequest
from scorebridge.privacy.schemas import (
    AccessEntry,
    MyData,
    NoticeAckIn,
    NoticeAckOut,
    NoticeOut,
    PrivacyRequestCreate,
    PrivacyRequestOut,
)

router = APIRouter(tags=["privacy"])

Paging = Annotated[PageParams, Depends(page_params)]


async def _user(caller: Authenticated) -> Caller:
    if caller.kind != "user":
        raise Forbidden("Only user accounts have personal data here")
    return caller


Me = Annotated[Caller, Depends(_user)]


@router.get(
    "/privacy-notice",
    operation_id="getPrivacyNotice",
    summary="The current processing notice (both languages) and whether I acknowledged it",
    description="A fresh install has no published version: the built-in notice "
    "(`is_default`) is current, and employees acknowledge it as any other.",
    responses=responses(401),
)
async def get_notice(caller: Authenticated, session: Session) -> NoticeOut:
    return await notice.for_caller(session, caller)


@router.post(
    "/me/privacy-notice/ack",
    operation_id="acknowledgePrivacyNotice",
    summary="Acknowledge the current notice version",
    description="Another version than the current one is 409 (`current_version` names it); "
    "acknowledging again keeps the first time.",
    responses=responses(401, 403, 409, 422),
)
async def acknowledge(caller: Me, session: Session, body: NoticeAckIn) -> NoticeAckOut:
    return await notice.acknowledge(session, caller, body.version)


@router.get(
    "/me/access-log",
    operation_id="getMyAccessLog",
    summary="谁查看了我的成绩: who read my scores, when and what (newest first)",
    description="From the audit trail: opening a result or its revisions, the talent profile, "
    "a feedback thread, a results list or export filtered to me. Readers are named with their "
    "roles (or as the integration client); my own reads are not listed.",
    responses=responses(401, 403, 422),
)
async def my_access_log(caller: Me, session: Session, page: Paging) -> Page[AccessEntry]:
    rows, cursor = await paginate(
        session,
        access_log.of(caller),
        sort=Sort(AuditEvent.at, True),
        id_column=AuditEvent.id,
        params=page,
    )
    return Page(items=await access_log.render(session, rows), next_cursor=cursor)


@router.get(
    "/me/data",
    operation_id="getMyData",
    summary="Everything held about me, as one JSON document (or `format=html`: a readable page)",
    description="Results only in their published view (never a value still awaiting HR "
    "review). `identities` lists the enterprise sign-in accounts linked to yours. Both "
    "formats download as a file; audited as `person.data_exported`.",
    responses={
        **responses(401, 403, 422),
        200: {"content": {"application/json": {}, "text/html": {}}, "description": "The copy"},
    },
    response_model=MyData,
)
async def get_my_data(
    caller: Me,
    session: Session,
    format: Annotated[Literal["json", "html"], Query()] = "json",
) -> Response:
    data = await my_data.document(session, caller)
    audit.record(
        session,
        caller,
        "person.data_exported",
        subject_person_id=caller.person_id,
        target_type="person",
        target_id=caller.person_id,
        detail={"format": format},
    )
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    if format == "html":
        page = summary.html_page(
            data,
            caller.extras.get("locale", "zh-CN"),
            caller.extras.get("timezone", "Asia/Shanghai"),
        )
        return HTMLResponse(
            page,
            headers={"Content-Disposition": f'attachment; filename="my-data-{stamp}.html"'},
        )
    return JSONResponse(
        data.model_dump(mode="json"),
        headers={"Content-Disposition": f'attachment; filename="my-data-{stamp}.json"'},
    )


@router.post(
    "/me/privacy-requests",
    status_code=201,
    operation_id="createPrivacyRequest",
    summary="File a correction, deletion, explanation or objection request",
    description="`due_at` = now + SCOREBRIDGE_PRIVACY_REQUEST_DAYS (15 days). One open request "
    "per kind (409). `result_id`, when given, must be one of my published results (422). An "
    "account without a linked person is 403. HR and admins are notified.",
    responses=responses(401, 403, 409, 422),
)
async def create_request(
    caller: Me, session: Session, settings: AppSettings, body: PrivacyRequestCreate
) -> PrivacyRequestOut:
    row = await service.create(
        session, hub_for(settings.redis_url), caller, body, settings.privacy_request_days
    )
    return service.render(row)


@router.get(
    "/me/privacy-requests",
    operation_id="listMyPrivacyRequests",
    summary="My privacy requests, newest first, with their status",
    responses=responses(401, 403, 422),
)
async def list_my_requests(caller: Me, session: Session, page: Paging) -> Page[PrivacyRequestOut]:
    rows, cursor = await paginate(
        session,
        service.mine(caller),
        sort=Sort(PrivacyRequest.created_at, True),
        id_column=PrivacyRequest.id,
        params=page,
    )
    return Page(items=[service.render(r) for r in rows], next_cursor=cursor)
