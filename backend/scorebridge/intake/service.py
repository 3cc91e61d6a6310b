"""Vendor administration, receiving deliveries, replaying them and previewing a mapping."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.intake import expressions, mapping, repository, signing
from scorebridge.intake.models import Delivery, Vendor
from scorebridge.intake.schemas import (
    DimensionPreview,
    MappingIn,
    MappingPreviewOut,
    PollConfig,
    PreviewError,
    ResultPreview,
    SecretRotate,
    SigningOut,
    VendorCreate,
    VendorOut,
    VendorUpdate,
)
from scorebridge.kit import egress, jobs, masking
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.errors import Conflict, InvalidInput
from scorebridge.kit.jobs import enqueue
from scorebridge.results import scoring

PROCESS_JOB = "intake.process_delivery"


def render(vendor: Vendor) -> VendorOut:
    previous = vendor.previous_expires_at if vendor.previous_secret else None
    return VendorOut(
        id=vendor.id,
        slug=vendor.slug,
        name=vendor.name,
        signing=SigningOut(
            scheme=vendor.signing_scheme,
            header=vendor.signing_header,
            prefix=vendor.signing_prefix,
            previous_expires_at=previous,
        ),
        mapping=MappingIn(expression=vendor.mapping_expression)
        if vendor.mapping_expression
        else None,
        poll=masked_poll(vendor.poll),
        auto_confirm=vendor.auto_confirm,
        is_active=vendor.is_active,
        poll_cursor=vendor.poll_cursor,
        next_poll_at=vendor.next_poll_at,
        last_poll_at=vendor.last_poll_at,
        last_poll_error=vendor.last_poll_error,
        webhook_path=f"/api/v1/webhooks/{vendor.slug}",
        created_at=vendor.created_at,
    )


def masked_poll(poll: dict[str, Any] | None) -> dict[str, Any] | None:
    """The poll config as answers show it: every header value ``***``."""
    if poll is None:
        return None
    return {**poll, "headers": masking.masked_values(poll.get("headers") or {})}


async def _poll_to_store(
    poll: PollConfig | None, stored: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The poll config to store: its URL allowed by the outgoing-request policy; a header sent
    as ``***`` keeps the stored value while the URL goes to the same address."""
    if poll is None:
        return None
    await egress.check_on_save(["body", "poll", "url"], poll.url)
    config = poll.model_dump()
    old = (stored or {}).get("headers") or {}
    same = stored is not None and masking.destination(stored["url"]) == masking.destination(
        poll.url
    )
    config["headers"] = {
        name: masking.keep_masked(
            ["body", "poll", "headers", name], value, old.get(name), same_address=same
        )
        for name, value in poll.headers.items()
    }
    return config


async def create_vendor(session: AsyncSession, data: VendorCreate) -> tuple[Vendor, str]:
    """A new vendor and its secret (generated when none was given; shown once)."""
    scheme = data.signing.scheme
    secret = data.signing.secret or signing.generate_secret(scheme)
    header = prefix = None
    if data.signing.scheme == "hmac-sha256":
        header, prefix = data.signing.header, data.signing.prefix
    vendor = Vendor(
        id=uuid.uuid4(),
        slug=data.slug,
        name=data.name,
        signing_scheme=scheme,
        signing_header=header,
        signing_prefix=prefix,
        secret=secret,
        mapping_expression=data.mapping.expression if data.mapping else None,
        poll=await _poll_to_store(data.poll, None),
        auto_confirm=data.auto_confirm,
        is_active=True,
    )
    session.add(vendor)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(f"slug {data.slug!r} is already in use", field="slug") from None
    return vendor, secret


async def update_vendor(session: AsyncSession, vendor: Vendor, data: VendorUpdate) -> Vendor:
    values = data.model_dump(exclude_unset=True)
    if "name" in values and data.name is not None:
        vendor.name = data.name
    if "mapping" in values:
        vendor.mapping_expression = data.mapping.expression if data.mapping else None
    if "poll" in values:
        vendor.poll = await _poll_to_store(data.poll, vendor.poll)
        vendor.poll_cursor = None if data.poll is None else vendor.poll_cursor
        vendor.next_poll_at = None
    if data.auto_confirm is not None:
        vendor.auto_confirm = data.auto_confirm
    if data.is_active is not None:
        vendor.is_active = data.is_active
    if data.signing is not None:
        _update_signing(vendor, data)
    await session.flush()
    return vendor


def _update_signing(vendor: Vendor, data: VendorUpdate) -> None:
    assert data.signing is not None
    scheme = data.signing.scheme or vendor.signing_scheme
    if scheme != vendor.signing_scheme and not data.signing.secret:
        raise InvalidInput(["body", "signing", "secret"], "Changing the scheme needs a new secret")
    if data.signing.secret:
        _check_secret(scheme, data.signing.secret, ["body", "signing", "secret"])
        vendor.secret = data.signing.secret
        vendor.previous_secret = None
        vendor.previous_expires_at = None
    vendor.signing_scheme = scheme
    if scheme == signing.HMAC_SHA256:
        vendor.signing_header = data.signing.header or vendor.signing_header or "X-Signature"
        prefix = data.signing.prefix
        vendor.signing_prefix = prefix if prefix is not None else vendor.signing_prefix or ""
    else:
        vendor.signing_header = vendor.signing_prefix = None


def _check_secret(scheme: str, secret: str, loc: list[str | int]) -> None:
    if scheme != signing.STANDARD_WEBHOOKS:
        return
    try:
        if not secret.startswith(signing.SECRET_PREFIX) or len(signing.standard_key(secret)) < 16:
            raise ValueError
    except ValueError:
        raise InvalidInput(loc, "Expected 'whsec_' followed by a base64 key of 16+ bytes") from None


def rotate_secret(vendor: Vendor, data: SecretRotate) -> str:
    """A new secret; the current one stays valid for ``overlap_hours``."""
    secret = data.secret or signing.generate_secret(vendor.signing_scheme)
    _check_secret(vendor.signing_scheme, secret, ["body", "secret"])
    if data.overlap_hours > 0:
        vendor.previous_secret = vendor.secret
        vendor.previous_expires_at = utcnow() + timedelta(hours=data.overlap_hours)
    else:
        vendor.previous_secret = vendor.previous_expires_at = None
    vendor.secret = secret
    return secret


async def receive(
    session: AsyncSession,
    dialect: str,
    vendor_id: uuid.UUID,
    webhook_id: str,
    body: bytes,
    source: str,
) -> tuple[uuid.UUID, bool]:
    """Store the raw delivery once per ``webhook_id``; only a new one wakes a worker.

    Returns the delivery id (the first one's for a repeat) and whether it is new."""
    delivery_id, created = await repository.store_delivery(
        session, dialect, vendor_id=vendor_id, webhook_id=webhook_id, body=body, source=source
    )
    if created:
        enqueue(session, PROCESS_JOB, str(delivery_id), job_id=str(delivery_id))
    return delivery_id, created


async def webhook_signing(db: Database, slug: str) -> repository.Signing | None:
    """How the vendor at ``slug`` signs its webhooks (None: no such vendor)."""
    if db.has_direct:
        return await db.direct(lambda conn: repository.signing_direct(conn, slug))
    async with db.autocommit() as session:
        return await repository.signing_by_slug(session, slug)


async def receive_webhook(
    db: Database, vendor_id: uuid.UUID, webhook_id: str, body: bytes
) -> tuple[uuid.UUID, bool]:
    """:func:`receive` for a verified webhook, each statement committing by itself; on
    PostgreSQL through the driver's own pool (``Database.direct``: the API's hot path)."""
    if not db.has_direct:
        async with db.autocommit() as session:
            return await receive(session, db.dialect, vendor_id, webhook_id, body, "webhook")
    delivery_id, created = await db.direct(
        lambda conn: repository.store_delivery_direct(
            conn, vendor_id=vendor_id, webhook_id=webhook_id, body=body, source="webhook"
        )
    )
    if created:
        await db.queue.send([jobs.call(PROCESS_JOB, str(delivery_id), job_id=str(delivery_id))])
    return delivery_id, created


def replay(session: AsyncSession, delivery: Delivery) -> None:
    delivery.status = "pending"
    delivery.error = None
    delivery.note = None
    delivery.processed_at = None
    # A fresh job id: arq keeps finished job ids for a while and would drop a repeat.
    enqueue(
        session,
        PROCESS_JOB,
        str(delivery.id),
        job_id=f"{delivery.id}:replay:{uuid.uuid4().hex[:8]}",
    )


async def preview(expression: str | None, payload: dict[str, Any]) -> MappingPreviewOut:
    """What a mapping makes of a sample payload (in a worker thread, on a budget); stores
    nothing."""
    try:
        if expression:
            expressions.check_expression(expression)
    except ValueError as exc:  # what saving the mapping would refuse
        return MappingPreviewOut(ok=False, errors=[PreviewError(loc=["expression"], msg=str(exc))])
    try:
        data = await mapping.to_standard_async(expression, payload)
    except mapping.MappingError as exc:
        return MappingPreviewOut(
            ok=False, errors=[PreviewError(loc=loc, msg=msg) for loc, msg in exc.errors]
        )
    scored = scoring.score(data)
    dumped = data.model_dump(mode="json")
    return MappingPreviewOut(
        ok=True,
        data=ResultPreview(
            interview_id=data.interview_id,
            candidate=dumped["candidate"],
            position=dumped["position"],
            department=dumped["department"],
            batch=dumped["batch"],
            interviewers=dumped["interviewers"],
            interviewed_at=data.interviewed_at,
            total_score=data.total_score,
            max_score=data.max_score,
            normalized_total=scored.normalized_total,
            dimensions=[
                DimensionPreview(
                    code=d.code,
                    name=d.name,
                    score=d.score,
                    max_score=d.max_score,
                    normalized=d.normalized,
                    comment=d.comment,
                )
                for d in scored.dimensions
            ],
            comment=data.comment,
            suggestions=data.suggestions,
            recommendation=data.recommendation,
            updated_at=data.updated_at,
            flags=scored.flags,
        ),
    )
