""" "Send me a test" on the channel page: a real message to the signed-in admin over each
channel's real protocol, and the outcome in the admin's language with the provider's error code
in words."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from conftest import App
from notifications.push_service import Browser, PushService
from notifications.servers import serve, smtp_server
from notifications.test_channels import configure
from selfservice.support import employee, hr


@dataclass
class Provider:
    """A WeCom robot, a DingTalk robot and an SMS gateway answering what the test sets."""

    answers: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    hits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/{name}")
        async def answer(name: str, request: Request) -> JSONResponse:
            self.hits.append((name, await request.json()))
            status, body = self.answers.get(name, (200, {"errcode": 0, "errmsg": "ok"}))
            return JSONResponse(body, status_code=status)

        return app


async def signed_in_admin(app: App, locale: str | None = None, phone: str | None = None) -> Any:
    person_id = None
    if phone:
        created = await app.client.post(
            "/api/v1/people",
            json={"name": "王管理", "employee_no": f"A{uuid.uuid4().hex[:6]}", "phone": phone},
            headers=await hr(app),
        )
        person_id = uuid.UUID(created.json()["id"])
    email = f"admin-{uuid.uuid4().hex[:8]}@corp.example"
    await app.create_user(["admin"], email=email, person_id=person_id, name="王管理")
    headers = await app.login(email)
    if locale:
        await app.client.patch("/api/v1/me", json={"locale": locale}, headers=headers)
    return email, headers


async def test_a_test_message_reaches_the_admin_by_email(app: App) -> None:
    email, headers = await signed_in_admin(app)
    async with smtp_server() as (inbox, port):
        await configure(
            app, "email", {"host": "127.0.0.1", "port": port, "from": "noreply@corp.example"},
            enabled=False,
        )  # fmt: skip
        response = await app.client.post(
            "/api/v1/notification-channels/email/test", headers=headers
        )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "kind": "email",
        "ok": True,
        "message": "测试消息已发出:请查收邮件。",
        "error": None,
    }
    [mail] = inbox.messages
    assert mail["To"] == email
    assert mail["Subject"] == "ScoreBridge 测试消息"
    events = await app.client.get(
        "/api/v1/audit-events", params={"action": "notification_channel.tested"}, headers=headers
    )
    assert events.status_code == 200, events.text
    assert events.json()["items"][0]["detail"] == {"ok": True, "error": None}


async def test_provider_error_codes_in_words(app: App) -> None:
    provider = Provider(
        answers={
            "wecom": (200, {"errcode": 93000, "errmsg": "invalid webhook url"}),
            "dingtalk": (200, {"errcode": 310000, "errmsg": "sign not match"}),
            "sms": (401, {"error": "bad key"}),
        }
    )
    _, zh = await signed_in_admin(app, phone="+86 139 0000 0000")
    _, en = await signed_in_admin(app, locale="en")
    async with serve(provider.app()) as base:
        await configure(app, "wecom", {"webhook_url": f"{base}/wecom?key=k"})
        await configure(app, "dingtalk", {"webhook_url": f"{base}/dingtalk", "secret": "SEC1"})
        await configure(app, "sms", {"url": f"{base}/sms", "api_key": "wrong"})

        async def test(kind: str, headers: dict[str, str]) -> dict[str, Any]:
            response = await app.client.post(
                f"/api/v1/notification-channels/{kind}/test", headers=headers
            )
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            assert body["ok"] is False
            return body

        wecom = await test("wecom", zh)
        assert wecom["message"] == (
            "发送失败:Webhook 地址无效(key 不正确或机器人已删除)(错误码 93000)"
        )
        assert wecom["error"] == "the robot answered errcode 93000"
        ding = await test("dingtalk", en)
        assert ding["message"] == (
            "Sending failed: the robot's security check failed (signing secret, keyword or IP "
            "address does not match) (errcode 310000)"
        )
        sms = await test("sms", zh)
        assert sms["message"] == "发送失败:认证失败(密钥或令牌不正确)(HTTP 401)"
        assert provider.hits[-1][1]["to"] == "+86 139 0000 0000"
        no_phone = await test("sms", en)
        assert no_phone["message"] == (
            "Sending failed: your account is not linked to a person with a phone number"
        )
    [(_, robot)] = [hit for hit in provider.hits if hit[0] == "wecom"]
    assert "ScoreBridge 测试消息" in robot["markdown"]["content"]


async def test_a_test_push_reaches_the_admins_browser(app: App) -> None:
    service = PushService()
    _, headers = await signed_in_admin(app)
    async with serve(service.app()) as base:
        await configure(app, "webpush", {"subject": "mailto:it@corp.example"})
        url = "/api/v1/notification-channels/webpush/test"
        nobody = (await app.client.post(url, headers=headers)).json()
        assert nobody["ok"] is False
        assert nobody["message"] == (
            "发送失败:你还没有在任何浏览器开启推送:先在「通知设置」里打开「浏览器推送」"
        )
        browser = Browser(f"{base}/push/admin-laptop")
        await app.client.post(
            "/api/v1/me/push-subscriptions", json=browser.subscription(), headers=headers
        )
        sent = (await app.client.post(url, headers=headers)).json()
    assert sent["ok"] is True, sent
    assert sent["message"] == "测试消息已发出:请查收浏览器推送。"
    [push] = service.pushes
    shown = browser.read(push)
    assert shown["title"] == "ScoreBridge 测试消息"
    assert shown["link"] == "/notification-channels"


async def test_only_admins_test_configured_channels(app: App) -> None:
    _, headers = await signed_in_admin(app)
    unconfigured = await app.client.post("/api/v1/notification-channels/sms/test", headers=headers)
    assert unconfigured.status_code == 409
    unknown = await app.client.post("/api/v1/notification-channels/pigeon/test", headers=headers)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["path", "kind"]
    me = await employee(app)
    forbidden = await app.client.post(
        "/api/v1/notification-channels/email/test", headers=me.headers
    )
    assert forbidden.status_code == 403
    assert (await app.client.post("/api/v1/notification-channels/email/test")).status_code == 401
