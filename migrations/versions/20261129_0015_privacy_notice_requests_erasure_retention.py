"""privacy: notice versions and acknowledgements, requests, erasures and tombstones, the
retention policy and its runs, audit permits (a sanctioned purge and pseudonymisation path
through the append-only audit trigger)

Revision ID: 0015
Revises: 0008
Create Date: 2026-11-29 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scorebridge.kit.db

revision: str = "0015"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = scorebridge.kit.db.UTCDateTime(timezone=True)
BODY_KEPT = sa.text("length(body) > 0")


def upgrade() -> None:
    op.create_table(
        "audit_permits",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("before", UTC, nullable=True),
        sa.Column("txid", sa.BigInteger(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_permits")),
    )
    op.create_table(
        "retention_runs",
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("finished_at", UTC, nullable=True),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("policy", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_runs")),
    )
    with op.batch_alter_table("retention_runs", schema=None) as batch_op:
        batch_op.create_index("ix_retention_runs_started_at_id", ["started_at", "id"], unique=False)
    op.create_table(
        "erasure_tombstones",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_erasure_tombstones_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_erasure_tombstones")),
    )
    with op.batch_alter_table("erasure_tombstones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_erasure_tombstones_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "notice_acknowledgements",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notice_acknowledgements_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_acknowledgements")),
    )
    with op.batch_alter_table("notice_acknowledgements", schema=None) as batch_op:
        batch_op.create_index("ix_notice_acknowledgements_at_id", ["at", "id"], unique=False)
        batch_op.create_index(
            "uq_notice_acknowledgements_user_id_version", ["user_id", "version"], unique=True
        )
    op.create_table(
        "privacy_notices",
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("body_zh", sa.Text(), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_privacy_notices_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_notices")),
        sa.UniqueConstraint("version", name=op.f("uq_privacy_notices_version")),
    )
    with op.batch_alter_table("privacy_notices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_privacy_notices_created_at"), ["created_at"], unique=False
        )
    op.create_table(
        "retention_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("raw_delivery_days", sa.Integer(), nullable=False),
        sa.Column("candidate_days", sa.Integer(), nullable=False),
        sa.Column("audit_days", sa.Integer(), nullable=False),
        sa.Column("notification_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_retention_policies_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_policies")),
    )
    op.create_table(
        "privacy_requests",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("requester_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("result_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("overdue_at", UTC, nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("resolved_at", UTC, nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_privacy_requests_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["users.id"],
            name=op.f("fk_privacy_requests_requester_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["users.id"],
            name=op.f("fk_privacy_requests_resolved_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["interview_results.id"],
            name=op.f("fk_privacy_requests_result_id_interview_results"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_requests")),
    )
    with op.batch_alter_table("privacy_requests", schema=None) as batch_op:
        batch_op.create_index("ix_privacy_requests_due_at_id", ["due_at", "id"], unique=False)
        batch_op.create_index(
            "ix_privacy_requests_person_id_created_at", ["person_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_privacy_requests_status_due_at", ["status", "due_at"], unique=False
        )
    op.create_table(
        "person_erasures",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("erased_at", UTC, nullable=False),
        sa.Column("erased_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["erased_by"],
            ["users.id"],
            name=op.f("fk_person_erasures_erased_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_erasures_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["privacy_requests.id"],
            name=op.f("fk_person_erasures_request_id_privacy_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_erasures")),
    )
    # Retention finds deliveries still holding a raw body (a partial index that shrinks as
    # bodies are dropped) and notifications by age.
    op.create_index(
        "ix_deliveries_received_at_body_kept",
        "deliveries",
        ["received_at"],
        unique=False,
        postgresql_where=BODY_KEPT,
        sqlite_where=BODY_KEPT,
    )
    op.create_index("ix_notifications_created_at", "notifications", ["created_at"], unique=False)
    _audit_guards_with_permits()


def downgrade() -> None:
    _audit_guards_without_permits()
    op.drop_index("ix_notifications_created_at", table_name="notifications")
    op.drop_index("ix_deliveries_received_at_body_kept", table_name="deliveries")
    op.drop_table("person_erasures")
    op.drop_table("privacy_requests")
    op.drop_table("retention_policies")
    op.drop_table("privacy_notices")
    op.drop_table("notice_acknowledgements")
    op.drop_table("erasure_tombstones")
    op.drop_table("retention_runs")
    op.drop_table("audit_permits")


# --- The audit trigger ---------------------------------------------------------------------------
# audit_events stays append-only, with two exceptions, each only inside a transaction that holds
# a permit (see scorebridge/privacy/auditing.py): purge (DELETE of rows older than the permit's
# `before` and than the 180-day floor, the Cybersecurity Law's six months) and pseudonymise
# (UPDATE of actor_name and detail only).

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.at < now() - interval '180 days'
       AND EXISTS (SELECT 1 FROM audit_permits p
                   WHERE p.kind = 'purge' AND p.txid = txid_current() AND OLD.at < p.before)
    THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE'
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND NEW.actor_kind = OLD.actor_kind
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.subject_person_id IS NOT DISTINCT FROM OLD.subject_person_id
       AND NEW.target_type IS NOT DISTINCT FROM OLD.target_type
       AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id
       AND NEW.ip IS NOT DISTINCT FROM OLD.ip
       AND EXISTS (SELECT 1 FROM audit_permits p
                   WHERE p.kind = 'pseudonymise' AND p.txid = txid_current())
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql
"""

_PG_FUNCTION_BEFORE = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit_events is append-only'; END;
$$ LANGUAGE plpgsql
"""

# SQLite keeps datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' text, which compares in time order.
_SQLITE_DELETE = """
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN OLD.at >= datetime('now', '-180 days')
  OR NOT EXISTS (SELECT 1 FROM audit_permits p WHERE p.kind = 'purge' AND OLD.at < p.before)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
"""

_SQLITE_UPDATE = """
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action
  OR NEW.actor_kind IS NOT OLD.actor_kind OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.subject_person_id IS NOT OLD.subject_person_id
  OR NEW.target_type IS NOT OLD.target_type OR NEW.target_id IS NOT OLD.target_id
  OR NEW.ip IS NOT OLD.ip
  OR NOT EXISTS (SELECT 1 FROM audit_permits p WHERE p.kind = 'pseudonymise')
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
"""


def _audit_guards_with_permits() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        return
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    op.execute(_SQLITE_DELETE)
    op.execute(_SQLITE_UPDATE)


def _audit_guards_without_permits() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION_BEFORE)
        return
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
        )
