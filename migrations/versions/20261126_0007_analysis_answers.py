"""analytics: a change counter kept by triggers, and saved answers

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scorebridge.kit.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = scorebridge.kit.db.UTCDateTime(timezone=True)

# The tables analytics reads, and (for updates) the columns whose change alters an answer.
WATCHED = {
    "interview_results": [
        "person_id",
        "department_id",
        "position_id",
        "batch_id",
        "interviewed_at",
        "received_at",
        "normalized_total",
        "status",
    ],
    "result_dimensions": ["result_id", "code", "name", "normalized"],
    "performance_records": ["person_id", "period", "metric", "value"],
    "people": ["hired_on", "left_on"],
    "departments": ["code", "name", "parent_id"],
    "positions": ["code", "name"],
    "batches": ["code", "name"],
}

PG_FUNCTION = """
CREATE FUNCTION analysis_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analysis_versions (stripe, version) VALUES (pg_backend_pid() % 8, 1)
  ON CONFLICT (stripe) DO UPDATE SET version = analysis_versions.version + 1;
  RETURN NULL;
END $$
"""

SQLITE_BUMP = (
    "INSERT OR IGNORE INTO analysis_versions (stripe, version) VALUES (0, 0); "
    "UPDATE analysis_versions SET version = version + 1 WHERE stripe = 0;"
)


def upgrade() -> None:
    op.create_table(
        "analysis_versions",
        sa.Column("stripe", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("stripe", name=op.f("pk_analysis_versions")),
    )
    op.create_table(
        "analysis_answers",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("data_version", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("compute_ms", sa.Integer(), nullable=False),
        sa.Column("computed_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_analysis_answers")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table, columns in WATCHED.items():
            op.execute(
                f"CREATE TRIGGER analysis_changed AFTER INSERT OR DELETE OR UPDATE OF "
                f"{', '.join(columns)} ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION analysis_changed()"
            )
        return
    for table, columns in WATCHED.items():
        for event in ("INSERT", "DELETE", f"UPDATE OF {', '.join(columns)}"):
            name = f"analysis_changed_{table}_{event.split()[0].lower()}"
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"FOR EACH ROW BEGIN {SQLITE_BUMP} END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS analysis_changed ON {table}")
        op.execute("DROP FUNCTION IF EXISTS analysis_changed()")
    else:
        for table in WATCHED:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS analysis_changed_{table}_{event}")
    op.drop_table("analysis_answers")
    op.drop_table("analysis_versions")
