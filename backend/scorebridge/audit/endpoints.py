from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from scorebridge.audit import repository
from scorebridge.audit.models import AuditEvent
from scorebridge.audit.schemas import AuditActor, AuditEventOut
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit.errors import responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import Session

router = APIRouter(prefix="/audit-events", tags=["audit"])

Auditor = Annotated[Caller, Depends(requires(Permission.audit_read))]


@router.get(
    "/actors",
    operation_id="listAuditActors",
    summary="Users and integration clients to filter the log by, searched by name (admin, hr)",
    description="`q` matches a user's name or email or a client's name; `actor_id` returns "
    "the one already chosen (to show its name). Users first, then clients, at most `limit`.",
    responses=responses(401, 403, 422),
)
async def list_audit_actors(
    caller: Auditor,
    session: Session,
    q: Annotated[str | None, Query(max_length=100)] = None,
    actor_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> list[AuditActor]:
    return await repository.actors(session, q, actor_id, limit)


@router.get(
    "",
    operation_id="listAuditEvents",
    summary="List audit events, newest first (admin, hr)",
    responses=responses(401, 403, 422),
)
async def list_audit_events(
    caller: Auditor,
    session: Session,
    page: Annotated[PageParams, Depends(page_params)],
    person_id: uuid.UUID | None = None,
    actor_id: uuid.UUID | None = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[AuditEventOut]:
    statement = repository.filtered(
        repository.readable_by(caller), person_id=person_id, actor_id=actor_id, action=action
    )
    rows, cursor = await paginate(
        session, statement, sort=Sort(AuditEvent.at, True), id_column=AuditEvent.id, params=page
    )
    return Page(items=[AuditEventOut.model_validate(r) for r in rows], next_cursor=cursor)
