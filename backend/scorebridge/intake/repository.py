"""Queries for vendors and deliveries, and the dialect-specific insert-or-ignore."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.intake.models import Delivery, PersonExternalId, Vendor
from scorebridge.kit.db import Base


def insert_ignoring(dialect: str, model: type[Base], values: dict[str, Any]) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` on PostgreSQL and SQLite."""
    module: Any = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).values(**values).on_conflict_do_nothing()


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


async def claim_pending(
    session: AsyncSession, dialect: str, delivery_id: uuid.UUID
) -> Delivery | None:
    """Lock a pending delivery for processing; None when done or taken by another worker."""
    statement = select(Delivery).where(Delivery.id == delivery_id, Delivery.status == "pending")
    if dialect == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    delivery: Delivery | None = await session.scalar(statement)
    return delivery


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
