"""External channels over their real protocols: SMTP to aiosmtpd, WeCom and DingTalk apps (the
in-repo emulator) and an SMS gateway served locally. A channel that fails is retried with
backoff and every attempt is logged, while the other channels still deliver."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from conftest import App
from enterprise_emulator import (
    AGENT_ID,
    CORP_ID,
    CORP_SECRET,
    DINGTALK_AGENT_ID,
    DINGTALK_CLIENT_ID,
    DINGTALK_CLIENT_SECRET,
    Emulator,
    running,
)
from notifications.servers import Robots, free_port, serve, smtp_server
from scorebridge.app import create_app
from scorebridge.settings import Settings
from selfservice.support import employee, hr, notifications, publish
from vendor_support import admin


@pytest.fixture
async def fast_retries(settings: Settings) -> AsyncIterator[App]:
    fast = settings.model_copy(
        update={"notification_retry_base_seconds": 0.05, "notification_max_attempts": 3}
    )
    asgi = create_app(fast)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, client=("203.0.113.7", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield App(asgi, client, fast)


async def configure(app: App, kind: str, config: dict[str, Any], enabled: bool = True) -> Any:
    return await app.client.put(
        f"/api/v1/notification-channels/{kind}",
        json={"enabled": enabled, "config": config},
        headers=await admin(app),
    )


async def deliveries(app: App, **params: Any) -> list[dict[str, Any]]:
    response = await app.client.get(
        "/api/v1/notification-deliveries", params=params, headers=await hr(app)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_every_channel_delivers_and_a_failing_one_is_retried(fast_retries: App) -> None:
    app = fast_retries
    robots, emulator = Robots(), Emulator()
    async with (
        smtp_server() as (inbox, smtp_port),
        serve(robots.app()) as base,
        running(emulator) as apps,
    ):
        for kind, config in (
            ("email", {"host": "127.0.0.1", "port": smtp_port, "from": "noreply@scorebridge.cn"}),
            ("wecom", {"mode": "app", "corp_id": CORP_ID, "agent_id": AGENT_ID,
                       "secret": CORP_SECRET, "api_base": apps}),
            ("dingtalk", {"mode": "app", "client_id": DINGTALK_CLIENT_ID,
                          "client_secret": DINGTALK_CLIENT_SECRET,
                          "agent_id": DINGTALK_AGENT_ID, "oapi_base": apps, "api_base": apps}),
            ("sms", {"url": f"{base}/sms", "api_key": "sms-key-123"}),
        ):  # fmt: skip
            response = await configure(app, kind, config)
            assert response.status_code == 200, response.text
        me = await employee(app, phone="+86 138 0013 8000")
        emulator.add_member(me.employee_no, "李雷")
        prefs = await app.client.put(
            "/api/v1/me/notification-preferences",
            json={"channels": {"email": True, "wecom": True, "dingtalk": True, "sms": True}},
            headers=me.headers,
        )
        assert prefs.status_code == 200, prefs.text
        result = await publish(app, me.employee_no, position={"code": "pm", "name": "产品经理"})
        await app.run_jobs()

        # In-app, always.
        notes = await notifications(app, me.headers)
        [note] = notes["items"]
        assert note["kind"] == "result.published"
        assert note["title"] == "您的面试结果已发布"
        assert note["link"] == f"/my-results/{result}"
        assert note["data"]["result_id"] == result
        assert notes["unread_count"] == 1

        # Email over SMTP, in Chinese.
        [mail] = inbox.messages
        assert mail["Subject"] == "您的面试结果已发布"
        assert mail["To"] == me.email
        assert mail["From"] == "noreply@scorebridge.cn"
        text = mail.get_content()
        assert "产品经理面试结果已发布" in text
        assert "总分 82.0" in text

        # WeCom and DingTalk: to the person's own account (the employee number as userid).
        [wecom] = emulator.received("wecom", me.employee_no)
        assert wecom.msgtype == "text"  # no SCOREBRIDGE_PUBLIC_URL: nothing to link to
        assert "您的面试结果已发布" in wecom.body["text"]["content"]
        [ding] = emulator.received("dingtalk", me.employee_no)
        assert ding.msgtype == "markdown"
        assert ding.body["msg"]["markdown"]["title"] == "您的面试结果已发布"

        # The SMS gateway is down: three tries (backoff), logged, never blocking the others.
        sms_hits = robots.hits["sms"]
        assert len(sms_hits) == 3
        assert sms_hits[0].headers["authorization"] == "Bearer sms-key-123"
        assert sms_hits[0].body["to"] == "+86 138 0013 8000"
        assert "您的面试结果已发布" in sms_hits[0].body["message"]

    sms_log = await deliveries(app, channel="sms")
    assert [(d["attempt"], d["status"]) for d in sms_log] == [
        (3, "failed"),
        (2, "retrying"),
        (1, "retrying"),
    ]
    assert "HTTP 500" in sms_log[0]["error"]
    assert sms_log[0]["kind"] == "result.published"
    sent = await deliveries(app, status="sent")
    assert sorted(d["channel"] for d in sent) == ["dingtalk", "email", "wecom"]
    assert all(d["attempt"] == 1 and d["error"] is None for d in sent)
    paged = await app.client.get(
        "/api/v1/notification-deliveries", params={"limit": 2}, headers=await admin(app)
    )
    assert len(paged.json()["items"]) == 2
    assert paged.json()["next_cursor"]
    assert (
        await app.client.get("/api/v1/notification-deliveries", headers=me.headers)
    ).status_code == 403
    bad = await app.client.get(
        "/api/v1/notification-deliveries", params={"status": "lost"}, headers=await hr(app)
    )
    assert bad.status_code == 422


async def test_closed_port_is_retried_while_email_still_delivers(fast_retries: App) -> None:
    app = fast_retries
    async with smtp_server() as (inbox, smtp_port):
        await configure(app, "email", {"host": "127.0.0.1", "port": smtp_port,
                                       "from": "noreply@scorebridge.cn"})  # fmt: skip
        closed = free_port()
        await configure(app, "wecom", {"mode": "app", "corp_id": CORP_ID, "agent_id": AGENT_ID,
                                       "secret": CORP_SECRET,
                                       "api_base": f"http://127.0.0.1:{closed}"})  # fmt: skip
        me = await employee(app, locale="en")
        await app.client.put(
            "/api/v1/me/notification-preferences",
            json={"channels": {"wecom": True}},
            headers=me.headers,
        )
        await publish(app, me.employee_no)
        await app.run_jobs()
        [mail] = inbox.messages
        assert mail["Subject"] == "Your interview result is published"
    wecom = await deliveries(app, channel="wecom")
    assert [d["status"] for d in wecom] == ["failed", "retrying", "retrying"]
    assert wecom[0]["error"] == "WeCom: connection failed"
    assert [d["status"] for d in await deliveries(app, channel="email")] == ["sent"]


async def test_channel_configuration_is_admin_only_and_masks_secrets(app: App) -> None:
    boss = await admin(app)
    listed = await app.client.get("/api/v1/notification-channels", headers=boss)
    assert listed.status_code == 200
    assert [(c["kind"], c["enabled"], c["configured"]) for c in listed.json()] == [
        ("email", False, False),
        ("wecom", False, False),
        ("dingtalk", False, False),
        ("sms", False, False),
        ("webpush", False, False),
    ]
    masked_unknown = await configure(
        app, "dingtalk", {"webhook_url": "https://x.example", "secret": "***"}
    )
    assert masked_unknown.status_code == 422
    assert masked_unknown.json()["errors"][0]["loc"] == ["body", "config", "secret"]
    email = {"host": "smtp.corp.example", "port": 587, "username": "bot", "password": "pa55",
             "from": "noreply@corp.example", "starttls": True}  # fmt: skip
    saved = await configure(app, "email", email)
    assert saved.status_code == 200, saved.text
    assert saved.json()["config"]["password"] == "***"
    assert saved.json()["config"]["from"] == "noreply@corp.example"
    dingtalk = {
        "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=x",
        "secret": "SECx",
    }  # fmt: skip  (a v1 config: no mode is a robot)
    await configure(app, "dingtalk", dingtalk)
    await configure(app, "sms", {"url": "https://sms.corp.example/send", "api_key": "k-1"})
    listed = (await app.client.get("/api/v1/notification-channels", headers=boss)).json()
    by_kind = {c["kind"]: c for c in listed}
    assert by_kind["dingtalk"]["config"]["secret"] == "***"
    assert by_kind["sms"]["config"]["api_key"] == "***"
    for secret in ("pa55", "SECx", "k-1"):
        assert secret not in str(listed)

    # "***" keeps the stored secret (while the address is unchanged).
    kept = await configure(
        app, "email", {**email, "password": "***", "starttls": False}, enabled=False
    )
    assert kept.status_code == 200
    assert kept.json()["enabled"] is False
    async with app.db.unit_of_work() as session:
        from scorebridge.notifications.models import NotificationChannel

        row = await session.get(NotificationChannel, "email")
        assert row is not None
        assert row.config["password"] == "pa55"
        assert row.config["starttls"] is False

    for kind, config, loc in (
        ("email", {"host": "h", "port": 0, "from": "a@b.cn"}, "port"),
        ("email", {"host": "h", "port": 25, "from": "nope"}, "from"),
        ("wecom", {"webhook_url": "not a url"}, "webhook_url"),
        ("dingtalk", {"webhook_url": "https://x.example"}, "secret"),
        ("sms", {"url": "https://x.example", "api_key": "k", "bad": True}, "bad"),
        ("wecom", {"webhook_url": "https://x.example", "extra": 1}, "extra"),
    ):
        response = await configure(app, kind, config)
        assert response.status_code == 422, (kind, response.text)
        assert response.json()["errors"][0]["loc"][:3] == ["body", "config", loc]
    unknown = await configure(app, "pigeon", {})
    assert unknown.status_code == 422
    for role in ("hr", "employee"):
        headers = await app.user_headers(role)
        assert (
            await app.client.get("/api/v1/notification-channels", headers=headers)
        ).status_code == 403
        refused = await app.client.put(
            "/api/v1/notification-channels/email",
            json={"enabled": False, "config": email},
            headers=headers,
        )
        assert refused.status_code == 403
    audit = await app.client.get(
        "/api/v1/audit-events", params={"action": "notification_channel.updated"}, headers=boss
    )
    assert len(audit.json()["items"]) >= 4
    assert "pa55" not in audit.text
