"""Saving standards (a new version each time, audited) and writing results' verdicts.

:func:`evaluate_results` is what storing a result calls: it evaluates the given results under
their positions' current standards with the pure :func:`scorebridge.standards.rules.evaluate`
and writes the verdicts with :func:`write_verdicts`, which takes any number of rows (a batch of
intake or an import batch as well as one result).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.kit.db import is_postgres, one_of, utcnow
from scorebridge.kit.errors import InvalidInput
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.standards import repository, scorecards
from scorebridge.standards.models import PositionStandard, ResultStandard
from scorebridge.standards.rules import Rules, Verdict, evaluate
from scorebridge.standards.schemas import StandardIn

VerdictRow = tuple[uuid.UUID, uuid.UUID, int, Verdict]  # result, position, version, verdict
WRITE_CHUNK = 4000  # 7 parameters a row: under the 32,767 both drivers allow


async def check(session: AsyncSession, draft: StandardIn, loc: Sequence[str | int]) -> Rules:
    """The rules of ``draft`` once every code is known and some weight is above 0 (else a 422
    naming the field under ``loc``)."""
    known = await repository.dimension_codes(session)
    for part in ("weights", "minimums"):
        for code in getattr(draft, part):
            if code not in known:
                raise InvalidInput(
                    [*loc, part, code],
                    f"Unknown dimension code {code!r}; known codes: {', '.join(sorted(known))}",
                )
    if not any(w > 0 for w in draft.weights.values()):
        raise InvalidInput([*loc, "weights"], "At least one weight must be above 0")
    return Rules(weights=draft.weights, pass_line=draft.pass_line, minimums=draft.minimums)


async def save(
    session: AsyncSession, caller: Caller, position_id: uuid.UUID, data: StandardIn
) -> PositionStandard:
    """A new version of the position's standard (the caller checked the position exists)."""
    await check(session, data, ["body"])
    before = await repository.current(session, position_id)
    standard = PositionStandard(
        id=uuid.uuid4(),
        position_id=position_id,
        version=(before.version if before else 0) + 1,
        weights={code: float(w) for code, w in sorted(data.weights.items())},
        pass_line=float(data.pass_line),
        minimums={code: float(m) for code, m in sorted(data.minimums.items())},
        note=data.note,
        created_at=utcnow(),
        created_by=caller.id if caller.kind == "user" else None,
        created_by_name=caller.name,
    )
    session.add(standard)
    await session.flush()
    audit.record(
        session,
        caller,
        "standard.saved",
        target_type="position",
        target_id=position_id,
        detail={
            "version": standard.version,
            "changes": changes(before, standard),
            "note": data.note,
        },
    )
    return standard


def changes(before: PositionStandard | None, after: PositionStandard) -> dict[str, Any]:
    """What a version changed: ``{field: {"from", "to"}}``, per code for weights and minimums."""
    out: dict[str, Any] = {}
    if before is None or before.pass_line != after.pass_line:
        out["pass_line"] = {"from": before.pass_line if before else None, "to": after.pass_line}
    for part in ("weights", "minimums"):
        old: dict[str, float] = dict(getattr(before, part) or {}) if before else {}
        new: dict[str, float] = dict(getattr(after, part) or {})
        diff = {
            code: {"from": old.get(code), "to": new.get(code)}
            for code in sorted(set(old) | set(new))
            if old.get(code) != new.get(code)
        }
        if diff:
            out[part] = diff
    return out


async def write_verdicts(session: AsyncSession, rows: Sequence[VerdictRow]) -> None:
    """Insert or replace the verdicts of many results (chunks of a few thousand per statement)."""
    insert = pg_insert if is_postgres(session) else sqlite_insert
    now = utcnow()
    for start in range(0, len(rows), WRITE_CHUNK):
        values = [
            {
                "result_id": result_id,
                "position_id": position_id,
                "version": version,
                "weighted_total": verdict.weighted_total,
                "passed": verdict.passed,
                "failed_rules": verdict.failed_rules,
                "evaluated_at": now,
            }
            for result_id, position_id, version, verdict in rows[start : start + WRITE_CHUNK]
        ]
        statement = insert(ResultStandard).values(values)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[ResultStandard.result_id],
                set_={k: statement.excluded[k] for k in values[0] if k != "result_id"},
            )
        )


async def evaluate_results(session: AsyncSession, result_ids: Collection[uuid.UUID]) -> int:
    """Evaluate stored results under their positions' current standards and write the verdicts;
    a result whose position has no standard loses any verdict it had. On PostgreSQL also files
    their scorecards (for the what-if). Returns how many were evaluated. Reads the results as
    flushed in ``session``."""
    ids = list(dict.fromkeys(result_ids))
    if not ids:
        return 0
    if is_postgres(session):
        await scorecards.file(session, ids)
    results = (
        await session.execute(
            select(
                InterviewResult.id, InterviewResult.position_id, InterviewResult.normalized_total
            ).where(one_of(session, InterviewResult.id, ids))
        )
    ).all()
    standards = await repository.current_of_many(
        session, {r.position_id for r in results if r.position_id is not None}
    )
    judged = [r for r in results if r.position_id in standards]
    unjudged = [r.id for r in results if r.position_id not in standards]
    if unjudged:
        await session.execute(
            delete(ResultStandard).where(one_of(session, ResultStandard.result_id, unjudged))
        )
    if not judged:
        return 0
    dimensions: dict[uuid.UUID, list[tuple[str, float]]] = defaultdict(list)
    for result_id, code, normalized in await session.execute(
        select(ResultDimension.result_id, ResultDimension.code, ResultDimension.normalized)
        .where(one_of(session, ResultDimension.result_id, [r.id for r in judged]))
        .order_by(ResultDimension.result_id, ResultDimension.position)
    ):
        dimensions[result_id].append((code, normalized))
    rules = {p: repository.rules_of(s) for p, s in standards.items()}
    rows: list[VerdictRow] = []
    for r in judged:
        position_rules = rules[r.position_id]
        verdict = evaluate(position_rules, r.normalized_total, dimensions[r.id])
        rows.append((r.id, r.position_id, position_rules.version, verdict))
    await write_verdicts(session, rows)
    return len(rows)
