"""feedback: when HR was told a question is due within 4 hours (claimed once by the periodic
check, like overdue_at)

Revision ID: 0017
Revises: 0012
Create Date: 2026-11-29 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scorebridge.kit.db

revision: str = "0017"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "feedback",
        sa.Column("due_soon_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("due_soon_at")
