"""Retention: the policy and its bounds, the preview, a run (raw bodies, erased people's
bodies, stale candidates, notifications, audit rows through the purge permit), the audit
trigger's floor, and ``scorebridge retention [--dry-run]``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from conftest import SECRET, App
from scorebridge.audit.models import AuditEvent
from scorebridge.intake.models import Delivery
from scorebridge.kit.db import utcnow
from scorebridge.notifications.models import Notification
from scorebridge.organisation.models import Person
from scorebridge.privacy import auditing, retention
from scorebridge.results.models import InterviewResult
from selfservice.support import auto_vendor, employee, publish
from vendor_support import admin, send, standard_data

POLICY = "/api/v1/retention-policy"
CLI = str(Path(sys.executable).parent / "scorebridge")


async def test_policy_defaults_bounds_and_scope(app: App) -> None:
    admin_headers = await admin(app)
    policy = (await app.client.get(POLICY, headers=admin_headers)).json()
    assert policy["is_default"] is True
    assert policy["audit_days"] >= 180
    for role in ("hr", "dept_head", "employee"):
        headers = await app.user_headers(role)
        assert (await app.client.get(POLICY, headers=headers)).status_code == 403
        assert (await app.client.get(f"{POLICY}/preview", headers=headers)).status_code == 403
    body = {
        "raw_delivery_days": 30,
        "candidate_days": 180,
        "audit_days": 200,
        "notification_days": 60,
    }
    for field, value in (
        ("audit_days", 179),
        ("raw_delivery_days", 0),
        ("candidate_days", "forever"),
        ("notification_days", 100000),
    ):
        bad = await app.client.put(POLICY, json={**body, field: value}, headers=admin_headers)
        assert bad.status_code == 422, field
        assert bad.json()["errors"][0]["loc"] == ["body", field]
    missing = {k: v for k, v in body.items() if k != "audit_days"}
    assert (await app.client.put(POLICY, json=missing, headers=admin_headers)).status_code == 422
    saved = await app.client.put(POLICY, json=body, headers=admin_headers)
    assert saved.status_code == 200
    assert saved.json() | {"updated_at": None} == {**body, "updated_at": None, "is_default": False}
    audit = await app.client.get(
        "/api/v1/audit-events", params={"action": "retention_policy.updated"}, headers=admin_headers
    )
    assert len(audit.json()["items"]) == 1


async def _age(app: App) -> None:
    """Make everything written so far old enough for every period."""
    long_ago = utcnow() - timedelta(days=400)
    async with app.db.unit_of_work() as session:
        await session.execute(update(Delivery).values(received_at=long_ago))
        await session.execute(update(Notification).values(created_at=long_ago))
        await session.execute(
            update(InterviewResult).values(received_at=long_ago, updated_at=long_ago)
        )
        await session.execute(update(Person).values(updated_at=long_ago))


async def _old_audit_row(app: App, days: int) -> uuid.UUID:
    async with app.db.unit_of_work() as session:
        event = AuditEvent(
            at=utcnow() - timedelta(days=days), actor_kind="system", action="test.old", detail={}
        )
        session.add(event)
    return event.id


async def test_preview_then_run_removes_what_it_said(app: App) -> None:
    me = await employee(app)
    await publish(app, me.employee_no)  # an employee's result: body dropped, person kept
    await auto_vendor(app)
    candidate = standard_data("iv-cand", candidate={"external_id": "c-1", "name": "候选人甲"})
    assert (await send(app, candidate, slug="auto")).status_code == 202
    await app.run_jobs()
    await _age(app)
    old_row = await _old_audit_row(app, 400)
    young_row = await _old_audit_row(app, 100)

    preview = await app.client.get(f"{POLICY}/preview", headers=await admin(app))
    assert preview.status_code == 200
    counts = preview.json()["counts"]
    assert counts["raw_bodies"] == 2
    assert counts["candidates"] == 1
    assert counts["notifications"] >= 1
    assert counts["audit_events"] == 1
    # The preview changed nothing.
    assert (await app.client.get(f"{POLICY}/preview", headers=await admin(app))).json()[
        "counts"
    ] == counts

    record = await retention.run(app.db, trigger="cli", batch_size=1)
    assert record.error is None
    assert record.counts["raw_bodies"] == 2
    assert record.counts["candidates"] == 1
    assert record.counts["notifications"] == counts["notifications"]
    assert record.counts["audit_events"] == 1
    async with app.db.sessionmaker() as session:
        assert set((await session.scalars(select(func.length(Delivery.body)))).all()) == {0}
        names = set((await session.scalars(select(Person.name))).all())
        assert "候选人甲" not in names
        assert "李雷" in names
        ids = set((await session.scalars(select(AuditEvent.id))).all())
        assert old_row not in ids
        assert young_row in ids
        assert await session.scalar(select(func.count()).select_from(Notification)) == 0
    runs = await app.client.get(f"{POLICY}/runs", headers=await admin(app))
    [run] = runs.json()["items"]
    assert run["trigger"] == "cli"
    assert run["counts"]["candidates"] == 1
    audit = await app.client.get(
        "/api/v1/audit-events", params={"action": "retention.ran"}, headers=await admin(app)
    )
    assert audit.json()["items"][0]["detail"]["counts"]["raw_bodies"] == 2
    after = (await app.client.get(f"{POLICY}/preview", headers=await admin(app))).json()["counts"]
    assert after == {
        "raw_bodies": 0,
        "erased_people_bodies": 0,
        "candidates": 0,
        "notifications": 0,
        "audit_events": 0,
    }
    # The scores stay for analytics.
    async with app.db.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(InterviewResult)) == 2


async def test_bodies_arriving_for_erased_people_are_dropped_next_run(app: App) -> None:
    me = await employee(app)
    await publish(app, me.employee_no)
    await app.client.post(f"/api/v1/people/{me.person_id}/erase", headers=await admin(app))
    late = standard_data("iv-late", candidate={"employee_no": me.employee_no, "name": "李雷"})
    await send(app, late, slug="auto")
    await app.run_jobs()
    preview = (await app.client.get(f"{POLICY}/preview", headers=await admin(app))).json()
    assert preview["counts"]["erased_people_bodies"] == 1
    record = await retention.run(app.db, trigger="job", batch_size=5000)
    assert record.counts["erased_people_bodies"] == 1


async def test_the_audit_trigger_keeps_its_floor_and_columns(app: App) -> None:
    young = await _old_audit_row(app, 100)

    async def change(kind: str | None, statement: str) -> None:
        async with app.db.unit_of_work() as session:
            if kind is None:
                await session.execute(text(statement))
                return
            async with auditing.permit(session, kind, utcnow()):  # type: ignore[arg-type]
                await session.execute(text(statement))

    # A purge permit never deletes a row younger than 180 days, even if asked to.
    with pytest.raises((DBAPIError, IntegrityError)):
        await change("purge", "DELETE FROM audit_events")
    # A pseudonymise permit rewrites actor_name and detail only, never the action.
    with pytest.raises((DBAPIError, IntegrityError)):
        await change("pseudonymise", "UPDATE audit_events SET action = 'x.rewritten'")
    # Without a permit nothing changes; and no permit outlives its transaction.
    with pytest.raises((DBAPIError, IntegrityError)):
        await change(None, "UPDATE audit_events SET actor_name = 'x'")
    async with app.db.sessionmaker() as session:
        assert await session.scalar(text("SELECT count(*) FROM audit_permits")) == 0
        assert await session.get(AuditEvent, young) is not None


def test_cli_dry_run_and_run(app: App) -> None:
    env = {
        **os.environ,
        "SCOREBRIDGE_DATABASE_URL": app.settings.database_url,
        "SCOREBRIDGE_SECRET_KEY": SECRET,
        "SCOREBRIDGE_ENV": "test",
    }
    env.pop("SCOREBRIDGE_REDIS_URL", None)
    dry = subprocess.run(
        [CLI, "retention", "--dry-run"], env=env, capture_output=True, text=True, check=True
    )
    report = json.loads(dry.stdout[dry.stdout.index("{") :])
    assert report["dry_run"] is True
    assert report["counts"]["audit_events"] == 0
    done = subprocess.run([CLI, "retention"], env=env, capture_output=True, text=True, check=True)
    report = json.loads(done.stdout[done.stdout.index("{") :])
    assert report["dry_run"] is False
    assert "raw_bodies" in report["counts"]
