"""Queries for vendors and deliveries, and the dialect-specific insert-or-ignore."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Text, bindparam, or_, select, type_coerce, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.intake.models import Delivery, PersonExternalId, Vendor
from scorebridge.kit import sealing
from scorebridge.kit.db import Base, utcnow


def insert_ignoring(
    dialect: str, model: type[Base], values: dict[str, Any] | list[dict[str, Any]]
) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` of one row or many (one statement), on PostgreSQL
    and SQLite."""
    module: Any = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).values(values).on_conflict_do_nothing()


@dataclass(frozen=True)
class Signing:
    """What checking a vendor's webhook needs: read without loading the vendor, its secrets
    opened once per sealed value (a changed or resealed secret is a new value)."""

    vendor_id: uuid.UUID
    slug: str
    is_active: bool
    scheme: str
    header: str | None
    prefix: str | None
    secrets: list[str]


_SIGNING = select(
    Vendor.id,
    Vendor.is_active,
    Vendor.signing_scheme,
    Vendor.signing_header,
    Vendor.signing_prefix,
    type_coerce(Vendor.secret, Text()),  # as stored (sealed): opened through the cache
    type_coerce(Vendor.previous_secret, Text()),
    Vendor.previous_expires_at,
).where(Vendor.slug == bindparam("slug"))


@functools.lru_cache(maxsize=1024)
def _opened(keys: sealing.Sealer, stored: str) -> str:
    return sealing.unseal(stored)


async def signing_by_slug(session: AsyncSession, slug: str) -> Signing | None:
    """The webhook path's vendor lookup: one indexed row, no ORM object, no decryption."""
    row = (await session.execute(_SIGNING, {"slug": slug})).first()
    return None if row is None else _signing(slug, *row)


# The webhook path on PostgreSQL (``Database.direct``): the driver's own statements, the same
# as ``_SIGNING`` and ``store_delivery`` (a delivery's other columns are their defaults: status
# pending, no attempts yet).
_DIRECT_SIGNING = (
    "SELECT id, is_active, signing_scheme, signing_header, signing_prefix, secret,"
    " previous_secret, previous_expires_at FROM vendors WHERE slug = $1"
)
_DIRECT_STORE = (
    "INSERT INTO deliveries (id, vendor_id, webhook_id, body, source, received_at, status,"
    " attempts) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0) ON CONFLICT DO NOTHING RETURNING id"
)
_DIRECT_EXISTING = "SELECT id FROM deliveries WHERE vendor_id = $1 AND webhook_id = $2"


async def signing_direct(conn: Any, slug: str) -> Signing | None:
    row = await conn.fetchrow(_DIRECT_SIGNING, slug)
    return None if row is None else _signing(slug, *row)


async def store_delivery_direct(
    conn: Any, *, vendor_id: uuid.UUID, webhook_id: str, body: bytes, source: str
) -> tuple[uuid.UUID, bool]:
    """:func:`store_delivery` on a driver connection."""
    new_id = uuid.uuid4()
    inserted = await conn.fetchval(
        _DIRECT_STORE, new_id, vendor_id, webhook_id, body, source, utcnow()
    )
    if inserted is not None:
        return new_id, True
    existing = await conn.fetchval(_DIRECT_EXISTING, vendor_id, webhook_id)
    assert existing is not None, "conflicting delivery vanished"
    return existing, False


def _signing(
    slug: str,
    vendor_id: uuid.UUID,
    active: bool,
    scheme: str,
    header: str | None,
    prefix: str | None,
    secret: str,
    previous: str | None,
    expires: datetime | None,
) -> Signing:
    keys = sealing.sealer()
    secrets = [_opened(keys, secret)]
    if previous and expires is not None and expires > utcnow():
        secrets.append(_opened(keys, previous))
    return Signing(vendor_id, slug, active, scheme, header, prefix, secrets)


async def vendor_by_slug(session: AsyncSession, slug: str) -> Vendor | None:
    vendor: Vendor | None = await session.scalar(select(Vendor).where(Vendor.slug == slug))
    return vendor


async def store_delivery(
    session: AsyncSession,
    dialect: str,
    *,
    vendor_id: uuid.UUID,
    webhook_id: str,
    body: bytes,
    source: str,
) -> tuple[uuid.UUID, bool]:
    """Insert the raw delivery unless ``(vendor, webhook_id)`` exists: ``(id, newly_created)``."""
    new_id = uuid.uuid4()
    statement = insert_ignoring(
        dialect,
        Delivery,
        {
            "id": new_id,
            "vendor_id": vendor_id,
            "webhook_id": webhook_id,
            "body": body,
            "source": source,
        },
    ).returning(Delivery.id)
    inserted = (await session.execute(statement)).scalar_one_or_none()
    if inserted is not None:
        return inserted, True
    existing = await session.scalar(
        select(Delivery.id).where(
            Delivery.vendor_id == vendor_id, Delivery.webhook_id == webhook_id
        )
    )
    assert existing is not None, "conflicting delivery vanished"
    return existing, False


async def claim_batch(
    session: AsyncSession, dialect: str, delivery_id: uuid.UUID, size: int
) -> list[Delivery]:
    """Claim a pending delivery and up to ``size - 1`` other pending ones (oldest first) for
    processing, each with one more attempt counted; [] when none is pending or free.

    PostgreSQL locks them ``FOR UPDATE SKIP LOCKED`` (what another worker holds is skipped).
    SQLite has one writer: the claim starts with the UPDATE, which takes the write lock before
    anything is read, so a concurrent batch sees what the one before it stored."""
    pending = Delivery.status == "pending"
    if dialect == "postgresql":
        own = select(Delivery.id).where(Delivery.id == delivery_id, pending)
        others = (
            select(Delivery.id)
            .where(pending, Delivery.id != delivery_id)
            .order_by(Delivery.received_at)
            .limit(size - 1)
        )
        ids = list((await session.scalars(own.with_for_update(skip_locked=True))).all())
        ids += (await session.scalars(others.with_for_update(skip_locked=True))).all()
        if not ids:
            return []
        await session.execute(
            update(Delivery).where(Delivery.id.in_(ids)).values(attempts=Delivery.attempts + 1)
        )
    else:
        oldest = select(Delivery.id).where(pending).order_by(Delivery.received_at).limit(size - 1)
        claimed = await session.scalars(
            update(Delivery)
            .where(pending, or_(Delivery.id == delivery_id, Delivery.id.in_(oldest)))
            .values(attempts=Delivery.attempts + 1)
            .returning(Delivery.id)
        )
        ids = list(claimed.all())
        if not ids:
            return []
    rows = await session.scalars(
        select(Delivery)
        .where(Delivery.id.in_(ids))
        .order_by(Delivery.received_at, Delivery.id)
        .execution_options(populate_existing=True)
    )
    return list(rows.all())


async def pending_ids(
    session: AsyncSession, *, received_before: datetime | None, limit: int
) -> list[uuid.UUID]:
    statement = select(Delivery.id).where(Delivery.status == "pending")
    if received_before is not None:
        statement = statement.where(Delivery.received_at < received_before)
    statement = statement.order_by(Delivery.received_at).limit(limit)
    return list((await session.scalars(statement)).all())


def deliveries_of(vendor_id: uuid.UUID, status: str | None) -> Select[Delivery]:
    statement = select(Delivery).where(Delivery.vendor_id == vendor_id)
    if status:
        statement = statement.where(Delivery.status == status)
    return statement


async def person_by_external_id(
    session: AsyncSession, vendor_id: uuid.UUID, external_id: str
) -> uuid.UUID | None:
    person_id: uuid.UUID | None = await session.scalar(
        select(PersonExternalId.person_id).where(
            PersonExternalId.vendor_id == vendor_id, PersonExternalId.external_id == external_id
        )
    )
    return person_id


async def people_by_external_ids(
    session: AsyncSession, keys: set[tuple[uuid.UUID, str]]
) -> dict[tuple[uuid.UUID, str], uuid.UUID]:
    """``(vendor, external id)`` → person, for those of ``keys`` we know (one statement)."""
    rows = await session.execute(
        select(
            PersonExternalId.vendor_id, PersonExternalId.external_id, PersonExternalId.person_id
        ).where(
            PersonExternalId.vendor_id.in_({v for v, _ in keys}),
            PersonExternalId.external_id.in_({e for _, e in keys}),
        )
    )
    return {(v, e): p for v, e, p in rows if (v, e) in keys}


async def remember_external_ids(
    session: AsyncSession, dialect: str, rows: list[tuple[uuid.UUID, str, uuid.UUID]]
) -> None:
    """``remember_external_id`` for many at once (one multi-row insert)."""
    if rows:
        await session.execute(
            insert_ignoring(
                dialect,
                PersonExternalId,
                [{"vendor_id": v, "external_id": e, "person_id": p} for v, e, p in rows],
            )
        )


async def remember_external_id(
    session: AsyncSession,
    dialect: str,
    vendor_id: uuid.UUID,
    external_id: str,
    person_id: uuid.UUID,
) -> None:
    await session.execute(
        insert_ignoring(
            dialect,
            PersonExternalId,
            {"vendor_id": vendor_id, "external_id": external_id, "person_id": person_id},
        )
    )
