"""seal vendor poll headers and channel URLs; remember what was published to each person

* Vendor poll headers and the URLs of notification channels (a robot's key rides in them)
  stored so far in clear are sealed with the key from SCOREBRIDGE_SECRET_KEY (see
  scorebridge/kit/sealing.py); the downgrade opens them again.
* ``interview_results.published_revision`` / ``published_at``: the revision last published to
  the person and when (results/published.py); filled in for results published now.

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-28 09:00:00
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import scorebridge.kit.db
from scorebridge.kit import sealing

revision: str = "0010"
down_revision: str | None = "0013"
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
    # Plain ADD/DROP COLUMN (SQLite 3.35+ too): a batch copy of the table would trip over the
    # analysis triggers that name it (migration 0007).
    op.add_column("interview_results", sa.Column("published_revision", sa.Integer()))
    op.add_column(
        "interview_results",
        sa.Column("published_at", scorebridge.kit.db.UTCDateTime(timezone=True)),
    )
    results = sa.table(
        "interview_results",
        sa.column("published", sa.Boolean),
        sa.column("revision", sa.Integer),
        sa.column("published_revision", sa.Integer),
        sa.column("published_at", scorebridge.kit.db.UTCDateTime(timezone=True)),
        sa.column("reviewed_at", scorebridge.kit.db.UTCDateTime(timezone=True)),
        sa.column("received_at", scorebridge.kit.db.UTCDateTime(timezone=True)),
    )
    op.execute(
        results.update()
        .where(results.c.published.is_(True))
        .values(
            published_revision=results.c.revision,
            published_at=sa.func.coalesce(results.c.reviewed_at, results.c.received_at),
        )
    )


def downgrade() -> None:
    for column in ("published_at", "published_revision"):
        op.execute(f"ALTER TABLE interview_results DROP COLUMN {column}")
    _convert(sealing.sealer().open)
