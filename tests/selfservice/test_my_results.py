"""My results: only my own published results, newest first, with history; never audited as
someone else's read; staff without me:results get 403."""

from __future__ import annotations

from conftest import App
from selfservice.support import employee, hr, publish, unpublished
from vendor_support import admin

MISSING = "00000000-0000-4000-8000-000000000000"


async def test_only_my_published_results_newest_first(app: App) -> None:
    me = await employee(app)
    other = await employee(app, "韩梅梅")
    older = await publish(app, me.employee_no, interviewed_at="2026-03-01T02:00:00Z",
                          total_score=70)  # fmt: skip
    newer = await publish(
        app, me.employee_no, interviewed_at="2026-09-01T02:00:00Z", total_score=88,
        position={"code": "pm", "name": "产品经理"},
    )  # fmt: skip
    pending = await unpublished(app, me.employee_no)
    theirs = await publish(app, other.employee_no)

    listed = await app.client.get("/api/v1/me/results", headers=me.headers)
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert [i["id"] for i in items] == [newer, older]
    first = items[0]
    assert first["total_score"] == 88
    assert first["normalized_total"] == 88.0
    assert first["position"]["name"] == "产品经理"
    assert first["batch"]["code"] == "2026-spring"
    assert [d["name"] for d in first["dimensions"]] == ["沟通能力", "逻辑思维"]
    assert first["comment"]
    assert first["suggestions"] == ["建议加强数据统计能力的学习"]
    assert first["feedback"] is None
    assert "flags" not in first
    assert "vendor" not in first

    paged = await app.client.get("/api/v1/me/results", params={"limit": 1}, headers=me.headers)
    assert [i["id"] for i in paged.json()["items"]] == [newer]
    rest = await app.client.get(
        "/api/v1/me/results",
        params={"limit": 1, "cursor": paged.json()["next_cursor"]},
        headers=me.headers,
    )
    assert [i["id"] for i in rest.json()["items"]] == [older]
    assert rest.json()["next_cursor"] is None

    detail = await app.client.get(f"/api/v1/me/results/{older}", headers=me.headers)
    assert detail.status_code == 200
    history = detail.json()["history"]
    assert [(h["result_id"], h["normalized_total"]) for h in history] == [
        (older, 70.0),
        (newer, 88.0),
    ]
    separate = await app.client.get("/api/v1/me/results/history", headers=me.headers)
    assert separate.json()["items"] == history

    for hidden in (pending, theirs, MISSING):
        response = await app.client.get(f"/api/v1/me/results/{hidden}", headers=me.headers)
        assert response.status_code == 404, hidden
        assert response.headers["content-type"].startswith("application/problem+json")

    # Reading my own results is not audited as a read of someone's scores.
    audit = await app.client.get(
        "/api/v1/audit-events", params={"person_id": me.person_id}, headers=await admin(app)
    )
    assert audit.status_code == 200
    assert not [e for e in audit.json()["items"] if e["action"] == "result.viewed"]


async def test_without_a_person_and_staff_roles(app: App) -> None:
    unlinked = await app.user_headers("employee")
    listed = await app.client.get("/api/v1/me/results", headers=unlinked)
    assert listed.status_code == 200
    assert listed.json() == {"items": [], "next_cursor": None}
    me = await employee(app)
    result = await publish(app, me.employee_no)
    assert (
        await app.client.get(f"/api/v1/me/results/{result}", headers=unlinked)
    ).status_code == 404
    history = await app.client.get("/api/v1/me/results/history", headers=unlinked)
    assert history.json() == {"items": []}

    for role in ("hr", "admin", "dept_head", "interviewer"):
        headers = await hr(app) if role == "hr" else await app.user_headers(role)
        response = await app.client.get("/api/v1/me/results", headers=headers)
        assert response.status_code == 403, role
        detail = await app.client.get(f"/api/v1/me/results/{result}", headers=headers)
        assert detail.status_code == 403, role
    assert (await app.client.get("/api/v1/me/results")).status_code == 401


async def test_feedback_shows_on_my_result(app: App) -> None:
    me = await employee(app)
    result = await publish(app, me.employee_no)
    created = await app.client.post(
        "/api/v1/feedback", json={"result_id": result, "message": "逻辑思维分数偏低?"},
        headers=me.headers,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    mine = await app.client.get(f"/api/v1/me/results/{result}", headers=me.headers)
    assert mine.json()["feedback"]["id"] == created.json()["id"]
    assert mine.json()["feedback"]["status"] == "open"
