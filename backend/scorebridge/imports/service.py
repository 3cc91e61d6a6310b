"""Imports: check an upload, validate every row, write the valid ones in batches of 2,000.

A dry run does the checks inside the request and writes nothing but its report. A real import
stores the file and runs as the job ``imports.run`` (see ``imports.running``: it resumes after
the last committed batch if it is interrupted, and re-running it is harmless because every
write is keyed by natural keys). Reading the file is CPU work: it runs in a worker thread, within
the limits of ``imports.limits``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncGenerator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.imports import columns, reading, rows
from scorebridge.imports.limits import Limits
from scorebridge.imports.models import ImportFile, ImportJob, ImportStatus
from scorebridge.imports.schemas import ImportOut
from scorebridge.imports.writing import RowError, Writer
from scorebridge.kit import events, messages
from scorebridge.kit.collector import fewer_collections
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import InvalidInput
from scorebridge.kit.jobs import enqueue
from scorebridge.kit.messages import Message

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
    issues: list[tuple[int, str | None, Message]] = field(default_factory=list)


def _next_batch(
    source: Iterator[tuple[int, list[Any]]], parser: rows.RowParser, after_row: int, last_row: int
) -> tuple[Batch, bool]:
    """Up to ``BATCH_ROWS`` records from ``source`` (rows after ``after_row``), and whether the
    file ended."""
    batch = Batch(last_row=last_row)
    for number, cells in source:
        if number <= after_row or reading.is_blank(cells):
            continue
        batch.seen += 1
        batch.last_row = number
        record, issues = parser.parse(cells)
        batch.issues.extend((number, issue.column, issue.message) for issue in issues)
        if record is not None:
            batch.records.append((number, record))
            if len(batch.records) >= BATCH_ROWS:
                return batch, False
    return batch, True


async def parse_batches(
    sheet: reading.Sheet, kind: str, header: columns.Header, zone: ZoneInfo, after_row: int
) -> AsyncGenerator[Batch, None]:
    """Parse the rows after ``after_row`` into batches; the last batch may be empty.

    Each batch is parsed in a worker thread: the event loop keeps serving requests, and the
    write of the previous batch (waiting on the database) goes on meanwhile.
    """
    parser = rows.RowParser(kind, header, zone)
    source = sheet.rows()
    last_row = after_row
    try:
        while True:
            batch, ended = await asyncio.to_thread(_next_batch, source, parser, after_row, last_row)
            last_row = batch.last_row
            yield batch
            if ended:
                return
    finally:
        source.close()


class Progress:
    """Counts and errors of the rows written so far (restored when a run resumes)."""

    def __init__(self, job: ImportJob) -> None:
        resumed = job.resume_after_row > 1
        self.total = int(job.counts.get("rows_seen", 0)) if resumed else 0
        self.valid = job.valid_rows if resumed else 0
        self.processed = job.processed_rows if resumed else 0
        self.errors: list[dict[str, Any]] = list(job.errors) if resumed else []
        self.error_count = job.error_count if resumed else 0

    def add_error(self, row: int, column: str | None, message: Message) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append(
                {
                    "row": row,
                    "column": column,
                    "message": message.text("en"),
                    "code": message.code,
                    "params": message.params,
                }
            )

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


def inspect(
    data: bytes, kind: str, mapping: dict[str, str], limits: Limits, is_dry_run: bool
) -> tuple[reading.Sheet, int]:
    """Recognise and check the file, read its header and (for a real import) estimate its
    rows; a file that is not usable is refused right away. CPU work: run in a thread."""
    sheet = reading.open_sheet(data, limits=limits)
    header_of(sheet, kind, mapping)
    return sheet, 0 if is_dry_run else sheet.estimate_rows()


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
    limits: Limits,
) -> ImportJob:
    sheet, estimate = await asyncio.to_thread(inspect, data, kind, mapping, limits, is_dry_run)
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
    job.total_rows = estimate
    await session.flush()  # the job row first: the file refers to it
    session.add(ImportFile(import_id=job.id, data=data))
    await session.flush()
    enqueue(session, RUN_JOB, str(job.id), job_id=f"import:{job.id}:1")
    return job


def completed(session: AsyncSession, job: ImportJob) -> None:
    """Announce and audit a finished import."""
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


# Why an import failed, in the reader's language (the details, if any, follow after a colon).
def failure_text(job: ImportJob, locale: str | None) -> str | None:
    code = f"import.failure.{job.failure_code}"
    if not job.failure_code or not messages.has(code):
        return job.failure
    text = messages.render(code, "en" if (locale or "").startswith("en") else "zh-CN")
    return f"{text}: {job.failure}" if job.failure else text


def row_error(stored: dict[str, Any], language: str | None) -> dict[str, Any]:
    """A stored row error in the reader's language (errors stored before codes keep their
    English text)."""
    code = stored.get("code")
    if not code or not messages.has(code):
        return {**stored, "code": code}
    text = Message(code, stored.get("params") or {}).text(language or messages.DEFAULT)
    return {**stored, "message": text}


def render(job: ImportJob, locale: str | None = None) -> ImportOut:
    return ImportOut.model_validate(
        {
            **{k: getattr(job, k) for k in ImportOut.model_fields if k != "counts"},
            "failure": failure_text(job, locale),
            "errors": [row_error(e, locale) for e in job.errors],
            "counts": {k: v for k, v in job.counts.items() if k not in ("attempts", "rows_seen")},
        }
    )
