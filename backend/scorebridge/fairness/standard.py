"""``basis=standard``: whether a result passed its position's interview standard.

Interview standards (issue 16) are built on another branch. This module is the one place the
fairness audit depends on them, written against a minimal assumption so it can be wired at
merge:

* a position *has a standard* when a current version of it exists — :func:`standard_version`
  answers that version (an int) or None;
* each result evaluated against the standard carries ``passed`` (``results.standard.passed``
  in the API) — :func:`selected_by_standard` answers a SQL boolean expression on the
  ``interview_results`` row (a column of it, or a correlated subquery/EXISTS on the table
  where the evaluation is stored); results not evaluated count as not selected.

Until standards exist no position has one, and ``basis=standard`` answers 422 naming
``basis``.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession


async def standard_version(session: AsyncSession, position_id: uuid.UUID) -> int | None:
    """The current version of the position's standard, or None when it has none.

    To wire (issue 16): ``SELECT max(version) FROM <standards> WHERE position_id = :id``."""
    del session, position_id
    return None


def selected_by_standard() -> ColumnElement[bool]:
    """Whether an ``interview_results`` row passed its position's standard, as SQL.

    To wire (issue 16), e.g. ``InterviewResult.standard_passed.is_(True)`` or
    ``exists().where(Evaluation.result_id == InterviewResult.id, Evaluation.passed)``."""
    raise LookupError("interview standards are not available")
