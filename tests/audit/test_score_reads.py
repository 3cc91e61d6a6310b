"""Reads of someone's scores are audited: a delivery's raw body (scores and contacts) and HR's
feedback list (which people's feedback was on the page); an employee's own reads are not."""

from __future__ import annotations

from typing import Any

from conftest import App
from selfservice.support import employee, hr, publish
from vendor_support import admin, create_vendor, deliveries, results, send, standard_data


async def _events(app: App, action: str) -> list[dict[str, Any]]:
    response = await app.client.get(
        "/api/v1/audit-events", params={"action": action}, headers=await admin(app)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_reading_a_raw_delivery_is_audited(app: App) -> None:
    await create_vendor(app)
    assert (await send(app, standard_data("raw-1"))).status_code == 202
    await app.run_jobs()
    [delivery] = await deliveries(app)
    [result] = await results(app)
    assert await _events(app, "delivery.viewed") == []
    shown = await app.client.get(f"/api/v1/deliveries/{delivery['id']}", headers=await admin(app))
    assert shown.status_code == 200
    [event] = await _events(app, "delivery.viewed")
    assert event["target_id"] == delivery["id"]
    assert event["subject_person_id"] == result["person"]["id"]
    assert event["detail"]["result_id"] == result["id"]


async def test_hr_feedback_list_is_audited_not_the_employee_own(app: App) -> None:
    me = await employee(app)
    result_id = await publish(app, me.employee_no)
    asked = await app.client.post(
        "/api/v1/feedback", json={"result_id": result_id, "message": "为什么?"}, headers=me.headers
    )
    assert asked.status_code == 201
    own = await app.client.get("/api/v1/feedback", headers=me.headers)
    assert own.status_code == 200
    assert await _events(app, "feedback.listed") == []
    listed = await app.client.get(
        "/api/v1/feedback", params={"status": "open"}, headers=await hr(app)
    )
    assert listed.status_code == 200
    [event] = await _events(app, "feedback.listed")
    assert event["detail"]["people"] == [me.person_id]
    assert event["detail"]["rows"] == 1
    assert event["detail"]["filters"] == {"status": "open"}
