"""The adverse-impact watch: admins and auditors are told once when a position becomes
flagged (ratio < 0.8 with p < 0.05), not again while it stays so, again after it recovered."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import select

from conftest import App
from fairness.support import Candidate, candidates, group, position
from scorebridge.fairness import watch
from scorebridge.fairness.models import FairnessAlert
from scorebridge.notifications.hub import hub_for
from scorebridge.notifications.models import Notification

ZONE = ZoneInfo("Asia/Shanghai")


async def look(app: App) -> int | None:
    async with app.db.unit_of_work() as session:
        return await watch.run(session, hub_for(app.settings.redis_url), ZONE)


async def alerts_of(app: App, user_id: uuid.UUID) -> list[Notification]:
    async with app.db.unit_of_work() as session:
        rows = await session.scalars(
            select(Notification).where(
                Notification.user_id == user_id, Notification.kind == "fairness.flagged"
            )
        )
        return list(rows.all())


async def test_flagged_positions_alert_admins_and_auditors_once(app: App) -> None:
    admin = await app.create_user(["admin"])
    auditor = await app.create_user(["auditor"])
    hr = await app.create_user(["hr"])
    pos = await position(app, name="销售代表<b>")
    fair = await position(app, code="fair", name="公平岗位")
    # median basis: women mostly at the bottom, men at the top
    women = [Candidate("female", 40 + i) for i in range(14)] + [Candidate("female", 90)] * 2
    men = [Candidate("male", 80 + i) for i in range(14)] + [Candidate("male", 30)] * 2
    await candidates(app, pos, women + men)
    await candidates(app, fair, group("female", 5, 5, cut=60) + group("male", 5, 5, cut=60))
    assert await look(app) == 1
    mine = await alerts_of(app, auditor)
    assert len(mine) == 1
    assert len(await alerts_of(app, admin)) == 1
    assert await alerts_of(app, hr) == []
    assert "销售代表<b>" in mine[0].title
    assert "女性" in mine[0].body
    assert mine[0].link == f"/fairness?position_id={pos}&attribute=gender&basis=median"

    assert await look(app) is None  # nothing changed since: the watch does not even look
    await candidates(app, pos, [Candidate("male", 99)])  # new results, still flagged
    assert await look(app) == 0
    assert len(await alerts_of(app, auditor)) == 1

    await candidates(app, pos, [Candidate("female", 99)] * 14)  # recovered
    assert await look(app) == 0
    async with app.db.unit_of_work() as session:
        alert = await session.get(FairnessAlert, (pos, "gender", "median"))
        assert alert is not None
        assert not alert.active
        assert alert.cleared_at is not None

    await candidates(app, pos, [Candidate("female", 10)] * 40)  # flagged again
    assert await look(app) == 1
    assert len(await alerts_of(app, auditor)) == 2
    async with app.db.unit_of_work() as session:
        alert = await session.get(FairnessAlert, (pos, "gender", "median"))
        assert alert is not None
        assert alert.active
        assert alert.times == 2


async def test_the_watch_job_runs_after_an_import(app: App) -> None:
    from imports.support import csv_bytes, import_and_wait

    auditor = await app.create_user(["auditor"])
    hr = await app.user_headers("hr")
    people = [["工号", "姓名", "性别", "出生年份"]]
    results = [["工号", "岗位", "面试时间", "总分"]]
    for i in range(30):
        female = i < 15
        people.append([f"W{i}", f"人{i}", "女" if female else "男", 1990])
        score = (30 + i) if female else (70 + i)
        results.append([f"W{i}", "analyst", "2025-05-01 10:00", score])
    await import_and_wait(app, hr, csv_bytes(people), "people")
    await import_and_wait(app, hr, csv_bytes(results), "results")
    await app.run_jobs()
    assert len(await alerts_of(app, auditor)) == 1
