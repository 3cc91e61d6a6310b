"""sign-in hardening: stream tickets know their sign-in; failures are counted per address

A stream ticket minted before a sign-out must stop working, so it remembers the sign-in
(refresh-token family) that asked for it. Sign-in throttling counts failures per client address
too, which needs an index on (ip, at).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notification_stream_tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sign_in_id", sa.Uuid(), nullable=True))
    op.create_index("ix_login_failures_ip_at", "login_failures", ["ip", "at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_ip_at", table_name="login_failures")
    with op.batch_alter_table("notification_stream_tickets", schema=None) as batch_op:
        batch_op.drop_column("sign_in_id")
