"""Overdue feedback: flagged once to HR after the SLA, escalated once to admins after twice
the SLA (a tiny SLA through a settings override); clients with feedback:read list it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from conftest import App
from scorebridge.app import create_app
from scorebridge.feedback.tasks import check_overdue
from scorebridge.settings import Settings
from selfservice.support import employee, hr, notifications, publish

SLA_HOURS = 0.0005  # 1.8 s


@pytest.fixture
async def short_sla(settings: Settings) -> AsyncIterator[App]:
    asgi = create_app(settings.model_copy(update={"feedback_sla_hours": SLA_HOURS}))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, client=("203.0.113.7", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield App(asgi, client, asgi.state.settings)


async def test_overdue_is_flagged_then_escalated_once(short_sla: App) -> None:
    app = short_sla
    me = await employee(app)
    staff = await hr(app)
    admin = await app.user_headers("admin")
    created = await app.client.post(
        "/api/v1/feedback",
        json={"result_id": await publish(app, me.employee_no), "message": "请复核"},
        headers=me.headers,
    )
    assert created.status_code == 201
    feedback_id = created.json()["id"]
    check = lambda: check_overdue(app.asgi.state.job_context)  # noqa: E731

    await check()
    await app.run_jobs()
    told = await notifications(app, staff)
    assert [n["kind"] for n in told["items"]] == ["feedback.created"]  # the SLA < 4 h: no
    # separate "due soon" reminder moments after HR heard of the question

    await asyncio.sleep(SLA_HOURS * 3600 * 1.2)
    await check()
    await check()  # a second run notifies nobody again
    await app.run_jobs()
    hr_notes = await notifications(app, staff)
    assert [n["kind"] for n in hr_notes["items"]] == ["feedback.overdue", "feedback.created"]
    assert hr_notes["items"][0]["title"] == "员工疑问已超时"
    assert "李雷" in hr_notes["items"][0]["body"]
    assert hr_notes["items"][0]["link"] == f"/feedback-inbox/{feedback_id}"
    assert (await notifications(app, admin))["items"] == []
    listed = await app.client.get("/api/v1/feedback", params={"overdue": "true"}, headers=staff)
    [row] = listed.json()["items"]
    assert row["overdue"] is True
    assert row["overdue_at"]
    assert row["escalated_at"] is None
    metrics = (await app.client.get("/api/v1/feedback/metrics", headers=staff)).json()
    assert metrics["overdue_count"] == 1
    assert metrics["answered_within_sla_share"] == 0.0

    await asyncio.sleep(SLA_HOURS * 3600)
    await check()
    await check()
    await app.run_jobs()
    admin_notes = await notifications(app, admin)
    assert [n["kind"] for n in admin_notes["items"]] == ["feedback.escalated"]
    assert [n["kind"] for n in (await notifications(app, staff))["items"]] == [
        "feedback.overdue",
        "feedback.created",
    ]
    escalated = (await app.client.get(f"/api/v1/feedback/{feedback_id}", headers=staff)).json()
    assert escalated["escalated_at"]

    # Once HR answers it is no longer overdue.
    await app.client.post(
        f"/api/v1/feedback/{feedback_id}/messages", json={"body": "抱歉久等"}, headers=staff
    )
    listed = await app.client.get("/api/v1/feedback", params={"overdue": "true"}, headers=staff)
    assert listed.json()["items"] == []


async def test_integration_client_with_feedback_read_lists_all(app: App) -> None:
    me = await employee(app)
    created = await app.client.post(
        "/api/v1/feedback",
        json={"result_id": await publish(app, me.employee_no), "message": "?"},
        headers=me.headers,
    )
    admin = await app.user_headers("admin")
    client = await app.client.post(
        "/api/v1/integration-clients",
        json={"name": "OA", "scopes": ["feedback:read"]},
        headers=admin,
    )
    assert client.status_code == 201, client.text
    token = await app.client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client.json()["client_id"],
            "client_secret": client.json()["client_secret"],
            "scope": "feedback:read",
        },
    )
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    listed = await app.client.get("/api/v1/feedback", headers=headers)
    assert [f["id"] for f in listed.json()["items"]] == [created.json()["id"]]
    reply = await app.client.post(
        f"/api/v1/feedback/{created.json()['id']}/messages", json={"body": "x"}, headers=headers
    )
    assert reply.status_code == 403
    assert (await app.client.get("/api/v1/notifications", headers=headers)).status_code == 403
