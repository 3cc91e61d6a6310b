"""Running an import: validate every row, write the valid ones in batches of 1,000 (one
transaction each, progress saved with them), audit the outcome.

A dry run does the same checks inside the request and writes nothing but its report. A real
import stores the file and runs as the job ``imports.run``; the job resumes after the last
committed batch if it is interrupted (or after a time slice, so an arq job timeout never kills
a large import), and re-running it is harmless because every write is keyed by natural keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections import Counter
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.imports import columns, reading, rows
from scorebridge.imports.models import ImportFile, ImportJob, ImportStatus
from scorebridge.imports.schemas import ImportOut
from scorebridge.imports.writing import Changes, RowError, Writer
from scorebridge.kit import events
from scorebridge.kit.collector import fewer_collections
from scorebridge.kit.db import Database, is_postgres, utcnow
from scorebridge.kit.errors import InvalidInput
from scorebridge.kit.jobs import InProcessQueue, JobContext, Retry, enqueue

logger = logging.getLogger(__name__)

RUN_JOB = "imports.run"
BATCH_ROWS = 2000
MAX_STORED_ERRORS = 1000
MAX_ATTEMPTS = 3


def parse_mapping(raw: str | None) -> dict[str, str]:
    if raw is None or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        raise InvalidInput(["body", "mapping"], "mapping must be a JSON object") from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInput(
            ["body", "mapping"], 'mapping must be {"<file header>": "<column>"} of strings'
        )
    return value


def header_of(sheet: reading.Sheet, kind: str, mapping: dict[str, str]) -> columns.Header:
    for _, cells in sheet.rows():
        return columns.read_header(kind, cells, mapping)
    raise reading.file_error("The file has no header row")


@dataclass
class Batch:
    """Up to ``BATCH_ROWS`` valid records, with what parsing them found: the rows seen (blank
    rows aside), the cell errors, and the last spreadsheet row read."""

    last_row: int
    records: list[tuple[int, rows.Record]] = field(default_factory=list)
    seen: int = 0
    issues: list[tuple[int, str | None, str]] = field(default_factory=list)


async def parse_batches(
    sheet: reading.Sheet, kind: str, header: columns.Header, zone: ZoneInfo, after_row: int
) -> AsyncGenerator[Batch, None]:
    """Parse the rows after ``after_row`` into batches; the last batch may be empty.

    Parsing yields to the event loop every few rows so that the write of the previous batch
    (waiting on the database) goes on meanwhile.
    """
    batch = Batch(last_row=after_row)
    parser = rows.RowParser(kind, header, zone)
    for number, cells in sheet.rows():
        if number <= after_row or reading.is_blank(cells):
            continue
        batch.seen += 1
        batch.last_row = number
        record, issues = parser.parse(cells)
        batch.issues.extend((number, issue.column, issue.message) for issue in issues)
        if record is not None:
            batch.records.append((number, record))
            if len(batch.records) >= BATCH_ROWS:
                yield batch
                batch = Batch(last_row=number)
        if batch.seen % 64 == 0:
            await asyncio.sleep(0)
    yield batch


class Progress:
    """Counts and errors of the rows written so far (restored when a run resumes)."""

    def __init__(self, job: ImportJob) -> None:
        resumed = job.resume_after_row > 1
        self.total = int(job.counts.get("rows_seen", 0)) if resumed else 0
        self.valid = job.valid_rows if resumed else 0
        self.processed = job.processed_rows if resumed else 0
        self.errors: list[dict[str, Any]] = list(job.errors) if resumed else []
        self.error_count = job.error_count if resumed else 0

    def add_error(self, row: int, column: str | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append({"row": row, "column": column, "message": message})

    def count(self, header: columns.Header, batch: Batch, refused: list[RowError]) -> None:
        """Count a written batch, with its cell errors and the rows the database refused."""
        self.total += batch.seen
        for row, column, message in sorted([*batch.issues, *refused], key=lambda e: e[0]):
            index = header.columns.get(column) if column else None
            label = header.labels.get(index, column) if index is not None else column
            self.add_error(row, label, message)
        self.valid += len(batch.records) - len(refused)
        self.processed += len(batch.records) - len(refused)

    def save(self, job: ImportJob, writer: Writer, *, final: bool = True) -> None:
        # While running, total_rows keeps the estimate made at upload (for the progress bar).
        job.total_rows = self.total if final else max(job.total_rows, self.total)
        job.valid_rows = self.valid
        job.processed_rows = self.processed
        job.errors = list(self.errors)
        job.error_count = self.error_count
        job.counts = {**job.counts, **dict(writer.counts), "rows_seen": self.total}


async def dry_run(
    session: AsyncSession,
    caller: Caller,
    sheet: reading.Sheet,
    job: ImportJob,
    zone: ZoneInfo,
) -> ImportJob:
    """Validate everything and write nothing but the report."""
    header = header_of(sheet, job.kind, job.mapping)
    writer = Writer(job.kind, caller.id, dry_run=True)
    progress = Progress(job)
    with fewer_collections():
        async for batch in parse_batches(sheet, job.kind, header, zone, 1):
            changes = await writer.prepare(session, batch.records)
            await writer.apply(session, changes)
            progress.count(header, batch, changes.refused)
    progress.processed = 0
    progress.save(job, writer)
    job.status = ImportStatus.succeeded
    job.started_at = job.created_at
    job.finished_at = utcnow()
    return job


async def create(
    session: AsyncSession,
    caller: Caller,
    *,
    data: bytes,
    filename: str | None,
    kind: str,
    is_dry_run: bool,
    mapping: dict[str, str],
    zone: ZoneInfo,
) -> ImportJob:
    sheet = reading.open_sheet(data)
    header_of(sheet, kind, mapping)  # a file without a usable header is refused right away
    job = ImportJob(
        id=uuid.uuid4(),
        kind=kind,
        status=ImportStatus.pending,
        dry_run=is_dry_run,
        filename=(filename or "")[:255] or None,
        file_format=sheet.file_format,
        encoding=sheet.encoding,
        size_bytes=len(data),
        mapping=mapping,
        total_rows=0,
        valid_rows=0,
        processed_rows=0,
        resume_after_row=1,
        error_count=0,
        errors=[],
        counts={},
        created_by=caller.id if caller.kind == "user" else None,
        created_by_name=caller.extras.get("email", caller.name),
        created_at=utcnow(),
    )
    session.add(job)
    if is_dry_run:
        await dry_run(session, caller, sheet, job, zone)
        await session.flush()
        return job
    job.total_rows = sheet.estimate_rows()
    await session.flush()  # the job row first: the file refers to it
    session.add(ImportFile(import_id=job.id, data=data))
    await session.flush()
    enqueue(session, RUN_JOB, str(job.id), job_id=f"import:{job.id}:1")
    return job


async def run(ctx: JobContext, import_id: uuid.UUID, token: int | None = None) -> None:
    """Run (or resume after row ``token``) a stored import; safe to run twice."""
    db = ctx.db
    zone = ZoneInfo(ctx.settings.default_timezone)
    timeout = ctx.settings.job_timeout_seconds
    budget = None if isinstance(db.queue, InProcessQueue) else timeout * 0.6
    try:
        with fewer_collections():
            await _run_slice(db, import_id, token, zone, budget, stale_after=2 * timeout)
    except Exception as exc:
        logger.exception("import %s failed", import_id)
        if await _note_failure(db, import_id, exc):
            raise Retry(reason=str(exc)) from exc


async def _claim(
    session: AsyncSession, import_id: uuid.UUID, token: int | None, stale_after: float
) -> ImportJob | None:
    """The import, marked running by this run, or None when another run holds it or it is done."""
    statement = select(ImportJob).where(ImportJob.id == import_id)
    if is_postgres(session):
        statement = statement.with_for_update()
    job = await session.scalar(statement)
    if job is None or job.status in (ImportStatus.succeeded, ImportStatus.failed):
        return None
    now = utcnow()
    if job.status == ImportStatus.running:
        continuation = token is not None and token == job.resume_after_row
        stale = job.heartbeat_at is None or (now - job.heartbeat_at).total_seconds() > stale_after
        if not (continuation or stale):
            return None
    job.status = ImportStatus.running
    job.started_at = job.started_at or now
    job.heartbeat_at = now
    return job


async def _run_slice(
    db: Database,
    import_id: uuid.UUID,
    token: int | None,
    zone: ZoneInfo,
    budget: float | None,
    *,
    stale_after: float,
) -> None:
    started = time.monotonic()
    async with db.unit_of_work() as session:
        job = await _claim(session, import_id, token, stale_after)
        if job is None:
            return
        stored = await session.get(ImportFile, import_id)
        if stored is None:
            job.status, job.failure, job.finished_at = ImportStatus.failed, "file missing", utcnow()
            return
        data, kind, mapping, after = stored.data, job.kind, dict(job.mapping), job.resume_after_row
        writer = Writer(kind, job.created_by, counts=Counter(job.counts))
        progress = Progress(job)
        session.expunge(stored)
    sheet = reading.open_sheet(data, checked=True)
    header = header_of(sheet, kind, mapping)

    async def commit(batch: Batch, changes: Changes, *, final: bool) -> None:
        async with db.unit_of_work() as session:
            await writer.apply(session, changes)
            progress.count(header, batch, changes.refused)
            job = await session.get(ImportJob, import_id)
            assert job is not None
            progress.save(job, writer, final=final)
            job.resume_after_row = batch.last_row
            job.heartbeat_at = utcnow()
            if final:
                _finish(session, job)
                await session.execute(delete(ImportFile).where(ImportFile.import_id == job.id))

    # On PostgreSQL a batch is parsed and prepared while the previous one is being written
    # (SQLite has one writer at a time: there every batch waits for the one before).
    overlap = db.dialect == "postgresql"
    writing: tuple[Batch, asyncio.Task[None]] | None = None
    try:
        batches = parse_batches(sheet, kind, header, zone, after)
        async for batch in batches:
            if writing is not None and not overlap:
                await writing[1]
            async with db.unit_of_work() as session:
                changes = await writer.prepare(session, batch.records)
            if writing is not None:
                written, task = writing
                writing = None
                await task
                if budget is not None and time.monotonic() - started > budget:
                    await batches.aclose()
                    async with db.unit_of_work() as session:  # the rest in a job of its own
                        enqueue(
                            session, RUN_JOB, str(import_id), written.last_row,
                            job_id=f"import:{import_id}:{written.last_row}",
                        )  # fmt: skip
                    return
            final = len(batch.records) < BATCH_ROWS
            writing = batch, asyncio.create_task(commit(batch, changes, final=final))
            if final:
                break
        if writing is not None:
            await writing[1]
    finally:
        if writing is not None and not writing[1].done():
            writing[1].cancel()
            with contextlib.suppress(BaseException):
                await writing[1]


def _finish(session: AsyncSession, job: ImportJob) -> None:
    job.status = ImportStatus.succeeded
    job.finished_at = utcnow()
    job.errors = sorted(job.errors, key=lambda e: e["row"])
    events.emit(session, "import.completed", {"import_id": str(job.id), "kind": job.kind})
    audit.record(
        session,
        None,
        "import.completed",
        actor_id=job.created_by,
        actor_name=job.created_by_name,
        target_type="import",
        target_id=job.id,
        detail={
            "kind": job.kind,
            "filename": job.filename,
            "total_rows": job.total_rows,
            "valid_rows": job.valid_rows,
            "processed_rows": job.processed_rows,
            "error_count": job.error_count,
            "counts": dict(job.counts),
        },
    )


async def _note_failure(db: Database, import_id: uuid.UUID, exc: BaseException) -> bool:
    """Count the failed try; returns whether to try again (else the import is failed)."""
    async with db.unit_of_work() as session:
        job = await session.get(ImportJob, import_id)
        if job is None:
            return False
        attempts = int(job.counts.get("attempts", 0)) + 1
        job.counts = {**job.counts, "attempts": attempts}
        job.failure = f"{type(exc).__name__}: {exc}"[:2000]
        job.heartbeat_at = None  # the retry may take the import over
        if attempts < MAX_ATTEMPTS:
            return True
        job.status = ImportStatus.failed
        job.finished_at = utcnow()
        await session.execute(delete(ImportFile).where(ImportFile.import_id == job.id))
        audit.record(
            session,
            None,
            "import.failed",
            actor_id=job.created_by,
            actor_name=job.created_by_name,
            target_type="import",
            target_id=job.id,
            detail={"kind": job.kind, "processed_rows": job.processed_rows, "failure": job.failure},
        )
        return False


async def writing(session: AsyncSession, within_seconds: float = 60) -> bool:
    """Whether an import is writing now: running, with a batch committed within the last
    ``within_seconds`` (so that an import whose worker died does not count for long)."""
    since = utcnow() - timedelta(seconds=within_seconds)
    running = await session.scalar(
        select(ImportJob.id)
        .where(ImportJob.status == ImportStatus.running, ImportJob.heartbeat_at >= since)
        .limit(1)
    )
    return running is not None


async def unfinished(session: AsyncSession) -> list[uuid.UUID]:
    return list(
        (
            await session.scalars(
                select(ImportJob.id).where(
                    ImportJob.status.in_([ImportStatus.pending, ImportStatus.running]),
                    ImportJob.dry_run.is_(False),
                )
            )
        ).all()
    )


def render(job: ImportJob) -> ImportOut:
    return ImportOut.model_validate(
        {
            **{k: getattr(job, k) for k in ImportOut.model_fields if k != "counts"},
            "counts": {k: v for k, v in job.counts.items() if k not in ("attempts", "rows_seen")},
        }
    )
