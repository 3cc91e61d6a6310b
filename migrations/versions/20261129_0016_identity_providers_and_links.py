"""enterprise sign-in: identity providers (OIDC, WeCom, DingTalk; secrets sealed), the links from
a provider's account to a user, and the sign-ins under way (state, nonce, PKCE verifier)

Revision ID: 0016
Revises: 0012
Create Date: 2026-11-29 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scorebridge.kit.db

revision: str = "0016"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "identity_providers",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),  # secrets sealed (kit/sealing.py)
        sa.Column("updated_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_identity_providers_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_identity_providers")),
    )
    op.create_table(
        "identity_links",
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_identity_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_links")),
        sa.UniqueConstraint(
            "provider", "issuer", "subject", name=op.f("uq_identity_links_provider")
        ),
    )
    op.create_index(op.f("ix_identity_links_user_id"), "identity_links", ["user_id"])
    op.create_table(
        "sign_in_attempts",
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("nonce", sa.String(length=128), nullable=True),
        sa.Column("code_verifier", sa.Text(), nullable=True),
        sa.Column("next_path", sa.String(length=2000), nullable=False),
        sa.Column("expires_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("state_hash", name=op.f("pk_sign_in_attempts")),
    )
    op.create_index(op.f("ix_sign_in_attempts_expires_at"), "sign_in_attempts", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_attempts_expires_at"), table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
    op.drop_index(op.f("ix_identity_links_user_id"), table_name="identity_links")
    op.drop_table("identity_links")
    op.drop_table("identity_providers")
