"""Re-evaluating every earlier result of a position under its current standard (``apply``).

The results are read as a stream in the order they were written, a batch at a time, so memory
stays flat however many results the position has; each batch is evaluated and written in a
transaction of its own and the run's progress is committed after it. On PostgreSQL a batch is
one INSERT … SELECT … ON CONFLICT that evaluates the rules in the database — the same
arithmetic as :func:`scorebridge.standards.rules.evaluate` (the tests hold the two together);
elsewhere each batch goes through :func:`scorebridge.standards.service.evaluate_results`.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.kit.db import Database, utcnow
from scorebridge.results.models import InterviewResult
from scorebridge.standards import repository, service
from scorebridge.standards.models import ApplicationStatus, ResultStandard, StandardApplication
from scorebridge.standards.rules import Rules

logger = logging.getLogger(__name__)

Key = tuple[datetime, uuid.UUID]  # (received_at, id): the order results were written in
BATCH = 50_000
SQLITE_BATCH = 5_000  # evaluated through an IN list: under SQLite's 32,766 parameters

# One batch on PostgreSQL. ``rules`` holds each named code's weight (0 when it only has a
# minimum) and minimum (null without one); each result's dimensions are summed in a LATERAL
# subquery — looked up by the result_id index, so a batch reads only its own scores.
EVALUATE_SQL = """
WITH rules (code, weight, minimum) AS (
  SELECT * FROM unnest(CAST(:codes AS text[]), CAST(:weights AS float8[]),
                       CAST(:minimums AS float8[]))
), judged AS (
  SELECT r.id,
         coalesce(dims.numerator / nullif(dims.denominator, 0), r.normalized_total) AS weighted,
         dims.below
  FROM interview_results r
  CROSS JOIN LATERAL (
    SELECT sum(ru.weight * d.normalized) AS numerator,
           sum(ru.weight) AS denominator,
           array_agg(DISTINCT ('minimum:' || d.code) COLLATE "C"
                     ORDER BY ('minimum:' || d.code) COLLATE "C")
             FILTER (WHERE d.normalized < ru.minimum) AS below
    FROM result_dimensions d JOIN rules ru ON ru.code = d.code
    WHERE d.result_id = r.id
  ) dims
  WHERE r.position_id = CAST(:position AS uuid)
    AND (r.received_at, r.id) >= (CAST(:first_at AS timestamptz), CAST(:first AS uuid))
    AND (r.received_at, r.id) <= (CAST(:last_at AS timestamptz), CAST(:last AS uuid))
)
INSERT INTO result_standards
  (result_id, position_id, version, weighted_total, passed, failed_rules, evaluated_at)
SELECT id, CAST(:position AS uuid), :version, weighted,
       weighted >= :pass_line AND below IS NULL,
       to_json(CASE WHEN weighted < :pass_line THEN ARRAY['pass_line'] ELSE ARRAY[]::text[] END
               || coalesce(below, ARRAY[]::text[])),
       now()
FROM judged
ON CONFLICT (result_id) DO UPDATE SET
  position_id = EXCLUDED.position_id, version = EXCLUDED.version,
  weighted_total = EXCLUDED.weighted_total, passed = EXCLUDED.passed,
  failed_rules = EXCLUDED.failed_rules, evaluated_at = EXCLUDED.evaluated_at
"""


def rule_arrays(rules: Rules) -> dict[str, Any]:
    codes = sorted(rules.codes())
    return {
        "codes": codes,
        "weights": [float(rules.weights.get(c, 0.0)) for c in codes],
        "minimums": [rules.minimums.get(c) for c in codes],
    }


async def evaluate_batch_sql(
    session: AsyncSession, position_id: uuid.UUID, rules: Rules, keys: list[Key]
) -> None:
    """Evaluate the position's results from ``keys[0]`` to ``keys[-1]`` (a run of the stream
    in ``(received_at, id)`` order: a range of that index, read in the order the rows and their
    dimensions were written, not a list to match)."""
    await session.execute(text("SET LOCAL jit = off"))  # compiling costs more than it saves
    await session.execute(
        text(EVALUATE_SQL),
        {
            **rule_arrays(rules),
            "first_at": keys[0][0],
            "first": keys[0][1],
            "last_at": keys[-1][0],
            "last": keys[-1][1],
            "position": position_id,
            "version": rules.version,
            "pass_line": float(rules.pass_line),
        },
    )


async def _batches(
    db: Database, position_id: uuid.UUID, after: Key | None
) -> AsyncIterator[list[Key]]:
    """``(received_at, id)`` of the position's results after ``after``, in that order — the
    order they were written in, so each batch reads neighbouring pages — a batch at a time:
    streamed from a server-side cursor on PostgreSQL (flat memory); page by page elsewhere
    (SQLite holds one writer at a time)."""
    r = InterviewResult
    of_position = (
        select(r.received_at, r.id)
        .where(r.position_id == position_id)
        .order_by(r.received_at, r.id)
    )
    if db.dialect == "postgresql":
        if after is not None:
            of_position = of_position.where(tuple_(r.received_at, r.id) > tuple_(*after))
        async with db.engine.connect() as connection:
            stream = await connection.stream(of_position.execution_options(yield_per=BATCH))
            async for partition in stream.partitions(BATCH):
                yield [(row[0], row[1]) for row in partition]
        return
    while True:
        page = of_position.limit(SQLITE_BATCH)
        if after is not None:
            page = page.where(
                or_(r.received_at > after[0], and_(r.received_at == after[0], r.id > after[1]))
            )
        async with db.sessionmaker() as session:
            keys = [(row[0], row[1]) for row in await session.execute(page)]
        if not keys:
            return
        yield keys
        after = keys[-1]


async def start(session: AsyncSession, application: StandardApplication) -> Rules | None:
    """Mark a run started (or taken up again); None when the position has lost its standard."""
    standard = await repository.current(session, application.position_id)
    if standard is None:
        application.status = ApplicationStatus.failed
        application.error = "The position has no standard"
        application.finished_at = utcnow()
        return None
    if application.status == ApplicationStatus.pending:
        application.status = ApplicationStatus.running
        application.started_at = utcnow()
        application.processed = 0
        application.total = int(
            await session.scalar(
                select(func.count()).where(InterviewResult.position_id == application.position_id)
            )
            or 0
        )
    application.version = standard.version
    return repository.rules_of(standard)


async def run(db: Database, application_id: uuid.UUID, budget: float | None = None) -> bool:
    """Work on one application for up to ``budget`` seconds (None: to the end). Returns True
    when it stopped early: the caller queues it again and the next run continues after the
    last result done. Safe to run twice: verdicts are replaced, not added."""
    async with db.unit_of_work() as session:
        application = await session.get(StandardApplication, application_id)
        if application is None or application.status not in ApplicationStatus.active:
            return False
        position_id = application.position_id
        after: Key | None = None
        if application.resume_after is not None and application.resume_after_at is not None:
            after = (application.resume_after_at, application.resume_after)
        rules = await start(session, application)
        if rules is None:
            return False
        processed = application.processed
    started = time.monotonic()
    try:
        async for keys in _batches(db, position_id, after):
            async with db.unit_of_work() as session:
                if db.dialect == "postgresql":
                    await evaluate_batch_sql(session, position_id, rules, keys)
                else:
                    await service.evaluate_results(session, [k[1] for k in keys])
                processed += len(keys)
                await _progress(session, application_id, processed, keys[-1])
            if budget is not None and time.monotonic() - started > budget:
                return True
        async with db.unit_of_work() as session:
            await _forget_moved(session, position_id)
            application = await session.get(StandardApplication, application_id)
            assert application is not None
            application.status = ApplicationStatus.succeeded
            application.total = processed
            application.finished_at = utcnow()
    except Exception as exc:
        logger.exception("standards: applying to position %s failed", position_id)
        async with db.unit_of_work() as session:
            application = await session.get(StandardApplication, application_id)
            if application is not None:
                application.status = ApplicationStatus.failed
                application.error = f"{type(exc).__name__}: {exc}"[:2000]
                application.finished_at = utcnow()
    return False


async def _progress(
    session: AsyncSession, application_id: uuid.UUID, processed: int, last: Key
) -> None:
    application = await session.get(StandardApplication, application_id)
    if application is not None:
        application.processed = processed
        application.total = max(application.total, processed)
        application.resume_after_at, application.resume_after = last


async def _forget_moved(session: AsyncSession, position_id: uuid.UUID) -> None:
    """Verdicts of results that have since moved to another position go."""
    r = InterviewResult
    await session.execute(
        delete(ResultStandard).where(
            ResultStandard.position_id == position_id,
            ~exists().where(and_(r.id == ResultStandard.result_id, r.position_id == position_id)),
        )
    )
