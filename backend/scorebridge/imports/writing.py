"""Writing validated records in batches, keyed by natural keys so a re-import changes nothing.

* people: by ``employee_no`` (given values overwrite, blank cells keep what is stored);
* results: by the vendor ``import`` and ``interview_id`` =
  ``import:<employee_no>:<position>:<batch>:<interviewed_at>``; they are stored ``confirmed``
  and published (historical results already decided), with revision 1 as source ``import``;
  a changed score makes a new revision;
* performance: by ``(person, period, metric)``; training: by ``(person, course, completed_on)``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.imports.rows import PerformanceRow, PersonRow, Record, ResultRow, TrainingRow
from scorebridge.intake.models import Vendor
from scorebridge.kit.db import utcnow
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
class Writer:
    """Writes one batch at a time for one import; caches organisation lookups between batches."""

    kind: str
    actor_id: uuid.UUID | None
    dry_run: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    _org: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)
    _vendor_id: uuid.UUID | None = None

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
        found: dict[str, Any] = {}
        for start in range(0, len(wanted), 1000):
            rows = await session.execute(
                select(
                    Person.id, Person.employee_no, Person.name, Person.email, Person.phone,
                    Person.department_id,
                ).where(Person.employee_no.in_(wanted[start : start + 1000]))
            )  # fmt: skip
            for row in rows:
                found[row.employee_no] = row
        return found

    async def _people(
        self, session: AsyncSession, batch: Sequence[tuple[int, PersonRow]]
    ) -> list[RowError]:
        latest = {rec.employee_no: rec for _, rec in batch}
        existing = await self._people_by_no(session, latest)
        if self.dry_run:
            self.counts["people_created"] += len(latest.keys() - existing.keys())
            return []
        await self._ensure_people(session, latest.values(), existing, overwrite=True)
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
        new: list[dict[str, Any]] = []
        now = utcnow()
        for rec in records:
            department_id = await self._org_id(session, Department, rec.department)
            known = existing.get(rec.employee_no)
            if known is None:
                person_id = uuid.uuid4()
                new.append(
                    {
                        "id": person_id,
                        "employee_no": rec.employee_no,
                        "name": rec.name or rec.employee_no,
                        "email": rec.email,
                        "phone": rec.phone,
                        "department_id": department_id,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                ids[rec.employee_no] = person_id
                continue
            ids[rec.employee_no] = known.id
            wanted = {
                "name": rec.name,
                "email": rec.email,
                "phone": rec.phone,
                "department_id": department_id,
            }
            changes = {
                k: v
                for k, v in wanted.items()
                if v is not None and (overwrite or getattr(known, k) is None)
                and getattr(known, k) != v
            }  # fmt: skip
            if changes:
                person = await session.get(Person, known.id)
                assert person is not None
                for k, v in changes.items():
                    setattr(person, k, v)
                self.counts["people_updated"] += 1
            else:
                self.counts["people_unchanged"] += 1
        if new:
            await session.execute(insert(Person), new)
            self.counts["people_created"] += len(new)
        await session.flush()
        return ids

    # -- results -----------------------------------------------------------------------------

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
        current = {
            row.interview_id: row
            for row in (
                await session.scalars(
                    select(InterviewResult).where(
                        InterviewResult.vendor_id == vendor_id,
                        InterviewResult.interview_id.in_(list(latest)),
                    )
                )
            ).all()
        }
        now = utcnow()
        results: list[dict[str, Any]] = []
        dimensions: list[dict[str, Any]] = []
        revisions: list[dict[str, Any]] = []
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
            known = current.get(key)
            if known is None:
                result_id = uuid.uuid4()
                revision = 1
                results.append(
                    {
                        "id": result_id,
                        "vendor_id": vendor_id,
                        "interview_id": key,
                        **values,
                        "comment": None,
                        "suggestions": [],
                        "recommendation": None,
                        "status": ResultStatus.confirmed,
                        "revision": 1,
                        "published": True,
                        "flags": [],
                        "received_at": now,
                        "reviewed_at": now,
                        "reviewed_by": self.actor_id,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                self.counts["results_created"] += 1
            else:
                old_dims = (
                    await session.execute(
                        select(ResultDimension.code, ResultDimension.score)
                        .where(ResultDimension.result_id == known.id)
                        .order_by(ResultDimension.position)
                    )
                ).all()
                same = all(getattr(known, k) == v for k, v in values.items()) and [
                    (c, s) for c, s in old_dims
                ] == [(c, s) for c, s, _, _ in dims]
                if same:
                    self.counts["results_unchanged"] += 1
                    continue
                for k, v in values.items():
                    setattr(known, k, v)
                known.revision += 1
                known.updated_at = now
                result_id, revision = known.id, known.revision
                await session.execute(
                    delete(ResultDimension).where(ResultDimension.result_id == known.id)
                )
                self.counts["results_updated"] += 1
            for position, (code, score, max_score, normalized) in enumerate(dims):
                dimensions.append(
                    {
                        "id": uuid.uuid4(),
                        "result_id": result_id,
                        "position": position,
                        "code": code,
                        "name": code,
                        "score": score,
                        "max_score": max_score,
                        "normalized": normalized,
                        "comment": None,
                    }
                )
            revisions.append(
                {
                    "id": uuid.uuid4(),
                    "result_id": result_id,
                    "revision": revision,
                    "source": "import",
                    "delivery_id": None,
                    "created_at": now,
                    "snapshot": _snapshot(key, values, dims, now),
                }
            )
        await session.flush()
        if results:
            await session.execute(insert(InterviewResult), results)
        if dimensions:
            await session.execute(insert(ResultDimension), dimensions)
        if revisions:
            await session.execute(insert(ResultRevision), revisions)
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
            key=lambda r: (r.person_id, r.period, r.metric), value="value",
            fields=lambda rec: {"period": rec.period, "metric": rec.metric, "value": rec.value},
        )  # fmt: skip

    async def _training(
        self, session: AsyncSession, keyed: dict[tuple[Any, ...], Any], person_ids: list[Any]
    ) -> None:
        await self._upsert(
            session, TrainingRecord, keyed, person_ids, "training",
            key=lambda r: (r.person_id, r.course, r.completed_on), value="score",
            fields=lambda rec: {
                "course": rec.course, "completed_on": rec.completed_on, "score": rec.score
            },
        )  # fmt: skip

    async def _upsert(
        self,
        session: AsyncSession,
        model: type[PerformanceRecord] | type[TrainingRecord],
        keyed: dict[tuple[Any, ...], Any],
        person_ids: list[Any],
        label: str,
        *,
        key: Callable[[Any], tuple[Any, ...]],
        value: str,
        fields: Callable[[Any], dict[str, Any]],
    ) -> None:
        """Insert new records, update the ``value`` of changed ones, count the unchanged."""
        stored = {
            key(r): r
            for r in (
                await session.scalars(select(model).where(model.person_id.in_(person_ids)))
            ).all()
        }
        now = utcnow()
        new = []
        for natural_key, (person_id, rec) in keyed.items():
            row = stored.get(natural_key)
            if row is None:
                new.append(
                    {"id": uuid.uuid4(), "person_id": person_id, "created_at": now, **fields(rec)}
                )
                self.counts[f"{label}_created"] += 1
            elif getattr(row, value) != getattr(rec, value):
                setattr(row, value, getattr(rec, value))
                self.counts[f"{label}_updated"] += 1
            else:
                self.counts[f"{label}_unchanged"] += 1
        await session.flush()
        if new:
            await session.execute(insert(model), new)


def _snapshot(
    key: str, values: dict[str, Any], dims: list[tuple[str, float, float, float]], now: datetime
) -> dict[str, Any]:
    """Revision snapshot in the shape of :func:`scorebridge.results.service.snapshot`."""

    def ref(value: Any) -> str | None:
        return str(value) if value is not None else None

    stamp = values["interviewed_at"]
    return {
        "interview_id": key,
        "person_id": ref(values["person_id"]),
        "department_id": ref(values["department_id"]),
        "position_id": ref(values["position_id"]),
        "batch_id": ref(values["batch_id"]),
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
