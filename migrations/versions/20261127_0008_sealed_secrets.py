"""secrets sealed at rest: vendor signing keys, outgoing endpoint secrets, channel credentials

The columns become TEXT (a sealed value is longer than the secret) and the values stored so far
are sealed with the key from SCOREBRIDGE_SECRET_KEY (see scorebridge/kit/sealing.py).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 03:30:00
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from scorebridge.kit import sealing

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → (key column, [secret columns], their former length)
TEXT_SECRETS = {
    "vendors": ("id", ["secret", "previous_secret"], 256),
    "webhook_endpoints": ("id", ["secret"], 128),
}
CHANNEL_FIELDS = ("password", "secret", "api_key")


def _convert(how: Callable[[str], str]) -> None:
    """Pass every stored secret through ``how`` (seal or open)."""
    bind = op.get_bind()
    for name, (key, columns, _) in TEXT_SECRETS.items():
        table = sa.table(name, sa.column(key), *(sa.column(c, sa.Text) for c in columns))
        for row in bind.execute(sa.select(table)).mappings().all():
            values = {c: how(row[c]) for c in columns if row[c]}
            if values:
                bind.execute(table.update().where(table.c[key] == row[key]).values(**values))
    channels = sa.table("notification_channels", sa.column("kind"), sa.column("config", sa.JSON))
    for kind, config in bind.execute(sa.select(channels.c.kind, channels.c.config)).all():
        if not config:
            continue
        changed: dict[str, Any] = {
            k: how(v) if k in CHANNEL_FIELDS and isinstance(v, str) and v else v
            for k, v in config.items()
        }
        bind.execute(channels.update().where(channels.c.kind == kind).values(config=changed))


def _already_sealed(value: str) -> str:
    return value if value.startswith(sealing.PREFIX) else sealing.sealer().seal(value)


def upgrade() -> None:
    for name, (_, columns, length) in TEXT_SECRETS.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column, existing_type=sa.String(length=length), type_=sa.Text()
                )
    _convert(_already_sealed)


def downgrade() -> None:
    _convert(sealing.sealer().open)
    for name, (_, columns, length) in TEXT_SECRETS.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column, existing_type=sa.Text(), type_=sa.String(length=length)
                )
