"""``scorebridge reseal``: seal every stored secret again with the current key, after
``SCOREBRIDGE_SECRET_KEY`` changed (the old key listed in ``SCOREBRIDGE_PREVIOUS_SECRET_KEYS``
until this has run)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from scorebridge.intake.models import Vendor
from scorebridge.notifications.models import NotificationChannel, PushSubscription, VapidKey
from scorebridge.outbound.models import WebhookEndpoint

SEALED: list[tuple[Any, tuple[str, ...]]] = [
    (Vendor, ("secret", "previous_secret", "poll")),
    (WebhookEndpoint, ("secret",)),
    (NotificationChannel, ("config",)),
    (PushSubscription, ("auth",)),
    (VapidKey, ("private_key",)),
]


async def reseal(session: AsyncSession) -> int:
    """Rewrite every sealed column (opened with whichever key sealed it, sealed with the
    current one); returns how many rows were rewritten."""
    rows = 0
    for model, columns in SEALED:
        for row in (await session.scalars(select(model))).all():
            for column in columns:
                if getattr(row, column) is not None:
                    flag_modified(row, column)
            rows += 1
    await session.flush()
    return rows
