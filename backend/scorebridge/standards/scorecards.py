"""Filing results' scorecards (PostgreSQL): one narrow row of dimension scores per result,
which the what-if reads by position and interview time (see :class:`ResultScorecard`)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

COLUMNS = (
    "position_id",
    "department_id",
    "person_id",
    "interviewed_at",
    "received_at",
    "normalized_total",
    "codes",
    "scores",
)
SCORES = (
    "SELECT result_id, array_agg(code::text ORDER BY position) AS codes, "
    "array_agg(normalized ORDER BY position) AS scores "
    "FROM result_dimensions {where} GROUP BY result_id"
)
FILE = f"""
INSERT INTO result_scorecards (result_id, {", ".join(COLUMNS)})
SELECT r.id, r.position_id, r.department_id, r.person_id, r.interviewed_at, r.received_at,
       r.normalized_total, coalesce(d.codes, ARRAY[]::text[]), coalesce(d.scores, ARRAY[]::float8[])
FROM interview_results r
LEFT JOIN ({SCORES.format(where="{where_dimensions}")}) d ON d.result_id = r.id
WHERE r.position_id IS NOT NULL {{where_results}}
ON CONFLICT (result_id) DO UPDATE SET
  {", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS)}
"""  # noqa: S608 — built from this module's constants
FILE_SOME = FILE.format(
    where_dimensions="WHERE result_id = ANY(CAST(:ids AS uuid[]))",
    where_results="AND r.id = ANY(CAST(:ids AS uuid[]))",
)
FILE_ALL = FILE.format(where_dimensions="", where_results="")  # the migration's backfill
DROP_SOME = (
    "DELETE FROM result_scorecards s USING interview_results r "
    "WHERE s.result_id = r.id AND r.id = ANY(CAST(:ids AS uuid[])) AND r.position_id IS NULL"
)


async def file(session: AsyncSession, result_ids: Collection[uuid.UUID]) -> None:
    """File (or refile) the scorecards of these stored results; one without a position has none."""
    ids = list(result_ids)
    if not ids:
        return
    await session.execute(text(FILE_SOME), {"ids": ids})
    await session.execute(text(DROP_SOME), {"ids": ids})
