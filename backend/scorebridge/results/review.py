"""Review: ``pending_review → confirmed | returned | rejected``, one at a time or all-or-nothing
in bulk. Confirming archives the result into the talent profile and publishes it to the person
(a ``result.published`` event)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.kit import events
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import Conflict, NotFound
from scorebridge.results import repository
from scorebridge.results.models import InterviewResult, ResultReview, ResultStatus

ReviewAction = Literal["confirm", "return", "reject"]

TARGET: dict[str, str] = {
    "confirm": ResultStatus.confirmed,
    "return": ResultStatus.returned,
    "reject": ResultStatus.rejected,
}
# Which states each action may start from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "confirm": frozenset({ResultStatus.pending_review}),
    "return": frozenset({ResultStatus.pending_review}),
    "reject": frozenset({ResultStatus.pending_review}),
}


async def _load_for_review(
    session: AsyncSession, caller: Caller, ids: Sequence[uuid.UUID]
) -> list[InterviewResult]:
    statement = repository.readable_by(caller).where(InterviewResult.id.in_(ids))
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        statement = statement.with_for_update()
    found = {r.id: r for r in (await session.scalars(statement)).all()}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise NotFound(f"No result with id {', '.join(missing)}", ids=missing)
    return [found[i] for i in ids]


def _check(results: list[InterviewResult], action: str) -> None:
    invalid = [r for r in results if r.status not in ALLOWED_FROM[action]]
    if invalid:
        states = ", ".join(f"{r.id} is {r.status}" for r in invalid)
        raise Conflict(
            f"Cannot {action}: {states}; only pending_review results can be reviewed",
            current_status={str(r.id): r.status for r in invalid},
        )


def mark_confirmed(session: AsyncSession, result: InterviewResult) -> None:
    """Confirmed results are archived in the talent profile and published to the person."""
    result.status = ResultStatus.confirmed
    result.mark_published()
    announce_published(session, result)


def announce_published(session: AsyncSession, result: InterviewResult) -> None:
    """The ``result.published`` event (notifications, outgoing webhooks) for a published result."""
    events.emit(
        session,
        "result.published",
        {"result_id": str(result.id), "person_id": str(result.person_id)},
    )


async def review(
    session: AsyncSession, caller: Caller, ids: Sequence[uuid.UUID], action: str, note: str | None
) -> list[InterviewResult]:
    """Apply ``action`` to every result in ``ids`` or, if any is unknown, out of scope or in
    the wrong state, to none of them."""
    unique_ids = list(dict.fromkeys(ids))
    results = await _load_for_review(session, caller, unique_ids)
    _check(results, action)
    now = utcnow()
    for result in results:
        before = result.status
        if action == "confirm":
            mark_confirmed(session, result)
        else:
            result.status = TARGET[action]
        result.reviewed_at = now
        result.reviewed_by = caller.id
        session.add(
            ResultReview(
                result_id=result.id,
                action=action,
                note=note,
                from_status=before,
                to_status=result.status,
                reviewer_id=caller.id,
                at=now,
            )
        )
        audit.record(
            session,
            caller,
            f"result.{TARGET[action]}",
            subject_person_id=result.person_id,
            target_type="result",
            target_id=result.id,
            detail={"note": note} if note else {},
        )
    await session.flush()
    return results
