"""The employee sees only what was published to them: after a vendor update waits for review,
feedback, my results, notifications and their live stream keep showing the published revision,
never the pending one (results/published.py)."""

from __future__ import annotations

from typing import Any

from conftest import App
from selfservice.support import employee, hr, notifications
from vendor_support import create_vendor, results, send, standard_data

PENDING_COMMENT = "PENDING-not-yet-reviewed"


async def _confirmed(app: App, employee_no: str) -> str:
    await create_vendor(app, slug="manual")
    data = standard_data("pv-1", candidate={"employee_no": employee_no, "name": "李雷"})
    assert (await send(app, data, slug="manual")).status_code == 202
    await app.run_jobs()
    [row] = await results(app)
    confirmed = await app.client.post(
        f"/api/v1/results/{row['id']}/review", json={"action": "confirm"}, headers=await hr(app)
    )
    assert confirmed.status_code == 200, confirmed.text
    await app.run_jobs()
    return str(row["id"])


async def _vendor_update(app: App, employee_no: str) -> None:
    data = standard_data(
        "pv-1",
        candidate={"employee_no": employee_no, "name": "李雷"},
        total_score=41,
        dimensions=[{"code": "communication", "name": "沟通能力", "score": 33, "max_score": 100}],
        comment=PENDING_COMMENT,
        position={"code": "secret-move", "name": "待定岗位"},
        updated_at="2026-11-21T10:00:00Z",
    )
    sent = await send(app, data, slug="manual", kind="interview.result.updated")
    assert sent.status_code == 202
    await app.run_jobs()


def _no_pending(text: str) -> None:
    compact = text.replace(" ", "")
    for leak in ('"total_score":41', '"score":33', PENDING_COMMENT, "secret-move", "待定岗位"):
        assert leak not in compact, leak


async def test_vendor_update_after_publish_stays_unseen_until_published(app: App) -> None:
    me = await employee(app)
    result_id = await _confirmed(app, me.employee_no)
    asked = await app.client.post(
        "/api/v1/feedback", json={"result_id": result_id, "message": "请解释"}, headers=me.headers
    )
    assert asked.status_code == 201, asked.text
    feedback_id = asked.json()["id"]

    await _vendor_update(app, me.employee_no)
    [current] = await results(app)
    assert (current["status"], current["published"], current["revision"]) == (
        "pending_review",
        False,
        2,
    )

    # The employee: the published revision everywhere.
    mine = await app.client.get(f"/api/v1/feedback/{feedback_id}", headers=me.headers)
    assert mine.status_code == 200
    shown: dict[str, Any] = mine.json()["result"]
    assert (shown["total_score"], shown["revision"]) == (82, 1)
    assert [d["score"] for d in shown["dimensions"]] == [85, 80]
    assert shown["position"]["code"] == "sales-rep"
    _no_pending(mine.text)
    listed = await app.client.get("/api/v1/feedback", headers=me.headers)
    _no_pending(listed.text)
    my_result = await app.client.get(f"/api/v1/me/results/{result_id}", headers=me.headers)
    assert my_result.status_code == 200
    assert (my_result.json()["total_score"], my_result.json()["comment"]) == (
        82,
        "候选人对行业趋势的理解深刻,适合销售岗位",
    )
    _no_pending(my_result.text)
    _no_pending((await app.client.get("/api/v1/me/results", headers=me.headers)).text)
    # HR: the current (pending) revision.
    theirs = await app.client.get(f"/api/v1/feedback/{feedback_id}", headers=await hr(app))
    assert theirs.json()["result"]["total_score"] == 41

    # HR adjusts the pending revision: still unseen (no numbers told, none shown).
    resolved = await app.client.post(
        f"/api/v1/feedback/{feedback_id}/resolve",
        json={"resolution": "adjusted", "note": "已复核", "adjusted_total": 45},
        headers=await hr(app),
    )
    assert resolved.status_code == 200, resolved.text
    await app.run_jobs()
    mine = await app.client.get(f"/api/v1/feedback/{feedback_id}", headers=me.headers)
    assert (mine.json()["adjusted_from"], mine.json()["adjusted_to"]) == (None, None)
    assert mine.json()["result"]["total_score"] == 82
    told = await notifications(app, me.headers)
    assert "result.adjusted" not in [n["kind"] for n in told["items"]]
    _no_pending(str(told))
    assert not [n for n in told["items"] if "45.0" in n["body"] or "41.0" in n["body"]]

    # Once HR confirms it, the new revision is what the employee sees (and is told).
    confirmed = await app.client.post(
        f"/api/v1/results/{result_id}/review", json={"action": "confirm"}, headers=await hr(app)
    )
    assert confirmed.status_code == 200
    await app.run_jobs()
    now = (await app.client.get(f"/api/v1/me/results/{result_id}", headers=me.headers)).json()
    assert (now["total_score"], now["revision"], now["comment"]) == (45, 3, PENDING_COMMENT)
    told = await notifications(app, me.headers, unread=True)
    assert any("45.0" in n["body"] for n in told["items"] if n["kind"] == "result.published")
