"""Writing validated records in batches, keyed by natural keys so a re-import changes nothing.

* people: by ``employee_no`` (given values overwrite, blank cells keep what is stored;
  ``hired_on``/``left_on`` feed the retention analysis; ``gender``/``birth_year`` go to the
  fairness domain's table of their own);
* results: by the vendor ``import`` and ``interview_id`` =
  ``import:<employee_no>:<position>:<batch>:<interviewed_at>``; they are stored ``confirmed``
  and published (historical results already decided), with revision 1 as source ``import``;
  a changed score makes a new revision;
* performance: by ``(person, period, metric)``; training: by ``(person, course, completed_on)``.

New rows go in with :func:`scorebridge.kit.db.insert_rows` (COPY on PostgreSQL) and lookups use
one array parameter; each batch is worked out while the previous one is being written.
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

from scorebridge.fairness.attributes import INSERT_COLUMNS, AttributeImport
from scorebridge.fairness.models import PersonAttributes
from scorebridge.imports.rows import PerformanceRow, PersonRow, Record, ResultRow, TrainingRow
from scorebridge.intake.models import Vendor
from scorebridge.kit.db import Growth, JSONText, insert_rows, new_ids, one_of, to_json, utcnow
from scorebridge.kit.messages import Message
from scorebridge.organisation import service as organisation
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.results import scoring
from scorebridge.results.models import (
    InterviewResult,
    ResultDimension,
    ResultRevision,
    ResultStatus,
)
from scorebridge.standards import service as standards
from scorebridge.talent.models import PerformanceRecord, TrainingRecord

IMPORT_VENDOR_SLUG = "import"

RowError = tuple[int, str, Message]  # (row, column, message)
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
_NONE = JSONText("[]")  # no suggestions, no flags


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
class Changes:
    """What one batch writes, worked out by :meth:`Writer.prepare` (reads only) and written by
    :meth:`Writer.apply` in the batch's transaction."""

    refused: list[RowError] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    inserts: list[tuple[Any, tuple[str, ...], list[tuple[Any, ...]]]] = field(default_factory=list)
    updates: list[tuple[Any, list[dict[str, Any]]]] = field(default_factory=list)
    replaced_dimensions: list[uuid.UUID] = field(default_factory=list)
    results_written: list[uuid.UUID] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(len(records) for _, _, records in self.inserts)


@dataclass
class Writer:
    """Works out and writes the batches of one import, one after the other.

    ``prepare`` of the next batch runs while ``apply`` of the previous one is still writing, so
    it cannot see that batch's rows in the database: everything this import has written or is
    writing is remembered here (people, results and records by natural key), and the database
    is asked only about keys this import has not met yet.
    """

    kind: str
    actor_id: uuid.UUID | None
    dry_run: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    _org: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)
    _vendor_id: uuid.UUID | None = None
    _people: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # id + _PERSON_FIELDS
    _results: dict[str, tuple[uuid.UUID, int, int]] = field(default_factory=dict)  # id, rev, digest
    _records: dict[tuple[Any, ...], tuple[uuid.UUID, Any]] = field(default_factory=dict)
    _ids: Iterator[uuid.UUID] = field(default_factory=new_ids)
    _growth: Growth = field(default_factory=Growth)
    _attributes: AttributeImport = field(default_factory=AttributeImport)

    async def prepare(self, session: AsyncSession, batch: Sequence[tuple[int, Record]]) -> Changes:
        """Check a batch against the database and work out its writes. Reads only, except
        that departments, positions and batches named for the first time are created (and
        committed with ``session``) so that the batch can refer to them."""
        changes = Changes()
        if not batch:
            return changes
        if self.kind == "people":
            await self._prepare_people(session, batch, changes)  # type: ignore[arg-type]
        elif self.kind == "results":
            await self._prepare_results(session, batch, changes)  # type: ignore[arg-type]
        else:
            await self._prepare_records(session, batch, changes)
        return changes

    async def apply(self, session: AsyncSession, changes: Changes) -> None:
        """Write a prepared batch in ``session``'s transaction."""
        self.counts.update(changes.counts)
        if self.dry_run:
            return
        if changes.replaced_dimensions:
            await session.execute(
                delete(ResultDimension).where(
                    one_of(session, ResultDimension.result_id, changes.replaced_dimensions)
                )
            )
        for model, rows in changes.updates:
            await _update_by_id(session, model, rows)
        for model, columns, records in changes.inserts:
            await insert_rows(session, model, columns, records)
            await self._growth.wrote(session, model, len(records))
        await standards.evaluate_results(session, changes.results_written)

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
            if self.dry_run:  # nothing is created: a placeholder stands for a new code
                found = await session.scalar(select(model.id).where(model.code == code))
                self._org[key] = found or uuid.uuid4()
            else:
                row = await organisation.get_or_create_by_code(session, model, code, None, **extra)
                self._org[key] = row.id
        return self._org[key]

    async def _meet_people(self, session: AsyncSession, numbers: Iterable[str]) -> None:
        """Remember the stored state of people this import has not met yet."""
        wanted = [n for n in set(numbers) if n not in self._people]
        if not wanted:
            return
        rows = await session.execute(
            select(Person.employee_no, Person.id, *(getattr(Person, f) for f in _PERSON_FIELDS))
            .where(one_of(session, Person.employee_no, wanted))
        )  # fmt: skip
        for number, *state in rows:
            self._people[number] = tuple(state)

    async def _prepare_people(
        self, session: AsyncSession, batch: Sequence[tuple[int, PersonRow]], changes: Changes
    ) -> None:
        latest = {rec.employee_no: rec for _, rec in batch}
        ids = await self._people_changes(session, latest.values(), changes, overwrite=True)
        inserts, updates, counts = await self._attributes.changes(
            session,
            ((ids[rec.employee_no], rec.gender, rec.birth_year) for rec in latest.values()),
        )
        changes.inserts.append((PersonAttributes, INSERT_COLUMNS, inserts))
        changes.updates.append((PersonAttributes, updates))
        changes.counts.update({k: v for k, v in counts.items() if v})

    async def _people_changes(
        self,
        session: AsyncSession,
        records: Iterable[PersonRow],
        changes: Changes,
        *,
        overwrite: bool,
    ) -> dict[str, uuid.UUID]:
        """Person id per employee number, creating the missing and updating the known."""
        records = list(records)
        await self._meet_people(session, (rec.employee_no for rec in records))
        ids: dict[str, uuid.UUID] = {}
        new: list[tuple[Any, ...]] = []
        changed: list[dict[str, Any]] = []
        now = utcnow()
        for rec in records:
            wanted = (
                rec.name,
                rec.email,
                rec.phone,
                await self._org_id(session, Department, rec.department),
                rec.hired_on,
                rec.left_on,
            )
            known = self._people.get(rec.employee_no)
            if known is None:
                person_id = next(self._ids)
                state = (person_id, rec.name or rec.employee_no, *wanted[1:])
                new.append((rec.employee_no, *state, now, now))
                self._people[rec.employee_no] = state
                ids[rec.employee_no] = person_id
                continue
            ids[rec.employee_no] = known[0]
            update_ = {
                name: value
                for name, value, stored in zip(_PERSON_FIELDS, wanted, known[1:], strict=True)
                if value is not None and (overwrite or stored is None) and stored != value
            }
            if update_:
                changed.append({"id": known[0], **update_, "updated_at": now})
                self._people[rec.employee_no] = (
                    known[0],
                    *(update_.get(n, v) for n, v in zip(_PERSON_FIELDS, known[1:], strict=True)),
                )
                changes.counts["people_updated"] += 1
            else:
                changes.counts["people_unchanged"] += 1
        changes.counts["people_created"] += len(new)
        changes.inserts.append(
            (Person, ("employee_no", "id", *_PERSON_FIELDS, "created_at", "updated_at"), new)
        )
        changes.updates.append((Person, changed))
        return ids

    # -- results -----------------------------------------------------------------------------

    async def _meet_results(
        self, session: AsyncSession, vendor_id: uuid.UUID, keys: Iterable[str]
    ) -> None:
        """Remember id, revision and content digest of stored results not met yet."""
        wanted = [k for k in keys if k not in self._results]
        if not wanted:
            return
        rows = (
            await session.execute(
                select(
                    InterviewResult.id, InterviewResult.interview_id, InterviewResult.revision,
                    *(getattr(InterviewResult, f) for f in _RESULT_FIELDS),
                ).where(
                    InterviewResult.vendor_id == vendor_id,
                    one_of(session, InterviewResult.interview_id, wanted),
                )
            )
        ).all()  # fmt: skip
        if not rows:
            return
        dimensions: dict[uuid.UUID, list[tuple[str, float]]] = {row.id: [] for row in rows}
        for result_id, code, score in await session.execute(
            select(ResultDimension.result_id, ResultDimension.code, ResultDimension.score)
            .where(one_of(session, ResultDimension.result_id, list(dimensions)))
            .order_by(ResultDimension.result_id, ResultDimension.position)
        ):  # fmt: skip
            dimensions[result_id].append((code, score))
        for row in rows:
            values = tuple(getattr(row, f) for f in _RESULT_FIELDS)
            digest = hash((values, tuple(dimensions[row.id])))
            self._results[row.interview_id] = (row.id, row.revision, digest)

    async def _prepare_results(
        self, session: AsyncSession, batch: Sequence[tuple[int, ResultRow]], changes: Changes
    ) -> None:
        if self.dry_run:
            changes.counts["results_checked"] += len(batch)
            return
        if self._vendor_id is None:
            self._vendor_id = await import_vendor(session)
        vendor_id = self._vendor_id
        people = {rec.person.employee_no: rec.person for _, rec in batch}
        person_ids = await self._people_changes(session, people.values(), changes, overwrite=False)
        latest = {interview_key(rec): rec for _, rec in batch}
        await self._meet_results(session, vendor_id, latest)
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
            values = (
                person_ids[rec.person.employee_no],
                department_id,
                position_id,
                batch_id,
                rec.interviewed_at,
                rec.total_score,
                rec.max_score,
                scoring.normalize(rec.total_score, rec.max_score),
            )
            digest = hash((values, tuple((c, s) for c, s, _, _ in dims)))
            known = self._results.get(key)
            if known is None:
                result_id, revision = next(ids), 1
                results.append(
                    (result_id, vendor_id, key, *values, now, now, now, now, _NONE, _NONE,
                     ResultStatus.confirmed, 1, True, self.actor_id)
                )  # fmt: skip
                changes.counts["results_created"] += 1
            elif known[2] == digest:
                changes.counts["results_unchanged"] += 1
                continue
            else:
                result_id, revision = known[0], known[1] + 1
                changed.append(
                    {"id": result_id, **dict(zip(_RESULT_FIELDS, values, strict=True)),
                     "revision": revision, "updated_at": now}
                )  # fmt: skip
                changes.counts["results_updated"] += 1
            self._results[key] = (result_id, revision, digest)
            dimensions.extend(
                (next(ids), result_id, position, code, code, score, max_score, normalized)
                for position, (code, score, max_score, normalized) in enumerate(dims)
            )
            snapshot = _snapshot(key, values, dims, now)
            revisions.append((next(ids), result_id, revision, "import", now, snapshot))
        changes.replaced_dimensions = [c["id"] for c in changed]
        changes.results_written = [r[0] for r in results] + changes.replaced_dimensions
        changes.updates.append((InterviewResult, changed))
        changes.inserts += [
            (InterviewResult, _NEW_RESULT_COLUMNS, results),
            (ResultDimension, _DIMENSION_COLUMNS, dimensions),
            (ResultRevision, _REVISION_COLUMNS, revisions),
        ]

    # -- performance and training --------------------------------------------------------------

    async def _prepare_records(
        self, session: AsyncSession, batch: Sequence[tuple[int, Record]], changes: Changes
    ) -> None:
        model: type[PerformanceRecord] | type[TrainingRecord]
        if self.kind == "performance":
            model, key, value = PerformanceRecord, ("period", "metric"), "value"
        else:
            model, key, value = TrainingRecord, ("course", "completed_on"), "score"
        numbers = {
            rec.employee_no for _, rec in batch if isinstance(rec, PerformanceRow | TrainingRow)
        }
        await self._meet_people(session, numbers)
        keyed: dict[tuple[Any, ...], PerformanceRow | TrainingRow] = {}
        for row, rec in batch:
            assert isinstance(rec, PerformanceRow | TrainingRow)
            person = self._people.get(rec.employee_no)
            if person is None:
                message = Message("import.no-person", {"employee_no": repr(rec.employee_no)})
                changes.refused.append((row, "employee_no", message))
                continue
            keyed[(person[0], *(getattr(rec, k) for k in key))] = rec
        if self.dry_run or not keyed:
            return
        unmet = list({k[0] for k in keyed if k not in self._records})
        if unmet:
            columns = [getattr(model, n) for n in ("person_id", *key, "id", value)]
            for person_id, *natural, record_id, stored in await session.execute(
                select(*columns).where(one_of(session, model.person_id, unmet))
            ):
                self._records.setdefault((person_id, *natural), (record_id, stored))
        label = "performance" if model is PerformanceRecord else "training"
        now = utcnow()
        new: list[tuple[Any, ...]] = []
        changed: list[dict[str, Any]] = []
        for natural_key, rec in keyed.items():
            known = self._records.get(natural_key)
            wanted = getattr(rec, value)
            if known is None:
                record_id = next(self._ids)
                new.append((record_id, *natural_key, wanted, now))
                self._records[natural_key] = (record_id, wanted)
                changes.counts[f"{label}_created"] += 1
            elif known[1] != wanted:
                changed.append({"id": known[0], value: wanted})
                self._records[natural_key] = (known[0], wanted)
                changes.counts[f"{label}_updated"] += 1
            else:
                changes.counts[f"{label}_unchanged"] += 1
        changes.inserts.append((model, ("id", "person_id", *key, value, "created_at"), new))
        changes.updates.append((model, changed))


async def _update_by_id(session: AsyncSession, model: Any, changes: list[dict[str, Any]]) -> None:
    """ORM bulk UPDATE by primary key, one executemany per set of changed columns."""
    by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
    for change in changes:
        by_columns.setdefault(frozenset(change), []).append(change)
    for group in by_columns.values():
        await session.execute(update(model), group)


def _snapshot(
    key: str, values: tuple[Any, ...], dims: list[tuple[str, float, float, float]], now: datetime
) -> JSONText:
    """Revision snapshot in the shape of :func:`scorebridge.results.service.snapshot`, written
    as JSON text directly (a third of the cost of building and encoding a dictionary per row):
    the strings are encoded, the ids and times need no escaping and the scores are finite.
    ``values`` are the result's ``_RESULT_FIELDS``, in that order."""
    person, department, position, batch, stamp, total, max_score, normalized = values
    when = f'"{stamp.isoformat()}"' if stamp else "null"
    ids = [f'"{v}"' if v else "null" for v in (person, department, position, batch)]
    dimensions = ",".join(
        f'{{"code":{code},"name":{code},"score":{s!r},"max_score":{m!r},'
        f'"normalized":{n!r},"comment":null}}'
        for code, s, m, n in ((to_json(c), s, m, n) for c, s, m, n in dims)
    )
    return JSONText(
        f'{{"interview_id":{to_json(key)},"person_id":{ids[0]},"department_id":{ids[1]},'
        f'"position_id":{ids[2]},"batch_id":{ids[3]},"interviewer_ids":[],'
        f'"interviewer_emails":[],'
        f'"interviewed_at":{when},'
        f'"total_score":{total!r},"max_score":{max_score!r},'
        f'"normalized_total":{normalized!r},"dimensions":[{dimensions}],'
        f'"comment":null,"suggestions":[],"recommendation":null,'
        f'"status":"{ResultStatus.confirmed}","published":true,"flags":[],'
        f'"source_updated_at":null,"imported_at":"{now.isoformat()}"}}'
    )
