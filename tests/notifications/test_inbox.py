"""In-app notifications: list (unread filter, cursor), unread count, read one / all, the
user's language, preferences; publishing by HR review notifies too."""

from __future__ import annotations

from conftest import App
from selfservice.support import employee, hr, notifications, publish, unpublished

MISSING = "00000000-0000-4000-8000-000000000000"


async def test_list_read_and_read_all(app: App) -> None:
    me = await employee(app)
    other = await employee(app, "韩梅梅", locale="en")
    for _ in range(3):
        await publish(app, me.employee_no)
    await publish(app, other.employee_no)

    listed = await notifications(app, me.headers, limit=2)
    assert listed["unread_count"] == 3
    assert len(listed["items"]) == 2
    rest = await notifications(app, me.headers, limit=2, cursor=listed["next_cursor"])
    assert len(rest["items"]) == 1
    assert rest["next_cursor"] is None

    theirs = (await notifications(app, other.headers))["items"]
    assert [n["title"] for n in theirs] == ["Your interview result is published"]
    assert theirs[0]["body"].startswith("Your sales-rep") is False
    assert "销售代表" in theirs[0]["body"]

    first = listed["items"][0]["id"]
    read = await app.client.post(f"/api/v1/notifications/{first}/read", headers=me.headers)
    assert read.status_code == 200
    assert read.json()["read_at"]
    again = await app.client.post(f"/api/v1/notifications/{first}/read", headers=me.headers)
    assert again.json()["read_at"] == read.json()["read_at"]
    count = await app.client.get("/api/v1/notifications/unread-count", headers=me.headers)
    assert count.json() == {"unread_count": 2}
    unread = await notifications(app, me.headers, unread="true")
    assert first not in [n["id"] for n in unread["items"]]
    assert len(unread["items"]) == 2

    # Someone else's notification does not exist for me.
    stolen = await app.client.post(
        f"/api/v1/notifications/{theirs[0]['id']}/read", headers=me.headers
    )
    assert stolen.status_code == 404
    missing = await app.client.post(f"/api/v1/notifications/{MISSING}/read", headers=me.headers)
    assert missing.status_code == 404

    all_read = await app.client.post("/api/v1/notifications/read-all", headers=me.headers)
    assert all_read.json() == {"marked": 2}
    assert (await notifications(app, me.headers))["unread_count"] == 0
    assert (await notifications(app, other.headers))["unread_count"] == 1
    assert (await app.client.get("/api/v1/notifications")).status_code == 401


async def test_review_publishes_and_notifies_once(app: App) -> None:
    me = await employee(app)
    pending = await unpublished(app, me.employee_no)
    assert (await notifications(app, me.headers))["items"] == []
    confirmed = await app.client.post(
        f"/api/v1/results/{pending}/review", json={"action": "confirm"}, headers=await hr(app)
    )
    assert confirmed.status_code == 200
    await app.run_jobs()
    [note] = (await notifications(app, me.headers))["items"]
    assert note["kind"] == "result.published"
    assert note["data"]["result_id"] == pending

    # Re-delivering the event (at-least-once) does not notify twice.
    from scorebridge.notifications.tasks import result_published

    await result_published(app.asgi.state.job_context, {"result_id": pending})
    assert len((await notifications(app, me.headers))["items"]) == 1


async def test_preferences(app: App) -> None:
    me = await employee(app)
    url = "/api/v1/me/notification-preferences"
    current = await app.client.get(url, headers=me.headers)
    assert current.status_code == 200
    assert current.json() == {
        "channels": {"in_app": True, "email": True, "wecom": False, "dingtalk": False,
                     "sms": False, "webpush": False},
        "available": ["in_app"],
    }  # fmt: skip
    changed = await app.client.put(
        url, json={"channels": {"in_app": False, "email": False, "sms": True}}, headers=me.headers
    )
    assert changed.status_code == 200
    assert changed.json()["channels"] == {
        "in_app": True, "email": False, "wecom": False, "dingtalk": False, "sms": True,
        "webpush": False,
    }  # fmt: skip
    assert (await app.client.get(url, headers=me.headers)).json() == changed.json()
    partial = await app.client.put(url, json={"channels": {"wecom": True}}, headers=me.headers)
    assert partial.json()["channels"]["sms"] is True
    assert partial.json()["channels"]["wecom"] is True
    for bad in ({"channels": {"pigeon": True}}, {"channels": {"email": "often"}}, {}):
        assert (await app.client.put(url, json=bad, headers=me.headers)).status_code == 422
    # Every signed-in user has preferences (HR gets overdue notices).
    assert (await app.client.get(url, headers=await hr(app))).status_code == 200
