"""From a stored delivery to a result: updates, late retries, failures, replay, mappings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import App
from vendor_support import admin, create_vendor, deliveries, results, send, standard_data

# A vendor with Chinese keys and a 0–5 scale.
CHINESE_MAPPING = (
    '{interview_id: "面试编号", '
    'candidate: {external_id: "候选人"."编号", name: "候选人"."姓名", '
    'employee_no: "候选人"."工号"}, '
    'position: {code: "岗位代码", name: "岗位"}, '
    'department: {code: "部门代码", name: "部门"}, '
    'interviewed_at: "面试时间", total_score: "总分", max_score: `5`, '
    'dimensions: "维度"[].{code: "代码", name: "名称", score: "得分", max_score: `5`, '
    'comment: "评语"}, comment: "总评", suggestions: "建议", updated_at: "更新时间"}'
)
CHINESE_BODY: dict[str, Any] = {
    "面试编号": "cn-001",
    "候选人": {"编号": "u-77", "姓名": "李雷", "工号": "E2001"},
    "岗位代码": "risk-analyst",
    "岗位": "风控专员",
    "部门代码": "risk",
    "部门": "风控合规部",
    "面试时间": "2026-11-21T02:00:00Z",
    "总分": 4.2,
    "维度": [
        {"代码": "communication", "名称": "沟通能力", "得分": 4.5, "评语": "表达清晰"},
        {"代码": "risk-awareness", "名称": "风险意识", "得分": 4.0, "评语": "合规意识强"},
    ],
    "总评": "适合风控岗位",
    "建议": ["建议加强数据统计能力的学习"],
    "更新时间": "2026-11-21T03:00:00Z",
}


async def test_updates_make_revisions_and_late_ones_do_not_overwrite(app: App) -> None:
    await create_vendor(app)
    data = standard_data("v-9", total_score=80, updated_at="2026-11-20T10:00:00Z")
    await send(app, data)
    await app.run_jobs()
    newer = {**data, "total_score": 86, "updated_at": "2026-11-20T12:00:00Z"}
    await send(app, newer, kind="interview.result.updated")
    await app.run_jobs()
    late = {**data, "total_score": 10, "updated_at": "2026-11-20T11:00:00Z"}
    await send(app, late, kind="interview.result.updated")
    await app.run_jobs()
    [result] = await results(app)
    assert result["total_score"] == 86
    assert result["revision"] == 2
    notes = [d["note"] for d in await deliveries(app)]
    assert notes == ["stale", None, None]  # newest first
    assert all(d["status"] == "processed" for d in await deliveries(app))
    revisions = await app.client.get(
        f"/api/v1/results/{result['id']}/revisions", headers=await admin(app)
    )
    assert [r["revision"] for r in revisions.json()["items"]] == [2, 1]
    assert [r["snapshot"]["total_score"] for r in revisions.json()["items"]] == [86, 80]


async def test_unmappable_fails_then_fix_mapping_and_replay(app: App) -> None:
    await create_vendor(app, mapping={"expression": "{interview_id: id, candidate: who}"})
    body = {"id": "x-1", "who": {"name": "王五", "email": "wang5@mail.example"}, "score": 70}
    response = await send(app, json.dumps(body).encode())
    await app.run_jobs()
    [failed] = await deliveries(app, status="failed")
    assert failed["id"] == response.json()["delivery_id"]
    assert "data.total_score: Field required" in failed["error"]
    assert failed["result_id"] is None
    fix = await app.client.patch(
        "/api/v1/vendors/acme",
        json={"mapping": {"expression": "{interview_id: id, candidate: who, total_score: score}"}},
        headers=await admin(app),
    )
    assert fix.status_code == 200, fix.text
    replay = await app.client.post(
        f"/api/v1/deliveries/{failed['id']}/replay", headers=await admin(app)
    )
    assert replay.status_code == 202
    assert replay.json()["status"] == "pending"
    await app.run_jobs()
    [processed] = await deliveries(app)
    assert processed["status"] == "processed"
    assert processed["error"] is None
    [result] = await results(app)
    assert result["person"]["name"] == "王五"
    assert result["department"] is None


async def test_missing_identifier_and_out_of_range_name_the_field(app: App) -> None:
    await create_vendor(app)
    await send(app, standard_data(candidate={"name": "无名"}))
    await send(app, standard_data(total_score=130))
    await send(app, b"not json at all")
    await app.run_jobs()
    errors = sorted(d["error"] for d in await deliveries(app, status="failed"))
    assert len(errors) == 3
    assert any(e.startswith("data.candidate:") for e in errors)
    assert any(e.startswith("data.total_score:") for e in errors)
    assert any(e.startswith("body:") for e in errors)


async def test_chinese_keys_and_five_point_scale(app: App) -> None:
    await create_vendor(app, mapping={"expression": CHINESE_MAPPING})
    await send(app, json.dumps(CHINESE_BODY, ensure_ascii=False).encode())
    await app.run_jobs()
    [result] = await results(app)
    assert result["total_score"] == 4.2
    assert result["max_score"] == 5
    assert result["normalized_total"] == 84
    assert [(d["name"], d["normalized"]) for d in result["dimensions"]] == [
        ("沟通能力", 90),
        ("风险意识", 80),
    ]
    assert result["person"] == {
        "id": result["person"]["id"],
        "name": "李雷",
        "employee_no": "E2001",
    }
    assert result["department"]["code"] == "risk"


async def test_mapping_preview_stores_nothing(app: App) -> None:
    headers = await admin(app)
    url = "/api/v1/vendors/mapping-preview"
    ok = await app.client.post(
        url, json={"expression": CHINESE_MAPPING, "payload": CHINESE_BODY}, headers=headers
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["ok"] is True
    assert ok.json()["data"]["normalized_total"] == 84
    bad = await app.client.post(url, json={"expression": "{a: [", "payload": {}}, headers=headers)
    assert bad.json()["ok"] is False
    assert bad.json()["errors"][0]["loc"] == ["expression"]
    missing = await app.client.post(
        url, json={"expression": None, "payload": {"data": {"interview_id": "a"}}}, headers=headers
    )
    locs = [e["loc"] for e in missing.json()["errors"]]
    assert ["data", "candidate"] in locs
    assert ["data", "total_score"] in locs
    hr = await app.user_headers("hr")
    assert (await app.client.post(url, json={"payload": {}}, headers=hr)).status_code == 403
    assert await results(app) == []


async def test_auto_confirm_publishes_unflagged_results_only(app: App) -> None:
    await create_vendor(app, auto_confirm=True)
    await send(app, standard_data("clean"))
    far = standard_data("far", total_score=40)  # dimensions average 82.5
    out_of_range = standard_data(
        "oor", dimensions=[{"code": "logic", "name": "逻辑思维", "score": 120, "max_score": 100}]
    )
    await send(app, far)
    await send(app, out_of_range)
    await app.run_jobs()
    by_id = {r["interview_id"]: r for r in await results(app)}
    assert (by_id["clean"]["status"], by_id["clean"]["published"]) == ("confirmed", True)
    assert by_id["clean"]["reviewed_at"] is not None
    assert by_id["far"]["status"] == "pending_review"
    assert by_id["far"]["flags"] == ["total_far_from_dimension_mean"]
    assert "score_out_of_range" in by_id["oor"]["flags"]
    assert by_id["oor"]["dimensions"][0]["normalized"] == 100


async def test_dimension_set_change_is_flagged(app: App) -> None:
    await create_vendor(app)
    data = standard_data("dims")
    await send(app, data)
    await app.run_jobs()
    changed = {
        **data,
        "updated_at": "2026-11-21T00:00:00Z",
        "dimensions": [{"code": "teamwork", "name": "团队协作", "score": 82}],
    }
    await send(app, changed, kind="interview.result.updated")
    await app.run_jobs()
    [result] = await results(app)
    assert "dimension_set_changed" in result["flags"]
    assert result["revision"] == 2


async def test_candidate_matching_order(app: App) -> None:
    await create_vendor(app)
    headers = await admin(app)
    person = await app.client.post(
        "/api/v1/people",
        json={"name": "张伟", "employee_no": "E1001", "email": "zw@corp.example"},
        headers=headers,
    )
    person_id = person.json()["id"]
    interviewer_id = await app.create_user(["interviewer"], email="li@corp.example")
    await send(app, standard_data("a", candidate={"employee_no": "E1001", "external_id": "c-1"}))
    # c is matched by the vendor id that a's processing learnt: a must be processed first
    # (workers, and the deliveries in one batch, promise no arrival order).
    await app.run_jobs()
    await send(app, standard_data("b", candidate={"email": "ZW@corp.example"}))
    await send(
        app,
        standard_data(
            "c", candidate={"external_id": "c-1"}, interviewers=[{"email": "LI@corp.example"}]
        ),
    )
    await send(app, standard_data("d", candidate={"external_id": "c-new", "name": "新人"}))
    await app.run_jobs()
    by_id = {r["interview_id"]: r for r in await results(app)}
    assert {by_id[k]["person"]["id"] for k in "abc"} == {person_id}
    assert by_id["d"]["person"]["id"] != person_id
    assert by_id["c"]["interviewers"] == [
        {"id": str(interviewer_id), "name": "测试用户", "email": "li@corp.example"}
    ]


async def test_poison_delivery_fails_alone_not_its_batch(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One delivery that breaks while being stored (not a mapping error: a bug, a row the
    database refuses) is failed with its error; the others of its batch are stored."""
    from scorebridge.kit.jobs import InProcessQueue
    from scorebridge.results import service

    build = service.new_vendor_result

    def poisoned(vendor: Any, report: Any) -> Any:
        # both ways of storing (the batch's new results in bulk, one by one) build it here
        if report.data.interview_id == "poison":
            raise RuntimeError("cannot store this one")
        return build(vendor, report)

    monkeypatch.setattr(service, "new_vendor_result", poisoned)
    await create_vendor(app)
    queue = app.db.queue
    if isinstance(queue, InProcessQueue):
        queue.pause()  # as a busy worker would: all three wait, then go in one batch
    for interview_id in ("good-1", "poison", "good-2"):
        assert (await send(app, standard_data(interview_id))).status_code == 202
    if isinstance(queue, InProcessQueue):
        await queue.resume()
    await app.run_jobs()
    assert sorted(r["interview_id"] for r in await results(app)) == ["good-1", "good-2"]
    [failed] = await deliveries(app, status="failed")
    assert "RuntimeError: cannot store this one" in failed["error"]
    assert len(await deliveries(app, status="processed")) == 2


async def test_a_batch_of_new_results_is_stored_in_a_few_statements(app: App) -> None:
    """The batch's new interviews are stored together: a candidate named twice is one person
    (matched by employee number, email or external id as one by one), a repeat of an interview
    in the batch is its update, and the whole batch costs a few dozen statements, not a dozen
    per delivery."""
    import uuid

    from sqlalchemy import event, func, select

    from scorebridge.intake import processing
    from scorebridge.kit.jobs import InProcessQueue
    from scorebridge.organisation.models import Person

    await create_vendor(app)
    known = standard_data("known-1", candidate={"name": "老员工", "employee_no": "E900"})
    await send(app, known)
    await app.run_jobs()
    queue = app.db.queue
    if isinstance(queue, InProcessQueue):
        queue.pause()
    ids: list[str] = []

    async def deliver(data: dict[str, Any]) -> None:
        response = await send(app, data)
        assert response.status_code == 202
        ids.append(response.json()["delivery_id"])

    for n in range(6):  # six candidates, each in two interviews
        name = {"name": f"候选人{n}", "employee_no": f"E10{n}", "email": f"c{n}@mail.example"}
        await deliver(standard_data(f"b-{n}-a", candidate={**name, "external_id": f"x-{n}"}))
        by_email = {"name": name["name"], "email": name["email"].upper()}
        await deliver(standard_data(f"b-{n}-b", candidate=by_email))
    await deliver(standard_data("b-known", candidate={"name": "老员工", "employee_no": "E900"}))
    first = {"name": "候选人0", "employee_no": "E100", "external_id": "x-0"}
    update = {"total_score": 99, "updated_at": "2026-11-21T10:00:00Z", "candidate": first}
    await deliver(standard_data("b-0-a", **update))

    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(app.db.engine.sync_engine, "before_cursor_execute", count)
    try:
        status = await processing.process_delivery(app.db, uuid.UUID(ids[0]), batch=50)
    finally:
        event.remove(app.db.engine.sync_engine, "before_cursor_execute", count)
    assert status == "processed"
    if isinstance(queue, InProcessQueue):
        await queue.resume()
    await app.run_jobs()

    assert len(statements) < 60, "\n".join(statements)  # one by one: about 15 per delivery
    stored = {r["interview_id"]: r for r in await results(app)}
    assert len(stored) == 14
    assert stored["b-0-a"]["total_score"] == 99
    assert stored["b-0-a"]["revision"] == 2
    assert stored["b-known"]["person"]["id"] == stored["known-1"]["person"]["id"]
    for n in range(6):
        assert stored[f"b-{n}-a"]["person"]["id"] == stored[f"b-{n}-b"]["person"]["id"]
    async with app.db.unit_of_work() as session:
        people = await session.scalar(
            select(func.count()).select_from(Person).where(Person.employee_no.like("E10%"))
        )
    assert people == 6
    assert all(d["status"] == "processed" for d in await deliveries(app))
