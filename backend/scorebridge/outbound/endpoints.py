"""Integrators' webhook endpoints (admin): subscribe a URL to events, see its messages."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi import status as http_status
from sqlalchemy import false, select

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit import egress, masking
from scorebridge.kit.errors import NotFound, responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import Session
from scorebridge.outbound import service
from scorebridge.outbound.models import OutboundMessage, WebhookEndpoint
from scorebridge.outbound.schemas import (
    EndpointCreate,
    EndpointCreated,
    EndpointOut,
    EndpointUpdate,
    MessageOut,
)

router = APIRouter(prefix="/webhook-endpoints", tags=["outbound webhooks"])

Admin = Annotated[Caller, Depends(requires(Permission.clients_manage))]
Paging = Annotated[PageParams, Depends(page_params)]

DESCRIPTION = (
    "Deliveries are signed like incoming ones (Standard Webhooks: `webhook-id`, "
    "`webhook-timestamp`, `webhook-signature` = `v1,` base64 HMAC-SHA256 of "
    "`{id}.{timestamp}.{body}` with the endpoint's `whsec_` secret). Body: "
    '`{"type", "timestamp", "data"}`. Messages go out in order per endpoint; a failure is '
    "retried with backoff (5 s doubling, up to an hour, 12 tries) before later ones are sent."
)


async def _load(session: Session, caller: Caller, endpoint_id: uuid.UUID) -> WebhookEndpoint:
    statement = select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
    if not caller.can(Permission.clients_manage):
        statement = statement.where(false())
    endpoint = await session.scalar(statement)
    if endpoint is None:
        raise NotFound(f"No webhook endpoint with id {endpoint_id}")
    return endpoint


@router.post(
    "",
    operation_id="createWebhookEndpoint",
    summary="Subscribe a URL to events (admin)",
    description=DESCRIPTION,
    status_code=http_status.HTTP_201_CREATED,
    responses=responses(401, 403, 422),
)
async def create_endpoint(caller: Admin, session: Session, data: EndpointCreate) -> EndpointCreated:
    await egress.check_on_save(["body", "url"], str(data.url))
    endpoint = WebhookEndpoint(
        url=str(data.url),
        events=sorted(set(data.events)),
        description=data.description,
        secret=service.new_secret(),
        created_by=caller.id,
    )
    session.add(endpoint)
    await session.flush()
    audit.record(
        session,
        caller,
        "webhook_endpoint.created",
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        detail={"url": masking.masked_url(endpoint.url), "events": endpoint.events},
    )
    return EndpointCreated(
        **EndpointOut.model_validate(endpoint).model_dump(), secret=endpoint.secret
    )


@router.get(
    "",
    operation_id="listWebhookEndpoints",
    summary="Webhook endpoints (admin)",
    responses=responses(401, 403, 422),
)
async def list_endpoints(caller: Admin, session: Session, page: Paging) -> Page[EndpointOut]:
    statement = select(WebhookEndpoint)
    rows, cursor = await paginate(
        session,
        statement,
        sort=Sort(WebhookEndpoint.created_at, True),
        id_column=WebhookEndpoint.id,
        params=page,
    )
    return Page(items=[EndpointOut.model_validate(r) for r in rows], next_cursor=cursor)


@router.patch(
    "/{endpoint_id}",
    operation_id="updateWebhookEndpoint",
    summary="Change, pause or resume a webhook endpoint (admin)",
    responses=responses(401, 403, 404, 422),
)
async def update_endpoint(
    caller: Admin, session: Session, endpoint_id: uuid.UUID, data: EndpointUpdate
) -> EndpointOut:
    endpoint = await _load(session, caller, endpoint_id)
    if data.url is not None:
        await service.change_url(endpoint, str(data.url), data.secret)
    if data.events is not None:
        endpoint.events = sorted(set(data.events))
    if data.description is not None:
        endpoint.description = data.description
    if data.is_active is not None:
        endpoint.is_active = data.is_active
    await session.flush()
    audit.record(
        session,
        caller,
        "webhook_endpoint.updated",
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        detail={"fields": sorted(data.model_dump(exclude_unset=True).keys() - {"secret"})},
    )
    return EndpointOut.model_validate(endpoint)


@router.get(
    "/{endpoint_id}/messages",
    operation_id="listWebhookMessages",
    summary="Messages sent (or waiting) for an endpoint, newest first",
    responses=responses(401, 403, 404, 422),
)
async def list_messages(
    caller: Admin,
    session: Session,
    endpoint_id: uuid.UUID,
    page: Paging,
    status: Annotated[Literal["pending", "delivered", "failed"] | None, Query()] = None,
) -> Page[MessageOut]:
    endpoint = await _load(session, caller, endpoint_id)
    statement = select(OutboundMessage).where(OutboundMessage.endpoint_id == endpoint.id)
    if status:
        statement = statement.where(OutboundMessage.status == status)
    rows, cursor = await paginate(
        session,
        statement,
        sort=Sort(OutboundMessage.created_at, True),
        id_column=OutboundMessage.id,
        params=page,
    )
    return Page(items=[MessageOut.model_validate(r) for r in rows], next_cursor=cursor)
