"""An import whose process died mid-way is handed on by the periodic reconciler: resumed after
its last written batch (no row twice), or failed, saying why, when its file is gone."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from conftest import App
from imports.support import csv_bytes, import_and_wait, upload
from scorebridge.imports import running, service
from scorebridge.imports.models import ImportFile, ImportJob, ImportStatus
from scorebridge.imports.writing import Writer
from scorebridge.kit import jobs
from scorebridge.kit.db import utcnow
from scorebridge.organisation.models import Person
from scorebridge.settings import Settings

ROWS = [["工号", "姓名"]] + [[f"R{i}", f"人{i}"] for i in range(8)]


def test_the_reconciler_runs_often_enough_to_recover_within_a_minute() -> None:
    task = jobs.registered()["imports.reconcile"]
    defaults = Settings()
    assert task.every_seconds is not None
    assert defaults.import_stale_seconds + task.every_seconds <= 60
    assert defaults.import_stale_seconds >= 2 * defaults.import_heartbeat_seconds


async def _dead_import(app: App, *, with_file: bool, **fields: Any) -> uuid.UUID:
    """What a killed process leaves behind: running, holding a lease nobody renews."""
    import_id = uuid.uuid4()
    async with app.db.unit_of_work() as session:
        values: dict[str, Any] = {
            "id": import_id, "kind": "people", "status": ImportStatus.running, "dry_run": False,
            "filename": "people.csv", "file_format": "csv", "encoding": "utf-8",
            "mapping": {}, "total_rows": 8, "errors": [], "counts": {},
            "created_by_name": "hr@corp.example", "created_at": utcnow() - timedelta(minutes=3),
            "started_at": utcnow() - timedelta(minutes=3), "lease": "killed-process",
            "heartbeat_at": utcnow() - timedelta(seconds=app.settings.import_stale_seconds + 5),
        }  # fmt: skip
        values.update(fields)
        session.add(ImportJob(**values))
        await session.flush()
        if with_file:
            session.add(ImportFile(import_id=import_id, data=csv_bytes(ROWS)))
    return import_id


async def _reconcile(app: App) -> int:
    found = await running.reconcile(jobs.JobContext(db=app.db, settings=app.settings))
    await app.run_jobs()
    return found


async def _job(app: App, import_id: uuid.UUID, headers: dict[str, str]) -> dict[str, Any]:
    response = await app.client.get(f"/api/v1/imports/{import_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_killed_import_is_resumed_without_duplicates(app: App) -> None:
    hr = await app.user_headers("hr")
    # Half-written: the first three rows are in, the progress says only the first one is.
    await import_and_wait(app, hr, csv_bytes(ROWS[:4]), "people")
    import_id = await _dead_import(
        app, with_file=True, resume_after_row=2, processed_rows=1, valid_rows=1,
        counts={"people_created": 1, "rows_seen": 1},
    )  # fmt: skip
    assert await _reconcile(app) == 1
    job = await _job(app, import_id, hr)
    assert job["status"] == "succeeded", job
    assert (job["total_rows"], job["processed_rows"]) == (8, 8)
    assert job["counts"]["people_created"] == 1 + 5  # rows 3 and 4 were already there
    async with app.db.unit_of_work() as session:
        numbers = (await session.scalars(select(Person.employee_no))).all()
        assert sorted(numbers) == sorted(f"R{i}" for i in range(8))  # each person once
        assert await session.get(ImportFile, import_id) is None
        stored = await session.get(ImportJob, import_id)
        assert stored is not None
        assert stored.lease is None
    assert await _reconcile(app) == 0  # finished: nothing more to do


async def test_a_killed_import_without_its_file_fails_saying_why(app: App) -> None:
    import_id = await _dead_import(app, with_file=False)
    assert await _reconcile(app) == 1
    hr = await app.user_headers("hr")
    job = await _job(app, import_id, hr)
    assert job["status"] == "failed"
    assert job["failure"].startswith("导入中途中断,且上传的文件已不在服务器上")
    changed = await app.client.patch("/api/v1/me", json={"locale": "en"}, headers=hr)
    assert changed.status_code == 200, changed.text
    english = await _job(app, import_id, hr)
    assert english["failure"].startswith("The import was interrupted and its uploaded file")
    audit = await app.client.get(
        "/api/v1/audit-events", params={"action": "import.failed"}, headers=hr
    )
    [event] = audit.json()["items"]
    assert event["detail"]["failure"] == "file_missing"


async def test_a_live_run_is_left_alone(app: App) -> None:
    import_id = await _dead_import(app, with_file=True, heartbeat_at=utcnow())
    assert await _reconcile(app) == 0
    # Even a run queued by a restart (no token) does not take over a live heartbeat.
    await running.run(jobs.JobContext(db=app.db, settings=app.settings), import_id)
    async with app.db.unit_of_work() as session:
        job = await session.get(ImportJob, import_id)
        assert job is not None
        assert (job.status, job.lease) == (ImportStatus.running, "killed-process")
        assert await session.scalar(select(func.count()).select_from(Person)) == 0


async def test_a_run_that_lost_its_lease_writes_nothing(app: App) -> None:
    import_id = await _dead_import(app, with_file=True, status=ImportStatus.pending, lease=None)
    ctx = jobs.JobContext(db=app.db, settings=app.settings)
    async with app.db.unit_of_work() as session:
        claimed = await running._claim(session, import_id, None, 30)
    assert claimed is not None
    async with app.db.unit_of_work() as session:  # another run takes over
        job = await session.get(ImportJob, import_id)
        assert job is not None
        job.lease = "another-run"
    try:
        async with app.db.unit_of_work() as session:
            await running._held(session, import_id, claimed[1])
    except running.LeaseLost:
        pass
    else:
        raise AssertionError("the lease was taken over")
    await running.run(ctx, import_id)  # the heartbeat is fresh: nobody else claims it
    async with app.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == 0


async def test_a_slow_live_import_keeps_its_heartbeat_fresh(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    # stale after 1 s: ten beats, room for a loaded 2-core host's stalls (0.3 s was flaky)
    app.settings.import_heartbeat_seconds = 0.1
    app.settings.import_stale_seconds = 1.0
    monkeypatch.setattr(service, "BATCH_ROWS", 1)
    apply = Writer.apply

    async def slow_apply(self: Writer, session: Any, changes: Any) -> None:
        await asyncio.sleep(0.3)  # each batch takes longer than the heartbeat interval
        await apply(self, session, changes)

    monkeypatch.setattr(Writer, "apply", slow_apply)
    hr = await app.user_headers("hr")
    response = await upload(app, hr, csv_bytes(ROWS), "people")
    assert response.status_code == 202, response.text
    import_id = uuid.UUID(response.json()["id"])
    runner = asyncio.create_task(app.run_jobs())  # in-process, or an arq worker (PostgreSQL)
    taken_over = seen_running = 0
    while not runner.done():  # while the import writes, its heartbeat is never stale
        await asyncio.sleep(0.1)
        async with app.db.unit_of_work() as session:
            job = await session.get(ImportJob, import_id)
            assert job is not None
            if job.status == ImportStatus.running:
                seen_running += 1
                stale = await running.orphaned(session, app.settings.import_stale_seconds)
                taken_over += import_id in [i for i, _ in stale]
    await runner
    assert seen_running >= 3
    assert taken_over == 0
    job = await _job(app, import_id, hr)
    assert (job["status"], job["processed_rows"], job["counts"]["people_created"]) == (
        "succeeded", 8, 8,
    )  # fmt: skip
