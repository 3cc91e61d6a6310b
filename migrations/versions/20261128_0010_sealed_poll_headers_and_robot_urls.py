"""seal vendor poll headers and the URLs of notification channels (a robot's key rides in them)

Values stored so far in clear are sealed with the key from SCOREBRIDGE_SECRET_KEY (see
scorebridge/kit/sealing.py); the downgrade opens them again. No schema change.

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-28 09:00:00
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from scorebridge.kit import sealing

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL_URL_FIELDS = ("webhook_url", "url")


def _convert(how: Callable[[str], str]) -> None:
    bind = op.get_bind()
    vendors = sa.table("vendors", sa.column("id"), sa.column("poll", sa.JSON))
    for vendor_id, poll in bind.execute(sa.select(vendors.c.id, vendors.c.poll)).all():
        if not poll or not poll.get("headers"):
            continue
        headers = {k: how(v) if isinstance(v, str) and v else v for k, v in poll["headers"].items()}
        bind.execute(
            vendors.update()
            .where(vendors.c.id == vendor_id)
            .values(poll={**poll, "headers": headers})
        )
    channels = sa.table("notification_channels", sa.column("kind"), sa.column("config", sa.JSON))
    for kind, config in bind.execute(sa.select(channels.c.kind, channels.c.config)).all():
        if not config:
            continue
        changed: dict[str, Any] = {
            k: how(v) if k in CHANNEL_URL_FIELDS and isinstance(v, str) and v else v
            for k, v in config.items()
        }
        bind.execute(channels.update().where(channels.c.kind == kind).values(config=changed))


def _seal(value: str) -> str:
    return value if value.startswith(sealing.PREFIX) else sealing.sealer().seal(value)


def upgrade() -> None:
    _convert(_seal)


def downgrade() -> None:
    _convert(sealing.sealer().open)
