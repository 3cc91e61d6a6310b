"""Running a stored import as the job ``imports.run``, and handing orphaned imports on.

A run claims the import with a lease and renews its heartbeat every
``SCOREBRIDGE_IMPORT_HEARTBEAT_SECONDS`` while it works; each batch is written in one
transaction together with the progress (``resume_after_row``), and only while the lease is still
its own. When the process dies mid-way, the heartbeat goes stale: the periodic reconciler
(``imports.reconcile``, in the API in embedded mode and in the arq worker in scaled mode) hands
the import to a new run within ``…_IMPORT_STALE_SECONDS`` + ``…_IMPORT_RECONCILE_EVERY_SECONDS``,
which resumes after the last written batch (every write is keyed by natural keys, so a batch
written twice is harmless), or fails it, saying why, when its file is gone.

In scaled mode a run also ends after a time slice (so that the arq job timeout never kills a
large import): it releases the lease and queues its continuation.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.imports import reading, service
from scorebridge.imports.limits import Limits
from scorebridge.imports.models import ImportFile, ImportJob, ImportStatus
from scorebridge.imports.writing import Changes, Writer
from scorebridge.kit.collector import fewer_collections
from scorebridge.kit.db import Database, is_postgres, utcnow
from scorebridge.kit.errors import InvalidInput
from scorebridge.kit.jobs import InProcessQueue, JobContext, Retry, enqueue
from scorebridge.settings import Settings

logger = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another run took the import over (this one was thought dead): stop without writing."""


async def run(ctx: JobContext, import_id: uuid.UUID, token: int | None = None) -> None:
    """Run (or resume after row ``token``) a stored import; safe to run twice."""
    db, settings = ctx.db, ctx.settings
    timeout = settings.job_timeout_seconds
    budget = None if isinstance(db.queue, InProcessQueue) else timeout * 0.6
    try:
        with fewer_collections():
            await _run_slice(db, settings, import_id, token, budget)
    except LeaseLost:
        logger.warning("import %s: taken over by another run, this one stops", import_id)
    except InvalidInput as problem:  # the file breaks a limit (or is damaged) past its header
        await fail(db, import_id, "file_refused", problem.detail)
    except Exception as exc:
        logger.exception("import %s failed", import_id)
        if await _note_failure(db, import_id, exc):
            raise Retry(reason=str(exc)) from exc


def _is_stale(job: ImportJob, stale_after: float) -> bool:
    return job.heartbeat_at is None or (utcnow() - job.heartbeat_at).total_seconds() > stale_after


async def _claim(
    session: AsyncSession, import_id: uuid.UUID, token: int | None, stale_after: float
) -> tuple[ImportJob, str] | None:
    """The import and this run's lease, or None when another run holds it or it is done.

    Claimable: a pending import; a running one whose heartbeat is stale (its run died); the
    continuation of a time slice (``token`` is where the slice stopped, and it let go)."""
    statement = select(ImportJob).where(ImportJob.id == import_id)
    if is_postgres(session):
        statement = statement.with_for_update()
    job = await session.scalar(statement)
    if job is None or job.status in (ImportStatus.succeeded, ImportStatus.failed):
        return None
    if job.status == ImportStatus.running:
        continuation = job.lease is None and token is not None and token == job.resume_after_row
        if not (continuation or _is_stale(job, stale_after)):
            return None
    now = utcnow()
    lease = uuid.uuid4().hex
    # Conditional on what was read: of two runs claiming at once, only one gets the row.
    claimed = await session.execute(
        update(ImportJob)
        .where(
            ImportJob.id == import_id,
            ImportJob.status == job.status,
            ImportJob.lease.is_(None) if job.lease is None else ImportJob.lease == job.lease,
        )
        .values(
            status=ImportStatus.running,
            lease=lease,
            heartbeat_at=now,
            started_at=job.started_at or now,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    await session.refresh(job)
    return job, lease


async def _keep_alive(db: Database, import_id: uuid.UUID, lease: str, every: float) -> None:
    """Renew the heartbeat while the run works; raise LeaseLost once the lease is gone."""
    while True:
        await asyncio.sleep(every)
        try:
            async with db.unit_of_work() as session:
                renewed = await session.execute(
                    update(ImportJob)
                    .where(ImportJob.id == import_id, ImportJob.lease == lease)
                    .values(heartbeat_at=utcnow())
                )
        except Exception:  # a busy or lost connection: the next beat tries again
            logger.warning("import %s: heartbeat not written", import_id, exc_info=True)
            continue
        if renewed.rowcount != 1:  # type: ignore[attr-defined]
            raise LeaseLost


async def _held(session: AsyncSession, import_id: uuid.UUID, lease: str) -> ImportJob:
    """The import, locked for this transaction, if this run still holds it."""
    statement = select(ImportJob).where(ImportJob.id == import_id)
    if is_postgres(session):
        statement = statement.with_for_update()
    job = await session.scalar(statement)
    if job is None or job.lease != lease:
        raise LeaseLost
    return job


async def _run_slice(
    db: Database,
    settings: Settings,
    import_id: uuid.UUID,
    token: int | None,
    budget: float | None,
) -> None:
    started = time.monotonic()
    async with db.unit_of_work() as session:
        claimed = await _claim(session, import_id, token, settings.import_stale_seconds)
        if claimed is None:
            return
        job, lease = claimed
        stored = await session.get(ImportFile, import_id)
        if stored is not None:
            data, kind, mapping = stored.data, job.kind, dict(job.mapping)
            after = job.resume_after_row
            writer = Writer(kind, job.created_by, counts=Counter(job.counts))
            progress = service.Progress(job)
            session.expunge(stored)
    if stored is None:
        await fail(db, import_id, "file_missing", None)
        return
    beat = asyncio.create_task(_keep_alive(db, import_id, lease, settings.import_heartbeat_seconds))
    work = asyncio.create_task(
        _write(db, import_id, lease, data, kind, mapping, after, writer, progress,
               ZoneInfo(settings.default_timezone), Limits.of(settings), started, budget)
    )  # fmt: skip
    try:
        await asyncio.wait({beat, work}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (work, beat):  # the heartbeat ends with the work; lost lease: work stops
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    if not work.cancelled() and work.exception() is None:
        return
    if not beat.cancelled() and beat.exception() is not None:
        raise beat.exception()  # type: ignore[misc]
    work.result()  # its exception


async def _write(
    db: Database,
    import_id: uuid.UUID,
    lease: str,
    data: bytes,
    kind: str,
    mapping: dict[str, str],
    after: int,
    writer: Writer,
    progress: service.Progress,
    zone: ZoneInfo,
    limits: Limits,
    started: float,
    budget: float | None,
) -> None:
    sheet = await asyncio.to_thread(reading.open_sheet, data, checked=True, limits=limits)
    header = await asyncio.to_thread(service.header_of, sheet, kind, mapping)

    async def commit(batch: service.Batch, changes: Changes, *, final: bool) -> None:
        async with db.unit_of_work() as session:
            job = await _held(session, import_id, lease)
            await writer.apply(session, changes)
            progress.count(header, batch, changes.refused)
            progress.save(job, writer, final=final)
            job.resume_after_row = batch.last_row
            job.heartbeat_at = utcnow()
            if final:
                _finish(session, job)
                await session.execute(delete(ImportFile).where(ImportFile.import_id == job.id))

    # On PostgreSQL a batch is parsed and prepared while the previous one is being written
    # (SQLite has one writer at a time: there every batch waits for the one before).
    overlap = db.dialect == "postgresql"
    writing: tuple[service.Batch, asyncio.Task[None]] | None = None
    try:
        batches = service.parse_batches(sheet, kind, header, zone, after)
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
                    await _hand_over(db, import_id, lease, written.last_row)
                    return
            final = len(batch.records) < service.BATCH_ROWS
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


async def _hand_over(db: Database, import_id: uuid.UUID, lease: str, last_row: int) -> None:
    """End this time slice: let go of the import and queue the rest as a job of its own."""
    async with db.unit_of_work() as session:
        job = await _held(session, import_id, lease)
        job.lease = None
        job.heartbeat_at = utcnow()  # the continuation is due: not stale yet
        enqueue(session, service.RUN_JOB, str(import_id), last_row,
                job_id=f"import:{import_id}:{last_row}")  # fmt: skip


def _finish(session: AsyncSession, job: ImportJob) -> None:
    job.status = ImportStatus.succeeded
    job.lease = None
    job.finished_at = utcnow()
    job.errors = sorted(job.errors, key=lambda e: e["row"])
    service.completed(session, job)


async def fail(db: Database, import_id: uuid.UUID, code: str, detail: str | None) -> None:
    """Fail the import for good, saying why (``code`` is worded in the reader's language)."""
    async with db.unit_of_work() as session:
        job = await session.get(ImportJob, import_id)
        if job is None or job.status in (ImportStatus.succeeded, ImportStatus.failed):
            return
        _failed(session, job, code, detail)
        await session.execute(delete(ImportFile).where(ImportFile.import_id == job.id))


def _failed(session: AsyncSession, job: ImportJob, code: str, detail: str | None) -> None:
    job.status = ImportStatus.failed
    job.lease = None
    job.failure_code = code
    job.failure = detail[:2000] if detail else None
    job.finished_at = utcnow()
    session.add(job)
    audit.record(
        session,
        None,
        "import.failed",
        actor_id=job.created_by,
        actor_name=job.created_by_name,
        target_type="import",
        target_id=job.id,
        detail={"kind": job.kind, "processed_rows": job.processed_rows, "failure": code,
                "detail": job.failure},
    )  # fmt: skip


async def _note_failure(db: Database, import_id: uuid.UUID, exc: BaseException) -> bool:
    """Count the failed try; returns whether to try again (else the import is failed)."""
    async with db.unit_of_work() as session:
        job = await session.get(ImportJob, import_id)
        if job is None or job.status in (ImportStatus.succeeded, ImportStatus.failed):
            return False
        attempts = int(job.counts.get("attempts", 0)) + 1
        job.counts = {**job.counts, "attempts": attempts}
        job.failure = f"{type(exc).__name__}: {exc}"[:2000]
        job.lease = None  # the retry may take the import over
        job.heartbeat_at = None
        if attempts < service.MAX_ATTEMPTS:
            return True
        _failed(session, job, "gave_up", job.failure)
        await session.execute(delete(ImportFile).where(ImportFile.import_id == job.id))
        return False


async def orphaned(session: AsyncSession, stale_after: float) -> list[tuple[uuid.UUID, str]]:
    """Imports no live run holds: pending or running with a heartbeat older than
    ``stale_after`` (or none), with a job id per orphaning (the same while nothing changed)."""
    since = utcnow() - timedelta(seconds=stale_after)
    rows = await session.execute(
        select(ImportJob.id, ImportJob.heartbeat_at, ImportJob.created_at).where(
            ImportJob.status.in_([ImportStatus.pending, ImportStatus.running]),
            ImportJob.dry_run.is_(False),
            or_(
                ImportJob.heartbeat_at < since,
                ImportJob.heartbeat_at.is_(None) & (ImportJob.created_at < since),
            ),
        )
    )
    return [
        (import_id, f"{(beat or created).timestamp():.6f}") for import_id, beat, created in rows
    ]


async def reconcile(ctx: JobContext) -> int:
    """Queue a run for every orphaned import (it resumes it, or fails it when its file is
    gone); returns how many."""
    async with ctx.db.unit_of_work() as session:
        found = await orphaned(session, ctx.settings.import_stale_seconds)
        for import_id, stamp in found:
            enqueue(session, service.RUN_JOB, str(import_id),
                    job_id=f"import:{import_id}:recover:{stamp}")  # fmt: skip
    return len(found)
