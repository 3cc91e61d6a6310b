"""The vendor callback, vendor administration, the deliveries log and the mapping preview."""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, status
from sqlalchemy import select

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.intake import repository, service, signing
from scorebridge.intake.models import Delivery, Vendor
from scorebridge.intake.schemas import (
    Accepted,
    DeliveryDetail,
    DeliveryOut,
    MappingPreviewIn,
    MappingPreviewOut,
    SecretRotate,
    SecretRotated,
    VendorCreate,
    VendorCreated,
    VendorOut,
    VendorUpdate,
)
from scorebridge.kit.errors import NotFound, PayloadTooLarge, Unauthorized, responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import AppDatabase, Session
from scorebridge.observability.metrics import WEBHOOKS
from scorebridge.results.models import InterviewResult

router = APIRouter(tags=["vendors"])

VendorAdmin = Annotated[Caller, Depends(requires(Permission.vendors_manage))]
Paging = Annotated[PageParams, Depends(page_params)]
MAX_BODY_BYTES = 1024 * 1024

_WEBHOOK_BODY = {
    "requestBody": {
        "required": True,
        "description": "The raw JSON body: the standard envelope or, mapped, the vendor's own.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    "parameters": [
        {"name": n, "in": "header", "required": False, "schema": {"type": "string"}}
        for n in ("webhook-id", "webhook-timestamp", "webhook-signature")
    ],
}


async def _read_limited(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise PayloadTooLarge("The body is larger than 1 MiB")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise PayloadTooLarge("The body is larger than 1 MiB")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/webhooks/{slug}",
    operation_id="receiveVendorWebhook",
    summary="Vendor callback: verify, store the raw body, answer 202",
    description=(
        "Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) or the "
        "vendor's `hmac-sha256` header. A repeated `webhook-id` answers the first delivery's id "
        "and is not processed again; for `hmac-sha256` vendors (only the body is signed) the id "
        "is the body's SHA-256, whatever id header is sent. Processing happens in the background."
    ),
    status_code=status.HTTP_202_ACCEPTED,
    tags=["webhooks"],
    responses=responses(401, 404, 413),
    openapi_extra=_WEBHOOK_BODY,
)
async def receive_webhook(slug: str, request: Request, db: AppDatabase) -> Accepted:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        WEBHOOKS.labels("unknown", "refused", "too_large").inc()
        raise PayloadTooLarge("The body is larger than 1 MiB")
    vendor = await service.webhook_signing(db, slug)
    if vendor is None or not vendor.is_active:
        WEBHOOKS.labels("unknown", "refused", "unknown_vendor").inc()
        raise NotFound(f"No vendor {slug!r}")
    try:
        body = await _read_limited(request)
    except PayloadTooLarge:
        WEBHOOKS.labels(vendor.slug, "refused", "too_large").inc()
        raise
    try:
        if vendor.scheme == signing.HMAC_SHA256:
            verified = signing.verify_hmac(
                vendor.secrets,
                request.headers,
                body,
                header=vendor.header or "X-Signature",
                prefix=vendor.prefix or "",
            )
        else:
            verified = signing.verify_standard(
                vendor.secrets, request.headers, body, now=time.time()
            )
    except signing.SignatureError as exc:
        reason = "stale_timestamp" if "timestamp" in str(exc) else "bad_signature"
        WEBHOOKS.labels(vendor.slug, "refused", reason).inc()
        raise Unauthorized(str(exc)) from None
    webhook_id = verified.webhook_id or signing.body_id(body)
    delivery_id, created = await service.receive_webhook(db, vendor.vendor_id, webhook_id, body)
    WEBHOOKS.labels(vendor.slug, "accepted", "new" if created else "duplicate").inc()
    return Accepted(delivery_id=delivery_id)


async def _vendor(session: Session, slug: str) -> Vendor:
    vendor = await repository.vendor_by_slug(session, slug)
    if vendor is None:
        raise NotFound(f"No vendor {slug!r}")
    return vendor


@router.post(
    "/vendors/mapping-preview",
    operation_id="previewVendorMapping",
    summary="Try a JMESPath mapping on a sample payload (stores nothing)",
    responses=responses(401, 403, 422),
)
async def preview_mapping(caller: VendorAdmin, data: MappingPreviewIn) -> MappingPreviewOut:
    return await service.preview(data.expression, data.payload)


@router.post(
    "/vendors",
    operation_id="createVendor",
    summary="Register a vendor (the secret is shown only in this response)",
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 409, 422),
)
async def create_vendor(caller: VendorAdmin, session: Session, data: VendorCreate) -> VendorCreated:
    vendor, secret = await service.create_vendor(session, data)
    audit.record(session, caller, "vendor.created", target_type="vendor", target_id=vendor.id)
    return VendorCreated(**service.render(vendor).model_dump(), secret=secret)


@router.get(
    "/vendors",
    operation_id="listVendors",
    summary="List vendors",
    responses=responses(401, 403, 422),
)
async def list_vendors(caller: VendorAdmin, session: Session, page: Paging) -> Page[VendorOut]:
    rows, cursor = await paginate(
        session, select(Vendor), sort=Sort(Vendor.slug, False), id_column=Vendor.id, params=page
    )
    return Page(items=[service.render(v) for v in rows], next_cursor=cursor)


@router.get(
    "/vendors/{slug}",
    operation_id="getVendor",
    summary="Get a vendor (with its last poll outcome)",
    responses=responses(401, 403, 404),
)
async def get_vendor(caller: VendorAdmin, session: Session, slug: str) -> VendorOut:
    return service.render(await _vendor(session, slug))


@router.patch(
    "/vendors/{slug}",
    operation_id="updateVendor",
    summary="Change a vendor's name, signing, mapping, polling or auto-confirm",
    responses=responses(401, 403, 404, 422),
)
async def update_vendor(
    caller: VendorAdmin, session: Session, slug: str, data: VendorUpdate
) -> VendorOut:
    vendor = await service.update_vendor(session, await _vendor(session, slug), data)
    audit.record(
        session,
        caller,
        "vendor.updated",
        target_type="vendor",
        target_id=vendor.id,
        detail={"fields": sorted(data.model_dump(exclude_unset=True))},
    )
    return service.render(vendor)


@router.post(
    "/vendors/{slug}/secrets",
    operation_id="rotateVendorSecret",
    summary="Rotate the signing secret; the old one stays valid for the overlap window",
    responses=responses(401, 403, 404, 422),
)
async def rotate_secret(
    caller: VendorAdmin, session: Session, slug: str, data: SecretRotate
) -> SecretRotated:
    vendor = await _vendor(session, slug)
    secret = service.rotate_secret(vendor, data)
    audit.record(
        session, caller, "vendor.secret_rotated", target_type="vendor", target_id=vendor.id
    )
    return SecretRotated(secret=secret, previous_expires_at=vendor.previous_expires_at)


@router.get(
    "/vendors/{slug}/deliveries",
    operation_id="listVendorDeliveries",
    summary="The deliveries log of a vendor, newest first",
    responses=responses(401, 403, 404, 422),
)
async def list_deliveries(
    caller: VendorAdmin,
    session: Session,
    slug: str,
    page: Paging,
    status_: Annotated[
        Literal["pending", "processed", "failed"] | None, Query(alias="status")
    ] = None,
) -> Page[DeliveryOut]:
    vendor = await _vendor(session, slug)
    rows, cursor = await paginate(
        session,
        repository.deliveries_of(vendor.id, status_),
        sort=Sort(Delivery.received_at, True),
        id_column=Delivery.id,
        params=page,
    )
    return Page(items=[DeliveryOut.model_validate(d) for d in rows], next_cursor=cursor)


async def _delivery(session: Session, delivery_id: uuid.UUID) -> Delivery:
    delivery = await session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotFound(f"No delivery with id {delivery_id}")
    return delivery


@router.get(
    "/deliveries/{delivery_id}",
    operation_id="getDelivery",
    summary="One delivery with its raw body",
    description="Audited as `delivery.viewed` (the body carries scores and contacts).",
    responses=responses(401, 403, 404),
)
async def get_delivery(
    caller: VendorAdmin, session: Session, delivery_id: uuid.UUID
) -> DeliveryDetail:
    delivery = await _delivery(session, delivery_id)
    person_id = None
    if delivery.result_id is not None:
        person_id = await session.scalar(
            select(InterviewResult.person_id).where(InterviewResult.id == delivery.result_id)
        )
    # The raw body carries scores and contacts: reading it is a read of someone's scores.
    audit.record(
        session,
        caller,
        "delivery.viewed",
        subject_person_id=person_id,
        target_type="delivery",
        target_id=delivery.id,
        detail={"result_id": str(delivery.result_id) if delivery.result_id else None},
    )
    return DeliveryDetail(
        **DeliveryOut.model_validate(delivery).model_dump(),
        body=delivery.body.decode("utf-8", errors="replace"),
    )


@router.post(
    "/deliveries/{delivery_id}/replay",
    operation_id="replayDelivery",
    summary="Process a delivery again (after fixing the vendor's mapping)",
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(401, 403, 404),
)
async def replay_delivery(
    caller: VendorAdmin, session: Session, delivery_id: uuid.UUID
) -> DeliveryOut:
    delivery = await _delivery(session, delivery_id)
    service.replay(session, delivery)
    audit.record(
        session, caller, "delivery.replayed", target_type="delivery", target_id=delivery.id
    )
    await session.flush()
    return DeliveryOut.model_validate(delivery)
