"""analytics: change counters kept by triggers, and saved answers

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

# What analytics reads of results and their dimensions: a change elsewhere (a comment, the
# published flag) does not move the counters.
RESULT_COLUMNS = [
    "person_id",
    "department_id",
    "position_id",
    "batch_id",
    "interviewed_at",
    "received_at",
    "normalized_total",
    "status",
]
DIMENSION_COLUMNS = ["result_id", "code", "name", "normalized"]
# When a changed row of each touches confirmed data (``{row}``: the row's name in the trigger).
CONFIRMED_RESULT = "{row}.status = 'confirmed'"
CONFIRMED_DIMENSION = (
    "EXISTS (SELECT 1 FROM interview_results r WHERE r.id = {row}.result_id "
    "AND r.status = 'confirmed')"
)
# Tables whose every change counts (for updates, of these columns).
OTHERS = {
    "performance_records": ["person_id", "period", "metric", "value"],
    "people": ["hired_on", "left_on"],
    "departments": ["code", "name", "parent_id"],
    "positions": ["code", "name"],
    "batches": ["code", "name"],
}

PG_BUMP = """
CREATE FUNCTION analysis_bump(confirmed boolean) RETURNS void LANGUAGE sql AS $$
  INSERT INTO analysis_versions (stripe, changes, confirmed_changes)
  VALUES (pg_backend_pid() % 8, 1, CASE WHEN confirmed THEN 1 ELSE 0 END)
  ON CONFLICT (stripe) DO UPDATE SET
    changes = analysis_versions.changes + 1,
    confirmed_changes = analysis_versions.confirmed_changes
      + CASE WHEN confirmed THEN 1 ELSE 0 END
$$
"""

PG_OTHERS = """
CREATE FUNCTION analysis_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analysis_bump(true);
  RETURN NULL;
END $$
"""


def _pg_rows_function(name: str, columns: list[str], confirmed: str) -> str:
    """A statement trigger over the transition tables ``old_rows``/``new_rows``: counts a
    change when rows were added or removed, or one of ``columns`` changed; and a change to
    confirmed data when such a row passes ``confirmed`` (a condition on the row ``{row}``)."""
    differs = f"({', '.join(f'o.{c}' for c in columns)}) IS DISTINCT FROM " + (
        f"({', '.join(f'n.{c}' for c in columns)})"
    )
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed boolean;
  confirmed boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    changed := EXISTS (SELECT 1 FROM new_rows);
    confirmed := EXISTS (SELECT 1 FROM new_rows t WHERE {confirmed.format(row="t")});
  ELSIF TG_OP = 'DELETE' THEN
    changed := EXISTS (SELECT 1 FROM old_rows);
    confirmed := EXISTS (SELECT 1 FROM old_rows t WHERE {confirmed.format(row="t")});
  ELSE
    changed := EXISTS (
      SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {differs});
    confirmed := changed AND EXISTS (
      SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE {differs} AND ({confirmed.format(row="o")} OR {confirmed.format(row="n")}));
  END IF;
  IF changed THEN
    PERFORM analysis_bump(confirmed);
  END IF;
  RETURN NULL;
END $$
"""  # noqa: S608 — built from this module's constants


SQLITE_BUMP = (
    "INSERT OR IGNORE INTO analysis_versions (stripe, changes, confirmed_changes) "
    "VALUES (0, 0, 0); "
    "UPDATE analysis_versions SET changes = changes + 1, "
    "confirmed_changes = confirmed_changes + ({confirmed}) WHERE stripe = 0;"
)


def _sqlite_bump(confirmed: str) -> str:
    return SQLITE_BUMP.format(confirmed=confirmed)


def upgrade() -> None:
    op.create_table(
        "analysis_versions",
        sa.Column("stripe", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("changes", sa.BigInteger(), nullable=False),
        sa.Column("confirmed_changes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("stripe", name=op.f("pk_analysis_versions")),
    )
    op.create_table(
        "analysis_answers",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("data_version", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("compute_ms", sa.Integer(), nullable=False),
        sa.Column("computed_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_analysis_answers")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgres()
    else:
        _upgrade_sqlite()


def _upgrade_postgres() -> None:
    op.execute(PG_BUMP)
    op.execute(PG_OTHERS)
    op.execute(_pg_rows_function("analysis_results_changed", RESULT_COLUMNS, CONFIRMED_RESULT))
    op.execute(
        _pg_rows_function("analysis_dimensions_changed", DIMENSION_COLUMNS, CONFIRMED_DIMENSION)
    )
    for table, function in (
        ("interview_results", "analysis_results_changed"),
        ("result_dimensions", "analysis_dimensions_changed"),
    ):
        for event, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            op.execute(
                f"CREATE TRIGGER analysis_changed_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    for table, columns in OTHERS.items():
        op.execute(
            f"CREATE TRIGGER analysis_changed AFTER INSERT OR DELETE OR UPDATE OF "
            f"{', '.join(columns)} ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION analysis_changed()"
        )


def _upgrade_sqlite() -> None:
    watched = {
        "interview_results": (RESULT_COLUMNS, CONFIRMED_RESULT),
        "result_dimensions": (DIMENSION_COLUMNS, CONFIRMED_DIMENSION),
        **{table: (columns, "1") for table, columns in OTHERS.items()},
    }
    for table, (columns, confirmed) in watched.items():
        for event, row in (("INSERT", "NEW"), ("DELETE", "OLD"), ("UPDATE", "OLD")):
            condition = confirmed.format(row=row)
            if event == "UPDATE":
                condition = f"({condition}) OR ({confirmed.format(row='NEW')})"
                event = f"UPDATE OF {', '.join(columns)}"
            name = f"analysis_changed_{table}_{event.split()[0].lower()}"
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"FOR EACH ROW BEGIN {_sqlite_bump(condition)} END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("interview_results", "result_dimensions"):
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS analysis_changed_{event} ON {table}")
        for table in OTHERS:
            op.execute(f"DROP TRIGGER IF EXISTS analysis_changed ON {table}")
        for function in (
            "analysis_results_changed()",
            "analysis_dimensions_changed()",
            "analysis_changed()",
            "analysis_bump(boolean)",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    else:
        for table in ("interview_results", "result_dimensions", *OTHERS):
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS analysis_changed_{table}_{event}")
    op.drop_table("analysis_answers")
    op.drop_table("analysis_versions")
