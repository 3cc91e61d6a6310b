"""Privacy requests: filing (with due_at), bad input, the HR queue and its scope, SLA metrics,
resolution with notifications both ways, overdue flagging, audit."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from conftest import App
from scorebridge.kit.db import utcnow
from scorebridge.notifications.hub import hub_for
from scorebridge.privacy import requests as privacy_requests
from scorebridge.privacy.models import PrivacyRequest
from selfservice.support import employee, hr, notifications, publish
from vendor_support import admin

MINE = "/api/v1/me/privacy-requests"
QUEUE = "/api/v1/privacy-requests"


async def test_filing_a_request_sets_due_at_and_tells_hr_in_their_language(app: App) -> None:
    me = await employee(app, "韩梅梅")
    result = await publish(app, me.employee_no)
    hr_zh = await hr(app)
    await app.create_user(["hr"], email="hr.en@corp.example")
    hr_en = await app.login("hr.en@corp.example")
    await app.client.patch("/api/v1/me", json={"locale": "en"}, headers=hr_en)

    response = await app.client.post(
        MINE,
        json={"kind": "correction", "message": "我的工号填错了", "result_id": result},
        headers=me.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "open"
    assert body["overdue"] is False
    due = datetime.fromisoformat(body["due_at"]) - datetime.fromisoformat(body["created_at"])
    assert due == timedelta(days=15)

    zh = (await notifications(app, hr_zh))["items"][0]
    assert zh["title"] == "新的个人信息请求"
    assert "韩梅梅" in zh["body"]
    assert "更正" in zh["body"]
    en = (await notifications(app, hr_en))["items"][0]
    assert en["title"] == "New privacy request"
    assert "correction" in en["body"]

    mine = (await app.client.get(MINE, headers=me.headers)).json()["items"]
    assert [r["id"] for r in mine] == [body["id"]]
    other = await employee(app, "王五")
    assert (await app.client.get(MINE, headers=other.headers)).json()["items"] == []


async def test_bad_requests_are_named(app: App) -> None:
    me = await employee(app)
    other = await employee(app, "王五")
    foreign = await publish(app, other.employee_no)
    cases = [
        ({"kind": "erase-everything", "message": "x"}, ["body", "kind"]),
        ({"kind": "deletion", "message": ""}, ["body", "message"]),
        ({"kind": "deletion", "message": "x" * 2001}, ["body", "message"]),
        ({"kind": "deletion"}, ["body", "message"]),
        ({"kind": "deletion", "message": "x", "result_id": "nope"}, ["body", "result_id"]),
        ({"kind": "deletion", "message": "x", "result_id": foreign}, ["body", "result_id"]),
    ]
    for body, loc in cases:
        response = await app.client.post(MINE, json=body, headers=me.headers)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["loc"] == loc, body
    first = await app.client.post(
        MINE, json={"kind": "objection", "message": "不同意自动化决策"}, headers=me.headers
    )
    assert first.status_code == 201
    again = await app.client.post(
        MINE, json={"kind": "objection", "message": "再说一次"}, headers=me.headers
    )
    assert again.status_code == 409
    assert again.json()["existing_id"] == first.json()["id"]
    unlinked = await app.user_headers("employee")
    refused = await app.client.post(
        MINE, json={"kind": "objection", "message": "x"}, headers=unlinked
    )
    assert refused.status_code == 403


async def test_queue_scope_metrics_and_resolution(app: App) -> None:
    me = await employee(app)
    created = await app.client.post(
        MINE, json={"kind": "explanation", "message": "AI 如何打分?"}, headers=me.headers
    )
    request_id = created.json()["id"]
    for role in ("dept_head", "interviewer", "employee"):
        headers = await app.user_headers(role)
        assert (await app.client.get(QUEUE, headers=headers)).status_code == 403, role
        resolve = await app.client.post(
            f"{QUEUE}/{request_id}/resolve",
            json={"resolution": "done", "note": "x"},
            headers=headers,
        )
        assert resolve.status_code == 403, role
    assert (await app.client.get(QUEUE, headers=me.headers)).status_code == 403
    for headers in (await hr(app), await admin(app)):
        queue = await app.client.get(QUEUE, headers=headers)
        assert queue.status_code == 200
        [item] = queue.json()["items"]
        assert item["person"]["id"] == me.person_id
    assert (await app.client.get(QUEUE, params={"kind": "deletion"}, headers=await hr(app))).json()[
        "items"
    ] == []
    bad_sort = await app.client.get(QUEUE, params={"sort": "name"}, headers=await hr(app))
    assert bad_sort.status_code == 422
    metrics = (await app.client.get(f"{QUEUE}/metrics", headers=await hr(app))).json()
    assert metrics["open_count"] == 1
    assert metrics["overdue_count"] == 0

    bad = await app.client.post(
        f"{QUEUE}/{request_id}/resolve",
        json={"resolution": "maybe", "note": "x"},
        headers=await hr(app),
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "resolution"]
    no_note = await app.client.post(
        f"{QUEUE}/{request_id}/resolve", json={"resolution": "done"}, headers=await hr(app)
    )
    assert no_note.status_code == 422
    missing = await app.client.post(
        f"{QUEUE}/00000000-0000-4000-8000-000000000000/resolve",
        json={"resolution": "done", "note": "x"},
        headers=await hr(app),
    )
    assert missing.status_code == 404
    resolved = await app.client.post(
        f"{QUEUE}/{request_id}/resolve",
        json={"resolution": "done", "note": "评分依据已发送到您的邮箱"},
        headers=await hr(app),
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "done"
    twice = await app.client.post(
        f"{QUEUE}/{request_id}/resolve",
        json={"resolution": "declined", "note": "x"},
        headers=await hr(app),
    )
    assert twice.status_code == 409
    told = (await notifications(app, me.headers))["items"][0]
    assert told["title"] == "您的个人信息请求已处理"
    assert "解释" in told["body"]
    assert "评分依据已发送到您的邮箱" in told["body"]
    mine = (await app.client.get(MINE, headers=me.headers)).json()["items"][0]
    assert mine["status"] == "done"
    assert mine["note"] == "评分依据已发送到您的邮箱"
    audit = await app.client.get(
        "/api/v1/audit-events", params={"person_id": me.person_id}, headers=await admin(app)
    )
    actions = {e["action"] for e in audit.json()["items"]}
    assert {"privacy_request.created", "privacy_request.resolved"} <= actions


async def test_overdue_requests_are_flagged_once(app: App) -> None:
    me = await employee(app, "李雷")
    created = await app.client.post(
        MINE, json={"kind": "correction", "message": "改名"}, headers=me.headers
    )
    hr_headers = await hr(app)
    async with app.db.unit_of_work() as session:
        await session.execute(update(PrivacyRequest).values(due_at=utcnow() - timedelta(hours=1)))
    for _ in range(2):
        async with app.db.unit_of_work() as session:
            await privacy_requests.flag_overdue(session, hub_for(app.settings.redis_url))
    overdue = [
        n
        for n in (await notifications(app, hr_headers))["items"]
        if n["title"] == "个人信息请求已超期"
    ]
    assert len(overdue) == 1
    assert "李雷" in overdue[0]["body"]
    queue = await app.client.get(QUEUE, params={"overdue": "true"}, headers=hr_headers)
    assert [r["id"] for r in queue.json()["items"]] == [created.json()["id"]]
    assert queue.json()["items"][0]["overdue"] is True
    metrics = (await app.client.get(f"{QUEUE}/metrics", headers=hr_headers)).json()
    assert metrics["overdue_count"] == 1
