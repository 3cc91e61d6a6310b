"""Writing validated records in batches, keyed by natural keys so a re-import changes nothing.

* people: by ``employee_no`` (given values overwrite, blank cells keep what is stored;
  ``hired_on``/``left_on`` feed the retention analysis);
* results: by the vendor ``import`` and ``interview_id`` =
  ``import:<employee_no>:<position>:<batch>:<interviewed_at>``; they are stored ``confirmed``
  and published (historical results already decided), with revision 1 as source ``import``;
  a changed score makes a new revision;
* performance: by ``(person, period, metric)``; training: by ``(person, course, completed_on)``.

New rows go in with :func:`scorebridge.kit.db.insert_rows` (COPY on PostgreSQL) and lookups use
one array parameter, so a 100,000-row file is bounded by parsing, not by round trips.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.imports.rows import PerformanceRow, PersonRow, Record, ResultRow, TrainingRow
from scorebridge.intake.models import Vendor
from scorebridge.kit.db import insert_rows, new_ids, one_of, refresh_statistics, utcnow
from scorebridge.organisation import service as organisation
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.results import scoring
from scorebridge.results.models import (
    InterviewResult,
    ResultDimension,
    ResultRevision,
    ResultStatus,
)
from scorebridge.talent.models import PerformanceRecord, TrainingRecord

IMPORT_VENDOR_SLUG = "import"

RowError = tuple[int, str, str]  # (row, column, message)
_PERSON_FIELDS = ("name", "email", "phone", "department_id", "hired_on", "left_on")
_RESULT_FIELDS = (
    "person_id", "department_id", "position_id", "batch_id", "interviewed_at", "total_score",
    "max_score", "normalized_total",
)  # fmt: skip
_NEW_RESULT_COLUMNS = (
    "id", "vendor_id", "interview_id", *_RESULT_FIELDS, "received_at", "reviewed_at",
    "created_at", "updated_at", "suggestions", "flags", "status", "revision", "published",
    "reviewed_by",
)  # fmt: skip
_DIMENSION_COLUMNS = (
    "id", "result_id", "position", "code", "name", "score", "max_score", "normalized",
)  # fmt: skip
_REVISION_COLUMNS = ("id", "result_id", "revision", "source", "created_at", "snapshot")


async def import_vendor(session: AsyncSession) -> uuid.UUID:
    """The system vendor that owns imported results (created on first use)."""
    vendor_id = await session.scalar(select(Vendor.id).where(Vendor.slug == IMPORT_VENDOR_SLUG))
    if vendor_id is not None:
        return vendor_id
    vendor = Vendor(
        id=uuid.uuid4(),
        slug=IMPORT_VENDOR_SLUG,
        name="Imported history",
        signing_scheme="standard-webhooks",
        secret="whsec_" + uuid.uuid4().hex,  # never used: nothing is sent by this vendor
        is_active=False,
    )
    try:
        async with session.begin_nested():
            session.add(vendor)
    except IntegrityError:
        existing = await session.scalar(select(Vendor.id).where(Vendor.slug == IMPORT_VENDOR_SLUG))
        assert existing is not None
        return existing
    return vendor.id


def interview_key(row: ResultRow) -> str:
    stamp = row.interviewed_at.isoformat() if row.interviewed_at else ""
    key = f"import:{row.person.employee_no}:{row.position or ''}:{row.batch or ''}:{stamp}"
    if len(key) > 128:
        key = "import:" + hashlib.sha256(key.encode()).hexdigest()
    return key


@dataclass
class _StoredResult:
    id: uuid.UUID
    revision: int
    values: dict[str, Any]
    dimensions: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Writer:
    """Writes one batch at a time for one import; caches organisation lookups between batches."""

    kind: str
    actor_id: uuid.UUID | None
    dry_run: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    _org: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)
    _vendor_id: uuid.UUID | None = None
    _ids: Iterator[uuid.UUID] = field(default_factory=new_ids)
    _written: int = 0
    _analyze_at: int = 1000  # rows written; doubles after each ANALYZE

    async def _grew(self, session: AsyncSession, rows: int, *models: Any) -> None:
        """Count written rows; refresh the planner's statistics at 1k, 2k, 4k… rows."""
        self._written += rows
        if self._written >= self._analyze_at:
            self._analyze_at = 2 * self._written
            await refresh_statistics(session, *models)

    async def write(
        self, session: AsyncSession, batch: Sequence[tuple[int, Record]]
    ) -> list[RowError]:
        """Write (or, in a dry run, only check) a batch; returns rows refused by the database
        state (e.g. an unknown employee number)."""
        if not batch:
            return []
        if self.kind == "people":
            return await self._people(session, batch)  # type: ignore[arg-type]
        if self.kind == "results":
            return await self._results(session, batch)  # type: ignore[arg-type]
        return await self._records(session, batch)

    # -- organisation and people -------------------------------------------------------------

    async def _org_id(
        self,
        session: AsyncSession,
        model: Any,
        code: str | None,
        **extra: Any,
    ) -> uuid.UUID | None:
        if not code:
            return None
        key = (model.__tablename__, code)
        if key not in self._org:
            row = await organisation.get_or_create_by_code(session, model, code, None, **extra)
            self._org[key] = row.id
        return self._org[key]

    async def _people_by_no(self, session: AsyncSession, numbers: Iterable[str]) -> dict[str, Any]:
        wanted = list(set(numbers))
        rows = await session.execute(
            select(Person.id, Person.employee_no, *(getattr(Person, f) for f in _PERSON_FIELDS))
            .where(one_of(session, Person.employee_no, wanted))
        )  # fmt: skip
        return {row.employee_no: row for row in rows}

    async def _people(
        self, session: AsyncSession, batch: Sequence[tuple[int, PersonRow]]
    ) -> list[RowError]:
        latest = {rec.employee_no: rec for _, rec in batch}
        existing = await self._people_by_no(session, latest)
        if self.dry_run:
            self.counts["people_created"] += len(latest.keys() - existing.keys())
            return []
        created = self.counts["people_created"]
        await self._ensure_people(session, latest.values(), existing, overwrite=True)
        await self._grew(session, self.counts["people_created"] - created, Person)
        return []

    async def _ensure_people(
        self,
        session: AsyncSession,
        records: Iterable[PersonRow],
        existing: dict[str, Any],
        *,
        overwrite: bool,
    ) -> dict[str, uuid.UUID]:
        """Person id per employee number, creating the missing and updating the known."""
        ids: dict[str, uuid.UUID] = {}
        new: list[tuple[Any, ...]] = []
        changed: list[dict[str, Any]] = []
        now = utcnow()
        for rec in records:
            wanted = {
                "name": rec.name,
                "email": rec.email,
                "phone": rec.phone,
                "department_id": await self._org_id(session, Department, rec.department),
                "hired_on": rec.hired_on,
                "left_on": rec.left_on,
            }
            known = existing.get(rec.employee_no)
            if known is None:
                person_id = next(self._ids)
                wanted["name"] = rec.name or rec.employee_no
                new.append((person_id, rec.employee_no, *wanted.values(), now, now))
                ids[rec.employee_no] = person_id
                continue
            ids[rec.employee_no] = known.id
            changes = {
                k: v
                for k, v in wanted.items()
                if v is not None and (overwrite or getattr(known, k) is None)
                and getattr(known, k) != v
            }  # fmt: skip
            if changes:
                changed.append({"id": known.id, **changes, "updated_at": now})
                self.counts["people_updated"] += 1
            else:
                self.counts["people_unchanged"] += 1
        await session.flush()  # organisation rows made above, before rows that refer to them
        await insert_rows(
            session, Person, ("id", "employee_no", *_PERSON_FIELDS, "created_at", "updated_at"), new
        )
        self.counts["people_created"] += len(new)
        await _update_by_id(session, Person, changed)
        return ids

    # -- results -----------------------------------------------------------------------------

    async def _stored_results(
        self, session: AsyncSession, vendor_id: uuid.UUID, keys: list[str]
    ) -> dict[str, _StoredResult]:
        rows = await session.execute(
            select(
                InterviewResult.id, InterviewResult.interview_id, InterviewResult.revision,
                *(getattr(InterviewResult, f) for f in _RESULT_FIELDS),
            ).where(
                InterviewResult.vendor_id == vendor_id,
                one_of(session, InterviewResult.interview_id, keys),
            )
        )  # fmt: skip
        stored = {
            row.interview_id: _StoredResult(
                row.id, row.revision, {f: getattr(row, f) for f in _RESULT_FIELDS}
            )
            for row in rows
        }
        if stored:
            by_id = {s.id: s for s in stored.values()}
            dimensions = await session.execute(
                select(ResultDimension.result_id, ResultDimension.code, ResultDimension.score)
                .where(one_of(session, ResultDimension.result_id, list(by_id)))
                .order_by(ResultDimension.result_id, ResultDimension.position)
            )  # fmt: skip
            for result_id, code, score in dimensions:
                by_id[result_id].dimensions.append((code, score))
        return stored

    async def _results(
        self, session: AsyncSession, batch: Sequence[tuple[int, ResultRow]]
    ) -> list[RowError]:
        if self.dry_run:
            self.counts["results_checked"] += len(batch)
            return []
        if self._vendor_id is None:
            self._vendor_id = await import_vendor(session)
        vendor_id = self._vendor_id
        people = {rec.person.employee_no: rec.person for _, rec in batch}
        existing_people = await self._people_by_no(session, people)
        person_ids = await self._ensure_people(
            session, people.values(), existing_people, overwrite=False
        )
        latest = {interview_key(rec): rec for _, rec in batch}
        stored = await self._stored_results(session, vendor_id, list(latest))
        now = utcnow()
        results: list[tuple[Any, ...]] = []
        changed: list[dict[str, Any]] = []
        dimensions: list[tuple[Any, ...]] = []
        revisions: list[tuple[Any, ...]] = []
        ids = self._ids
        for key, rec in latest.items():
            department_id = await self._org_id(session, Department, rec.person.department)
            position_id = await self._org_id(
                session, Position, rec.position, department_id=department_id
            )
            batch_id = await self._org_id(session, Batch, rec.batch, position_id=position_id)
            dims = [
                (code, score, rec.max_score, scoring.normalize(score, rec.max_score))
                for code, score in rec.dimensions
            ]
            values = {
                "person_id": person_ids[rec.person.employee_no],
                "department_id": department_id,
                "position_id": position_id,
                "batch_id": batch_id,
                "interviewed_at": rec.interviewed_at,
                "total_score": rec.total_score,
                "max_score": rec.max_score,
                "normalized_total": scoring.normalize(rec.total_score, rec.max_score),
            }
            known = stored.get(key)
            if known is None:
                result_id, revision = next(self._ids), 1
                results.append((result_id, vendor_id, key, *values.values(), now, now, now, now))
                self.counts["results_created"] += 1
            elif known.values == values and known.dimensions == [(c, s) for c, s, _, _ in dims]:
                self.counts["results_unchanged"] += 1
                continue
            else:
                result_id, revision = known.id, known.revision + 1
                changed.append({"id": result_id, **values, "revision": revision, "updated_at": now})
                self.counts["results_updated"] += 1
            dimensions.extend(
                (next(ids), result_id, position, code, code, score, max_score, normalized)
                for position, (code, score, max_score, normalized) in enumerate(dims)
            )
            snapshot = _snapshot(key, values, dims, now)
            revisions.append((next(ids), result_id, revision, "import", now, snapshot))
        await session.flush()  # organisation rows made above, before rows that refer to them
        if changed:
            await session.execute(
                delete(ResultDimension).where(
                    one_of(session, ResultDimension.result_id, [c["id"] for c in changed])
                )
            )
            await _update_by_id(session, InterviewResult, changed)
        if results:  # new results: confirmed, published history
            await insert_rows(
                session, InterviewResult, _NEW_RESULT_COLUMNS,
                [(*r, [], [], ResultStatus.confirmed, 1, True, self.actor_id) for r in results],
            )  # fmt: skip
        await insert_rows(session, ResultDimension, _DIMENSION_COLUMNS, dimensions)
        await insert_rows(session, ResultRevision, _REVISION_COLUMNS, revisions)
        await self._grew(
            session, len(results), Person, InterviewResult, ResultDimension, ResultRevision
        )
        return []

    # -- performance and training --------------------------------------------------------------

    async def _records(
        self, session: AsyncSession, batch: Sequence[tuple[int, Record]]
    ) -> list[RowError]:
        numbers = {
            rec.employee_no for _, rec in batch if isinstance(rec, PerformanceRow | TrainingRow)
        }
        known = await self._people_by_no(session, numbers)
        errors: list[RowError] = []
        keyed: dict[tuple[Any, ...], tuple[uuid.UUID, PerformanceRow | TrainingRow]] = {}
        for row, rec in batch:
            assert isinstance(rec, PerformanceRow | TrainingRow)
            person = known.get(rec.employee_no)
            if person is None:
                message = f"No person with employee number {rec.employee_no!r}; import people first"
                errors.append((row, "employee_no", message))
                continue
            key = (
                (person.id, rec.period, rec.metric)
                if isinstance(rec, PerformanceRow)
                else (person.id, rec.course, rec.completed_on)
            )
            keyed[key] = (person.id, rec)
        if self.dry_run or not keyed:
            return errors
        person_ids = list({k[0] for k in keyed})
        if self.kind == "performance":
            await self._performance(session, keyed, person_ids)
        else:
            await self._training(session, keyed, person_ids)
        return errors

    async def _performance(
        self, session: AsyncSession, keyed: dict[tuple[Any, ...], Any], person_ids: list[Any]
    ) -> None:
        await self._upsert(
            session, PerformanceRecord, keyed, person_ids, "performance",
            key=("period", "metric"), value="value",
        )  # fmt: skip

    async def _training(
        self, session: AsyncSession, keyed: dict[tuple[Any, ...], Any], person_ids: list[Any]
    ) -> None:
        await self._upsert(
            session, TrainingRecord, keyed, person_ids, "training",
            key=("course", "completed_on"), value="score",
        )  # fmt: skip

    async def _upsert(
        self,
        session: AsyncSession,
        model: type[PerformanceRecord] | type[TrainingRecord],
        keyed: dict[tuple[Any, ...], Any],
        person_ids: list[Any],
        label: str,
        *,
        key: tuple[str, str],
        value: str,
    ) -> None:
        """Insert new records, update the ``value`` of changed ones, count the unchanged."""
        columns = [getattr(model, name) for name in ("id", "person_id", *key, value)]
        stored = {
            (r.person_id, *(getattr(r, k) for k in key)): r
            for r in await session.execute(
                select(*columns).where(one_of(session, model.person_id, person_ids))
            )
        }
        now = utcnow()
        new: list[tuple[Any, ...]] = []
        changed: list[dict[str, Any]] = []
        for natural_key, (person_id, rec) in keyed.items():
            row = stored.get(natural_key)
            if row is None:
                fields = (getattr(rec, k) for k in (*key, value))
                new.append((next(self._ids), person_id, now, *fields))
                self.counts[f"{label}_created"] += 1
            elif getattr(row, value) != getattr(rec, value):
                changed.append({"id": row.id, value: getattr(rec, value)})
                self.counts[f"{label}_updated"] += 1
            else:
                self.counts[f"{label}_unchanged"] += 1
        await insert_rows(session, model, ("id", "person_id", "created_at", *key, value), new)
        await _update_by_id(session, model, changed)
        await self._grew(session, len(new), model)


async def _update_by_id(session: AsyncSession, model: Any, changes: list[dict[str, Any]]) -> None:
    """ORM bulk UPDATE by primary key, one executemany per set of changed columns."""
    by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
    for change in changes:
        by_columns.setdefault(frozenset(change), []).append(change)
    for group in by_columns.values():
        await session.execute(update(model), group)


def _snapshot(
    key: str, values: dict[str, Any], dims: list[tuple[str, float, float, float]], now: datetime
) -> dict[str, Any]:
    """Revision snapshot in the shape of :func:`scorebridge.results.service.snapshot`."""

    stamp, department, position, batch = (
        values[k] for k in ("interviewed_at", "department_id", "position_id", "batch_id")
    )
    return {
        "interview_id": key,
        "person_id": str(values["person_id"]),
        "department_id": str(department) if department else None,
        "position_id": str(position) if position else None,
        "batch_id": str(batch) if batch else None,
        "interviewer_ids": [],
        "interviewer_emails": [],
        "interviewed_at": stamp.isoformat() if stamp else None,
        "total_score": values["total_score"],
        "max_score": values["max_score"],
        "normalized_total": values["normalized_total"],
        "dimensions": [
            {"code": c, "name": c, "score": s, "max_score": m, "normalized": n, "comment": None}
            for c, s, m, n in dims
        ],
        "comment": None,
        "suggestions": [],
        "recommendation": None,
        "status": ResultStatus.confirmed,
        "published": True,
        "flags": [],
        "source_updated_at": None,
        "imported_at": now.isoformat(),
    }
