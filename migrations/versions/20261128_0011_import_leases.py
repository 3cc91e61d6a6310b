"""imports: the lease of the run holding an import, and a failure code

A running import's run holds a lease and renews its heartbeat; the reconciler hands an import
whose heartbeat went stale to a new run. ``failure_code`` lets the answer word the failure in
the reader's language.

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-28 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("lease", sa.String(32), nullable=True))
        batch.add_column(sa.Column("failure_code", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("failure_code")
        batch.drop_column("lease")
