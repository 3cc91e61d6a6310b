"""fairness: people's sensitive attributes (kept apart), adverse-impact alerts, the watch

Revision ID: 0013
Revises: 0008
Create Date: 2026-11-28 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scorebridge.kit.db

revision: str = "0013"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_attributes",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("gender", sa.String(length=8), nullable=True),
        sa.Column("birth_year", sa.SmallInteger(), nullable=True),
        sa.Column("updated_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_attributes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_attributes")),
    )
    op.create_table(
        "fairness_alerts",
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("attribute", sa.String(length=16), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("group_key", sa.String(length=16), nullable=False),
        sa.Column("impact_ratio", sa.Float(), nullable=False),
        sa.Column("p_value", sa.Float(), nullable=False),
        sa.Column("alerted_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_fairness_alerts_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "position_id", "attribute", "basis", name=op.f("pk_fairness_alerts")
        ),
    )
    op.create_table(
        "fairness_watch",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("data_version", sa.BigInteger(), nullable=False),
        sa.Column("checked_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fairness_watch")),
    )


def downgrade() -> None:
    op.drop_table("fairness_watch")
    op.drop_table("fairness_alerts")
    op.drop_table("person_attributes")
