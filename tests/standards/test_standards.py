"""Versioned standards per position: saving, bad input, verdicts on arrival and by apply, the
workbench's filters and sorts, exports and who may do what."""

from __future__ import annotations

import csv
import io
import math
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from conftest import App
from scorebridge.standards.models import ResultStandard
from scorebridge.standards.rules import Rules, evaluate
from standards.support import SALES_STANDARD, save_standard, seed
from vendor_support import admin, create_vendor, send, standard_data


def _rules(body: dict[str, Any], version: int = 1) -> Rules:
    return Rules(body["weights"], body["pass_line"], body.get("minimums", {}), version)


async def test_save_versions_history_and_audit(app: App) -> None:
    seeded = await seed(app, people=5)
    hr = await app.user_headers("hr")
    url = f"/api/v1/positions/{seeded.position_id}/standard"
    empty = await app.client.get(url, headers=hr)
    assert empty.status_code == 200
    assert empty.json()["standard"] is None
    assert {d["code"] for d in empty.json()["dimensions"]} == {
        "communication",
        "logic",
        "expertise",
    }
    first = await save_standard(app, seeded.position_id)
    assert first["version"] == 1
    assert first["weights"] == {"communication": 3.0, "expertise": 1.0, "logic": 1.0}
    second = await save_standard(
        app, seeded.position_id, {**SALES_STANDARD, "pass_line": 75, "note": "更严格"}
    )
    assert second["version"] == 2
    current = await app.client.get(url, headers=hr)
    assert current.json()["standard"]["version"] == 2
    assert current.json()["standard"]["note"] == "更严格"
    versions = await app.client.get(f"{url}s", headers=hr)
    assert [v["version"] for v in versions.json()["items"]] == [2, 1]
    events = await app.client.get(
        "/api/v1/audit-events", params={"action": "standard.saved"}, headers=hr
    )
    changes = [e["detail"]["changes"] for e in events.json()["items"]]
    assert {"pass_line": {"from": 70.0, "to": 75.0}} in changes


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({**SALES_STANDARD, "weights": {"communication": 0, "logic": 0}}, ["body", "weights"]),
        ({**SALES_STANDARD, "weights": {"communication": -1}}, ["body", "weights", "communication"]),  # noqa: E501
        ({**SALES_STANDARD, "weights": {"charisma": 2}}, ["body", "weights", "charisma"]),
        ({**SALES_STANDARD, "minimums": {"charisma": 50}}, ["body", "minimums", "charisma"]),
        ({**SALES_STANDARD, "minimums": {"logic": 101}}, ["body", "minimums", "logic"]),
        ({**SALES_STANDARD, "pass_line": 120}, ["body", "pass_line"]),
        ({**SALES_STANDARD, "pass_line": -5}, ["body", "pass_line"]),
        ({**SALES_STANDARD, "weights": {}}, ["body", "weights"]),
        ({**SALES_STANDARD, "weights": {"communication": "a lot"}}, ["body", "weights", "communication"]),  # noqa: E501
    ],
)  # fmt: skip
async def test_bad_standards_are_422_naming_the_field(
    app: App, body: dict[str, Any], loc: list[str]
) -> None:
    seeded = await seed(app, people=3)
    hr = await app.user_headers("hr")
    for url, payload, where in (
        (f"/api/v1/positions/{seeded.position_id}/standard", body, loc),
        (
            f"/api/v1/positions/{seeded.position_id}/standard/simulate",
            {"draft": body},
            [loc[0], "draft", *loc[1:]],
        ),
    ):
        response = await app.client.request(
            "PUT" if url.endswith("standard") else "POST", url, json=payload, headers=hr
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert where in [e["loc"] for e in response.json()["errors"]], response.json()
    versions = await app.client.get(f"/api/v1/positions/{seeded.position_id}/standards", headers=hr)
    assert versions.json()["items"] == []  # nothing half-written


async def test_who_may_manage_standards(app: App) -> None:
    seeded = await seed(app, people=3)
    url = f"/api/v1/positions/{seeded.position_id}/standard"
    for role in ("dept_head", "interviewer", "employee"):
        headers = await app.user_headers(role, departments=[seeded.departments["sales"]])
        assert (await app.client.get(url, headers=headers)).status_code == 403
        put = await app.client.put(url, json=SALES_STANDARD, headers=headers)
        assert put.status_code == 403
    assert (await app.client.get(url)).status_code == 401
    hr = await app.user_headers("hr")
    missing = await app.client.get(f"/api/v1/positions/{uuid.uuid4()}/standard", headers=hr)
    assert missing.status_code == 404


async def test_new_results_are_judged_on_arrival_and_on_update(app: App) -> None:
    await create_vendor(app)
    hr = await app.user_headers("hr")
    first = standard_data("arrive-1")
    assert (await send(app, first)).status_code == 202
    await app.run_jobs()
    listed = (await app.client.get("/api/v1/results", headers=hr)).json()["items"]
    assert listed[0]["standard"] is None  # no standard yet
    position_id = listed[0]["position"]["id"]
    body = {"weights": {"communication": 3, "logic": 1}, "pass_line": 83, "minimums": {}}
    await save_standard(app, uuid.UUID(position_id), body)
    second = standard_data("arrive-2")  # communication 85, logic 80: (255 + 80) / 4 = 83.75
    assert (await send(app, second)).status_code == 202
    await app.run_jobs()
    rows = {
        r["interview_id"]: r
        for r in (await app.client.get("/api/v1/results", headers=hr)).json()["items"]
    }
    verdict = rows["arrive-2"]["standard"]
    assert verdict == {
        "version": 1, "weighted_total": pytest.approx(83.75), "passed": True, "failed_rules": [],
    }  # fmt: skip
    assert rows["arrive-2"]["total_score"] == 82  # the vendor's own total never changes
    assert rows["arrive-1"]["standard"] is None  # earlier results wait for apply
    update = standard_data(
        "arrive-2",
        dimensions=[
            {"code": "communication", "name": "沟通能力", "score": 70, "max_score": 100},
            {"code": "logic", "name": "逻辑思维", "score": 90, "max_score": 100},
        ],
        updated_at="2026-11-21T10:00:00Z",
    )
    assert (await send(app, update, kind="interview.result.updated")).status_code == 202
    await app.run_jobs()
    got = await app.client.get(f"/api/v1/results/{rows['arrive-2']['id']}", headers=hr)
    assert got.json()["standard"]["weighted_total"] == pytest.approx(75.0)
    assert got.json()["standard"]["failed_rules"] == ["pass_line"]


async def test_apply_judges_earlier_results_like_the_pure_rules(app: App) -> None:
    seeded = await seed(app, people=40, missing_every=7)
    body = {**SALES_STANDARD, "minimums": {"communication": 55, "logic": 50}}
    await save_standard(app, seeded.position_id, body)
    hr = await app.user_headers("hr")
    started = await app.client.post(
        f"/api/v1/positions/{seeded.position_id}/standard/apply", headers=hr
    )
    assert started.status_code == 202, started.text
    assert started.json()["status"] in ("pending", "running")
    await app.run_jobs()
    status = await app.client.get(
        f"/api/v1/positions/{seeded.position_id}/standard/applications/{started.json()['id']}",
        headers=hr,
    )
    assert status.json()["status"] == "succeeded", status.json()
    assert status.json()["processed"] == status.json()["total"] == 40
    rules = _rules(body)
    async with app.db.unit_of_work() as session:
        stored = {r.result_id: r for r in (await session.scalars(select(ResultStandard))).all()}
    assert len(stored) == 40
    for row in seeded.results:
        expected = evaluate(rules, row["total"], row["scores"].items())
        got = stored[row["id"]]
        assert math.isclose(got.weighted_total, expected.weighted_total, abs_tol=1e-9)
        assert got.passed is expected.passed
        assert got.failed_rules == expected.failed_rules
        assert got.version == 1
    assert {tuple(r.failed_rules) for r in stored.values()} >= {(), ("pass_line",)}


async def test_apply_without_a_standard_is_409(app: App) -> None:
    seeded = await seed(app, people=2)
    hr = await app.user_headers("hr")
    response = await app.client.post(
        f"/api/v1/positions/{seeded.position_id}/standard/apply", headers=hr
    )
    assert response.status_code == 409


async def _applied(app: App) -> Any:
    seeded = await seed(app, people=30)
    await save_standard(app, seeded.position_id)
    hr = await app.user_headers("hr")
    await app.client.post(f"/api/v1/positions/{seeded.position_id}/standard/apply", headers=hr)
    await app.run_jobs()
    return seeded


async def test_workbench_filters_and_sorts_by_the_verdict(app: App) -> None:
    seeded = await _applied(app)
    hr = await admin(app)
    rules = _rules(SALES_STANDARD)
    verdicts = {
        str(r["id"]): evaluate(rules, r["total"], r["scores"].items()) for r in seeded.results
    }
    passed = await app.client.get(
        "/api/v1/results", params={"passed": "true", "limit": 200}, headers=hr
    )
    ids = {r["id"] for r in passed.json()["items"]}
    assert ids == {k for k, v in verdicts.items() if v.passed}
    ranged = await app.client.get(
        "/api/v1/results", params={"min_weighted": 60, "max_weighted": 80, "limit": 200}, headers=hr
    )
    assert {r["id"] for r in ranged.json()["items"]} == {
        k for k, v in verdicts.items() if 60 <= v.weighted_total <= 80
    }
    # sort by weighted total across pages (cursor), descending
    seen: list[float] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"sort": "-weighted_total", "limit": 7}
        if cursor:
            params["cursor"] = cursor
        page = (await app.client.get("/api/v1/results", params=params, headers=hr)).json()
        seen += [r["standard"]["weighted_total"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 30
    assert seen == sorted(seen, reverse=True)
    ascending = await app.client.get(
        "/api/v1/results", params={"sort": "weighted_total", "limit": 3}, headers=hr
    )
    assert ascending.json()["items"][0]["standard"]["weighted_total"] == pytest.approx(min(seen))


async def test_results_without_a_verdict_sort_last_ascending(app: App) -> None:
    seeded = await _applied(app)
    await create_vendor(app)
    other = standard_data("no-standard", position={"code": "ops", "name": "运营专员"})
    assert (await send(app, other)).status_code == 202
    await app.run_jobs()
    hr = await admin(app)
    seen: list[Any] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"sort": "weighted_total", "limit": 8}
        if cursor:
            params["cursor"] = cursor
        page = (await app.client.get("/api/v1/results", params=params, headers=hr)).json()
        seen += [r["standard"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(seeded.results) + 1
    assert seen[-1] is None
    assert all(s is not None for s in seen[:-1])


async def test_exports_carry_the_verdict(app: App) -> None:
    await _applied(app)
    hr = await admin(app)
    response = await app.client.get("/api/v1/results/export", params={"format": "csv"}, headers=hr)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["加权总分(岗位标准)", "是否达标"]
    assert {r[-1] for r in rows[1:]} <= {"达标", "未达标"}
    assert all(r[-2] for r in rows[1:])


async def test_apply_cut_short_continues_after_the_last_id(app: App) -> None:
    """Under arq a run stops after its time slice and queues the next: nothing is done
    twice or left out."""
    from scorebridge.standards import sweep
    from scorebridge.standards.models import StandardApplication

    seeded = await seed(app, people=12)
    await save_standard(app, seeded.position_id)
    async with app.db.unit_of_work() as session:
        application = StandardApplication(
            id=uuid.uuid4(), position_id=seeded.position_id, version=1, status="pending"
        )
        session.add(application)
    assert await sweep.run(app.db, application.id, budget=0) is True  # stopped after a batch
    async with app.db.unit_of_work() as session:
        halfway = await session.get(StandardApplication, application.id)
        assert halfway is not None
        assert halfway.status == "running"
        assert halfway.resume_after is not None
    assert await sweep.run(app.db, application.id, budget=0) is False
    async with app.db.unit_of_work() as session:
        done = await session.get(StandardApplication, application.id)
        assert done is not None
        assert done.status == "succeeded"
        assert done.processed == 12
        assert len((await session.scalars(select(ResultStandard))).all()) == 12
