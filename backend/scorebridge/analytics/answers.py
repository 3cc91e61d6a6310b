"""Saved answers: an analytics answer is computed once per state of the data it reads.

The question's key hashes the endpoint, its parameters, the departments the caller may see
(not who the caller is: two HR users share answers) and the app's version. The data version
(:mod:`scorebridge.analytics.models`; of confirmed data for a question about confirmed results)
is read first, in the request's own transaction, and the answer is saved under it: when the
version is unchanged on the next ask, no change has been committed since it was read, so the
saved answer is exactly what a new computation would give.
A client that sends ``Cache-Control: no-cache`` gets a fresh computation. Every answer says
how it was served in an RFC 9211 ``Cache-Status`` header.

An answer that was slow to compute (over ``SLOW_MS``: a large organisation's) may be served
after the data changed, for up to ``analytics_max_stale_seconds`` after it was computed (or
the request's ``Cache-Control: max-stale=N``, if less), marked ``detail=stale`` with an ``Age``
header: HR confirming results all day would otherwise wait for every card to be computed again
after each confirmation, while ``analytics.prepare`` computes the dashboard again anyway. An
answer that is quick to compute is never served stale.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge import __version__
from scorebridge.analytics.models import AnalysisVersion, SavedAnswer
from scorebridge.analytics.queries import Filters, visible_departments
from scorebridge.auth.caller import Caller
from scorebridge.kit.db import Database, is_postgres, utcnow

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
CACHE = "ScoreBridge"
CONFIRMED, ALL = "confirmed", "all"
SLOW_MS = 250  # answers that took longer may be served stale (see above)


@dataclasses.dataclass(frozen=True)
class Served(Generic[M]):
    """An answer, how it was served (a ``Cache-Status`` value) and, when stale, its age."""

    result: M
    status: str
    stale_seconds: int | None = None


async def data_version(session: AsyncSession, series: str = ALL) -> int:
    """The version of the data an answer about ``series`` reads: every change (``all``) or
    the changes to confirmed results and what else analytics reads (``confirmed``)."""
    counter = AnalysisVersion.confirmed_changes if series == CONFIRMED else AnalysisVersion.changes
    total = await session.scalar(select(func.coalesce(func.sum(counter), 0)))
    return int(total or 0)


def series_of(params: Mapping[str, Any]) -> str:
    """``confirmed`` for a question about confirmed results only (the default), else ``all``."""
    filters = params.get("f")
    return CONFIRMED if isinstance(filters, Filters) and filters.status == CONFIRMED else ALL


def question_key(question: str, caller: Caller, params: Mapping[str, Any]) -> str:
    visible = visible_departments(caller)
    identity = {
        "app": __version__,
        "question": question,
        "scope": None if visible is None else sorted(str(d) for d in visible),
        "params": {
            k: dataclasses.asdict(v)
            if dataclasses.is_dataclass(v) and not isinstance(v, type)
            else v
            for k, v in params.items()
        },
    }
    text = json.dumps(identity, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


Question = Callable[..., Awaitable[M]]


async def answer(
    session: AsyncSession,
    database: Database,
    caller: Caller,
    question: Question[M],
    model: type[M],
    params: Mapping[str, Any],
    *,
    fresh: bool = False,
    max_stale: float = 0,
) -> Served[M]:
    """``question(session, caller, **params)``: the saved answer when the data has not changed
    since it was computed (and ``fresh`` is false), or a slow one at most ``max_stale`` seconds
    old; else the answer computed now, then saved."""
    name = question.__name__
    key = question_key(name, caller, params)
    series = series_of(params)
    version = await data_version(session, series)
    if not fresh:
        saved = (
            await session.execute(
                select(
                    SavedAnswer.body,
                    SavedAnswer.data_version,
                    SavedAnswer.compute_ms,
                    SavedAnswer.computed_at,
                ).where(SavedAnswer.key == key)
            )
        ).first()
        if saved is not None and saved.data_version == version:
            return Served(model.model_validate_json(saved.body), f"{CACHE}; hit")
        if saved is not None and saved.compute_ms > SLOW_MS:
            age = (utcnow() - saved.computed_at).total_seconds()
            if 0 <= age <= max_stale:
                body = model.model_validate_json(saved.body)
                return Served(body, f"{CACHE}; hit; detail=stale", int(age))
    started = time.perf_counter()
    result = await question(session, caller, **params)
    elapsed_ms = int((time.perf_counter() - started) * 1000)
    await _save(database, key, name, series, version, result.model_dump_json(), elapsed_ms)
    return Served(result, f"{CACHE}; fwd={'request' if fresh else 'miss'}; stored")


async def _save(
    database: Database,
    key: str,
    question: str,
    series: str,
    version: int,
    body: str,
    compute_ms: int,
) -> None:
    """Best effort, in a unit of work of its own: an answer that cannot be saved (a locked
    SQLite file, say) is still returned."""
    values = {
        "key": key,
        "question": question,
        "series": series,
        "data_version": version,
        "body": body,
        "compute_ms": compute_ms,
        "computed_at": utcnow(),
    }
    try:
        async with database.unit_of_work() as session:
            insert = pg_insert if is_postgres(session) else sqlite_insert
            statement = insert(SavedAnswer).values(values)
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=[SavedAnswer.key],
                    set_={k: statement.excluded[k] for k in values if k != "key"},
                    where=SavedAnswer.data_version <= statement.excluded.data_version,
                )
            )
    except Exception:  # the answer is served either way
        logger.warning("analytics: could not save the answer to %s", question, exc_info=True)


async def forget_all(session: AsyncSession) -> None:
    """Delete every saved answer (at start-up: the code computing them may have changed)."""
    await session.execute(delete(SavedAnswer))


async def forget_outdated(session: AsyncSession, max_stale: float = 0) -> int:
    """Delete the answers computed at an older data version that can no longer be served
    (those computed more than ``max_stale`` seconds ago)."""
    forgotten = 0
    before = utcnow() - timedelta(seconds=max_stale)
    for series in (CONFIRMED, ALL):
        version = await data_version(session, series)
        outcome = await session.execute(
            delete(SavedAnswer).where(
                SavedAnswer.series == series,
                SavedAnswer.data_version < version,
                SavedAnswer.computed_at < before,
            )
        )
        forgotten += int(getattr(outcome, "rowcount", 0) or 0)
    return forgotten
