"""Feedback: owner-only creation on published results, one open per result, the thread, HR
assignment and resolution (an adjustment makes a revision and notifies), audit and metrics."""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import App
from selfservice.support import employee, hr, notifications, publish, unpublished
from vendor_support import admin

MISSING = "00000000-0000-4000-8000-000000000000"


async def ask(app: App, headers: dict[str, str], result_id: str, message: str = "请解释一下"):  # type: ignore[no-untyped-def]
    return await app.client.post(
        "/api/v1/feedback", json={"result_id": result_id, "message": message}, headers=headers
    )


async def test_create_rules(app: App) -> None:
    me = await employee(app)
    other = await employee(app, "韩梅梅")
    result = await publish(app, me.employee_no)
    pending = await unpublished(app, me.employee_no)
    theirs = await publish(app, other.employee_no)

    created = await ask(app, me.headers, result, "为什么沟通能力只有 85 分?")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "open"
    assert body["result_id"] == result
    due = datetime.fromisoformat(body["due_at"]) - datetime.fromisoformat(body["created_at"])
    assert due == timedelta(hours=24)
    assert [m["author_role"] for m in body["messages"]] == ["employee"]
    assert body["result"]["total_score"] == 82

    duplicate = await ask(app, me.headers, result)
    assert duplicate.status_code == 409
    assert duplicate.json()["feedback_id"] == body["id"]
    for hidden in (theirs, pending, MISSING):
        assert (await ask(app, me.headers, hidden)).status_code == 404, hidden
    assert (await ask(app, other.headers, result)).status_code == 404
    assert (await ask(app, me.headers, theirs, "")).status_code == 422
    too_long = await ask(app, me.headers, theirs, "长" * 2001)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["loc"] == ["body", "message"]
    ok_long = await ask(app, other.headers, theirs, "长" * 2000)
    assert ok_long.status_code == 201
    # Staff do not raise feedback; an employee without a person has no results.
    assert (await ask(app, await hr(app), result)).status_code == 403
    unlinked = await app.user_headers("employee")
    assert (await ask(app, unlinked, result)).status_code == 404

    audit = await app.client.get(
        "/api/v1/audit-events", params={"action": "feedback.created"}, headers=await admin(app)
    )
    assert {e["target_id"] for e in audit.json()["items"]} == {body["id"], ok_long.json()["id"]}


async def test_thread_listing_and_access(app: App) -> None:
    me = await employee(app)
    other = await employee(app, "韩梅梅")
    first = (await ask(app, me.headers, await publish(app, me.employee_no))).json()
    second = (await ask(app, other.headers, await publish(app, other.employee_no))).json()
    staff = await hr(app)

    mine = await app.client.get("/api/v1/feedback", headers=me.headers)
    assert [f["id"] for f in mine.json()["items"]] == [first["id"]]
    assert (
        await app.client.get(f"/api/v1/feedback/{second['id']}", headers=me.headers)
    ).status_code == 404
    reply_other = await app.client.post(
        f"/api/v1/feedback/{second['id']}/messages", json={"body": "?"}, headers=me.headers
    )
    assert reply_other.status_code == 404

    inbox = await app.client.get("/api/v1/feedback", headers=staff)
    assert [f["id"] for f in inbox.json()["items"]] == [first["id"], second["id"]]  # by due_at
    assert inbox.json()["items"][0]["overdue"] is False
    for role in ("dept_head", "interviewer"):
        headers = await app.user_headers(role)
        assert (await app.client.get("/api/v1/feedback", headers=headers)).status_code == 403

    replied = await app.client.post(
        f"/api/v1/feedback/{first['id']}/messages", json={"body": "沟通维度依据面试录音评分。"},
        headers=staff,
    )  # fmt: skip
    assert replied.status_code == 201, replied.text
    assert replied.json()["author_role"] == "hr"
    answered = (await app.client.get(f"/api/v1/feedback/{first['id']}", headers=me.headers)).json()
    assert answered["status"] == "answered"
    assert answered["first_response_at"]
    assert [m["author_role"] for m in answered["messages"]] == ["employee", "hr"]
    await app.run_jobs()
    notes = await notifications(app, me.headers)
    assert [n["kind"] for n in notes["items"]][:1] == ["feedback.replied"]
    assert notes["items"][0]["title"] == "人事回复了您的疑问"
    assert notes["items"][0]["body"] == "沟通维度依据面试录音评分。"

    follow_up = await app.client.post(
        f"/api/v1/feedback/{first['id']}/messages",
        json={"body": "还是不太明白"},
        headers=me.headers,
    )
    assert follow_up.status_code == 201
    reopened = (await app.client.get(f"/api/v1/feedback/{first['id']}", headers=me.headers)).json()
    assert reopened["status"] == "open"
    assert reopened["first_response_at"] == answered["first_response_at"]
    empty = await app.client.post(
        f"/api/v1/feedback/{first['id']}/messages", json={"body": ""}, headers=me.headers
    )
    assert empty.status_code == 422

    only_open = await app.client.get("/api/v1/feedback", params={"status": "open"}, headers=staff)
    assert {f["id"] for f in only_open.json()["items"]} == {first["id"], second["id"]}
    not_overdue = await app.client.get(
        "/api/v1/feedback", params={"overdue": "true"}, headers=staff
    )
    assert not_overdue.json()["items"] == []

    # HR reading someone's feedback reads their score: audited with the person as subject.
    await app.client.get(f"/api/v1/feedback/{second['id']}", headers=staff)
    audit = await app.client.get(
        "/api/v1/audit-events", params={"person_id": other.person_id, "action": "feedback.viewed"},
        headers=await admin(app),
    )  # fmt: skip
    assert len(audit.json()["items"]) == 1
    own_reads = await app.client.get(
        "/api/v1/audit-events", params={"person_id": me.person_id, "action": "feedback.viewed"},
        headers=await admin(app),
    )  # fmt: skip
    assert own_reads.json()["items"] == []


async def test_assign(app: App) -> None:
    me = await employee(app)
    feedback = (await ask(app, me.headers, await publish(app, me.employee_no))).json()
    staff = await hr(app)
    handler = await app.create_user(["hr"], email="handler@corp.example", name="王 HR")
    url = f"/api/v1/feedback/{feedback['id']}/assign"
    assigned = await app.client.post(url, json={"user_id": str(handler)}, headers=staff)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["assignee"] == {"id": str(handler), "name": "王 HR"}
    mine = await app.client.get(
        "/api/v1/feedback", params={"assignee_id": str(handler)}, headers=staff
    )
    assert [f["id"] for f in mine.json()["items"]] == [feedback["id"]]
    bad = await app.client.post(url, json={"user_id": MISSING}, headers=staff)
    assert bad.status_code == 422
    employee_user = await app.create_user(["employee"])
    assert (
        await app.client.post(url, json={"user_id": str(employee_user)}, headers=staff)
    ).status_code == 422
    assert (
        await app.client.post(url, json={"user_id": None}, headers=me.headers)
    ).status_code == 403
    missing = await app.client.post(
        f"/api/v1/feedback/{MISSING}/assign", json={"user_id": None}, headers=staff
    )
    assert missing.status_code == 404


async def test_assignees_are_active_hr_and_admin_users_by_name(app: App) -> None:
    staff = await hr(app)
    colleague = await app.create_user(["hr"], email="zhao@corp.example", name="赵 HR")
    boss = await app.create_user(["admin"], email="boss@corp.example", name="Admin Boss")
    gone = await app.create_user(["hr"], email="gone@corp.example", name="已离职 HR")
    await app.create_user(["employee"], email="staff@corp.example", name="Employee")
    await app.create_user(["dept_head"], email="head@corp.example", name="Head")
    disabled = {"is_active": False}
    await app.client.patch(f"/api/v1/users/{gone}", json=disabled, headers=await admin(app))
    listed = await app.client.get("/api/v1/feedback/assignees", headers=staff)
    assert listed.status_code == 200, listed.text
    people = listed.json()
    ids = [p["id"] for p in people]
    assert str(colleague) in ids
    assert str(boss) in ids
    assert str(gone) not in ids
    assert all(set(p) == {"id", "name"} for p in people)  # no e-mail addresses handed out
    me = await employee(app)
    refused = await app.client.get("/api/v1/feedback/assignees", headers=me.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"


async def test_resolve_with_adjustment_makes_a_revision_and_notifies(app: App) -> None:
    me = await employee(app)
    result = await publish(app, me.employee_no)
    feedback = (await ask(app, me.headers, result)).json()
    staff = await hr(app)
    url = f"/api/v1/feedback/{feedback['id']}/resolve"

    no_values = await app.client.post(
        url, json={"resolution": "adjusted", "note": "复核"}, headers=staff
    )
    assert no_values.status_code == 422
    values_without_adjusting = await app.client.post(
        url, json={"resolution": "upheld", "note": "x", "adjusted_total": 90}, headers=staff
    )
    assert values_without_adjusting.status_code == 422
    unknown = await app.client.post(
        url, json={"resolution": "adjusted", "note": "复核",
                   "adjusted_dimensions": [{"code": "nope", "score": 1}]}, headers=staff,
    )  # fmt: skip
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "adjusted_dimensions", 0, "code"]
    above = await app.client.post(
        url, json={"resolution": "adjusted", "note": "复核", "adjusted_total": 101}, headers=staff
    )
    assert above.status_code == 422
    bad_kind = await app.client.post(url, json={"resolution": "maybe", "note": "x"}, headers=staff)
    assert bad_kind.status_code == 422
    assert (await app.client.post(url, json={"resolution": "upheld", "note": "x"},
                                  headers=me.headers)).status_code == 403  # fmt: skip

    resolved = await app.client.post(
        url,
        json={
            "resolution": "adjusted",
            "note": "复核录音后上调沟通能力",
            "adjusted_total": 86,
            "adjusted_dimensions": [{"code": "communication", "score": 92}],
        },
        headers=staff,
    )
    assert resolved.status_code == 200, resolved.text
    body = resolved.json()
    assert body["status"] == "resolved"
    assert body["resolution"] == "adjusted"
    assert (body["adjusted_from"], body["adjusted_to"]) == (82.0, 86.0)
    assert body["result"]["revision"] == 2
    assert body["messages"][-1]["body"] == "复核录音后上调沟通能力"

    revisions = await app.client.get(f"/api/v1/results/{result}/revisions", headers=staff)
    newest = revisions.json()["items"][0]
    assert newest["revision"] == 2
    assert newest["source"] == "adjustment"
    assert newest["snapshot"]["reason"] == "复核录音后上调沟通能力"
    assert newest["snapshot"]["total_score"] == 86
    assert {d["code"]: d["score"] for d in newest["snapshot"]["dimensions"]} == {
        "communication": 92,
        "logic": 80,
    }
    mine = (await app.client.get(f"/api/v1/me/results/{result}", headers=me.headers)).json()
    assert mine["normalized_total"] == 86.0
    assert mine["dimensions"][0]["normalized"] == 92.0
    assert mine["feedback"]["status"] == "resolved"

    await app.run_jobs()
    titles = [n["title"] for n in (await notifications(app, me.headers))["items"]]
    assert "您的成绩已调整" in titles
    assert "您的疑问已处理" in titles
    assert "您的面试结果已发布" in titles

    again = await app.client.post(url, json={"resolution": "upheld", "note": "x"}, headers=staff)
    assert again.status_code == 409
    late = await app.client.post(
        f"/api/v1/feedback/{feedback['id']}/messages", json={"body": "谢谢"}, headers=me.headers
    )
    assert late.status_code == 409
    assign_late = await app.client.post(
        f"/api/v1/feedback/{feedback['id']}/assign", json={"user_id": None}, headers=staff
    )
    assert assign_late.status_code == 409
    # Resolved feedback no longer blocks a new question on the same result.
    assert (await ask(app, me.headers, result, "新的问题")).status_code == 201
    audit = await app.client.get(
        "/api/v1/audit-events", params={"person_id": me.person_id}, headers=await admin(app)
    )
    actions = {e["action"] for e in audit.json()["items"]}
    assert {"feedback.created", "feedback.resolved", "result.adjusted"} <= actions


async def test_upheld_and_metrics(app: App) -> None:
    me = await employee(app)
    staff = await hr(app)
    answered = (await ask(app, me.headers, await publish(app, me.employee_no))).json()
    waiting = (await ask(app, me.headers, await publish(app, me.employee_no))).json()
    await app.client.post(
        f"/api/v1/feedback/{answered['id']}/messages", json={"body": "已收到"}, headers=staff
    )
    upheld = await app.client.post(
        f"/api/v1/feedback/{answered['id']}/resolve",
        json={"resolution": "upheld", "note": "评分无误"},
        headers=staff,
    )
    assert upheld.status_code == 200
    assert upheld.json()["adjusted_to"] is None

    metrics = await app.client.get("/api/v1/feedback/metrics", headers=staff)
    assert metrics.status_code == 200, metrics.text
    body = metrics.json()
    assert body["window_days"] == 30
    assert body["created"] == 2
    assert body["open_count"] == 1
    assert body["overdue_count"] == 0
    assert body["answered_within_sla_share"] == 1.0
    assert 0 <= body["median_first_response_hours"] < 0.1
    assert waiting["status"] == "open"
    assert (await app.client.get("/api/v1/feedback/metrics", headers=me.headers)).status_code == 403
    bad = await app.client.get("/api/v1/feedback/metrics", params={"window_days": 0}, headers=staff)
    assert bad.status_code == 422


async def test_every_hr_reply_notifies_the_owner(app: App) -> None:
    me = await employee(app)
    feedback = (await ask(app, me.headers, await publish(app, me.employee_no))).json()
    staff = await hr(app)
    for body in ("第一次回复", "第二次回复", "第三次回复"):
        response = await app.client.post(
            f"/api/v1/feedback/{feedback['id']}/messages", json={"body": body}, headers=staff
        )
        assert response.status_code == 201, response.text
    await app.run_jobs()
    notes = await notifications(app, me.headers)
    replies = [n["body"] for n in notes["items"] if n["kind"] == "feedback.replied"]
    assert sorted(replies) == ["第一次回复", "第三次回复", "第二次回复"]
