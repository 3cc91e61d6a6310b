"""interview standards and analysis reports: versioned standards per position, each result's
verdict under its position's standard (result_standards, queried by position and passed), the
runs re-evaluating earlier results, results' scorecards (their scores in one row, filed on
PostgreSQL for the what-if; filed here for the results already stored) and the quarterly
analysis packs

Revision ID: 0012
Revises: 0008
Create Date: 2026-11-29 11:17:53.110827
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import scorebridge.kit.db
from scorebridge.standards import scorecards

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analysis_reports",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("automatic_key", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("xlsx", sa.LargeBinary(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_analysis_reports_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_analysis_reports_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_reports")),
        sa.UniqueConstraint("automatic_key", name=op.f("uq_analysis_reports_automatic_key")),
    )
    with op.batch_alter_table("analysis_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_analysis_reports_created_at_id", ["created_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_analysis_reports_department_id"), ["department_id"], unique=False
        )

    op.create_table(
        "position_standards",
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("pass_line", sa.Float(), nullable=False),
        sa.Column("minimums", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_by_name", sa.String(length=320), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_position_standards_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_position_standards_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position_standards")),
    )
    with op.batch_alter_table("position_standards", schema=None) as batch_op:
        batch_op.create_index(
            "uq_position_standards_position_id_version", ["position_id", "version"], unique=True
        )

    op.create_table(
        "standard_applications",
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("resume_after_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resume_after", sa.Uuid(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_standard_applications_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_standard_applications_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_applications")),
    )
    with op.batch_alter_table("standard_applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_standard_applications_position_id_created_at",
            ["position_id", "created_at"],
            unique=False,
        )

    op.create_table(
        "result_standards",
        sa.Column("result_id", sa.Uuid(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("weighted_total", sa.Float(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("failed_rules", sa.JSON(), nullable=False),
        sa.Column("evaluated_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_result_standards_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["interview_results.id"],
            name=op.f("fk_result_standards_result_id_interview_results"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("result_id", name=op.f("pk_result_standards")),
    )
    with op.batch_alter_table("result_standards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_result_standards_position_id_passed", ["position_id", "passed"], unique=False
        )
        batch_op.create_index(
            "ix_result_standards_weighted_total_result_id",
            ["weighted_total", "result_id"],
            unique=False,
        )

    op.create_table(
        "result_scorecards",
        sa.Column("result_id", sa.Uuid(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("interviewed_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_at", scorebridge.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("normalized_total", sa.Float(), nullable=False),
        sa.Column(
            "codes",
            sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "scores",
            sa.JSON().with_variant(postgresql.ARRAY(sa.Float()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_result_scorecards_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["interview_results.id"],
            name=op.f("fk_result_scorecards_result_id_interview_results"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("result_id", name=op.f("pk_result_scorecards")),
    )
    with op.batch_alter_table("result_scorecards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_result_scorecards_position_id_interviewed_at",
            ["position_id", "interviewed_at"],
            unique=False,
        )
    if op.get_bind().dialect.name == "postgresql":  # the what-if reads them there only
        op.execute(scorecards.FILE_ALL)


def downgrade() -> None:
    with op.batch_alter_table("result_scorecards", schema=None) as batch_op:
        batch_op.drop_index("ix_result_scorecards_position_id_interviewed_at")
    op.drop_table("result_scorecards")
    with op.batch_alter_table("result_standards", schema=None) as batch_op:
        batch_op.drop_index("ix_result_standards_weighted_total_result_id")
        batch_op.drop_index("ix_result_standards_position_id_passed")

    op.drop_table("result_standards")
    with op.batch_alter_table("standard_applications", schema=None) as batch_op:
        batch_op.drop_index("ix_standard_applications_position_id_created_at")

    op.drop_table("standard_applications")
    with op.batch_alter_table("position_standards", schema=None) as batch_op:
        batch_op.drop_index("uq_position_standards_position_id_version")

    op.drop_table("position_standards")
    with op.batch_alter_table("analysis_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_reports_department_id"))
        batch_op.drop_index("ix_analysis_reports_created_at_id")

    op.drop_table("analysis_reports")
