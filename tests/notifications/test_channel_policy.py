"""Channels and the outgoing-request policy: refused addresses are a 422 when saved and never
reached when sending; keys in robot URLs are sealed and masked; a new address needs the secret
again; users see generic errors, never the other side's answer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from conftest import App
from notifications.servers import Robots, serve, smtp_server
from scorebridge.kit import egress
from scorebridge.notifications.models import NotificationChannel
from scorebridge.settings import Settings
from selfservice.support import employee, hr, publish
from vendor_support import admin


async def configure(app: App, kind: str, config: dict[str, Any], enabled: bool = True) -> Any:
    return await app.client.put(
        f"/api/v1/notification-channels/{kind}",
        json={"enabled": enabled, "config": config},
        headers=await admin(app),
    )


async def deliveries(app: App, channel: str) -> list[dict[str, Any]]:
    response = await app.client.get(
        "/api/v1/notification-deliveries", params={"channel": channel}, headers=await hr(app)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_refused_channel_addresses_are_a_422_naming_the_field(app: App) -> None:
    for kind, config, field in (
        ("wecom", {"webhook_url": "http://169.254.169.254/latest/meta-data/"}, "webhook_url"),
        ("wecom", {"webhook_url": "https://[::1]/cgi-bin/webhook/send?key=k"}, "webhook_url"),
        ("wecom", {"webhook_url": "https://0xa9fea9fe/x"}, "webhook_url"),
        ("dingtalk", {"webhook_url": "https://10.0.0.8/robot/send", "secret": "SEC1"},
         "webhook_url"),
        ("sms", {"url": "https://[::ffff:192.168.1.1]/send", "api_key": "k"}, "url"),
        ("sms", {"url": "http://sms.corp.example/send", "api_key": "k"}, "url"),  # plain http
        ("email", {"host": "127.0.0.2", "port": 25, "from": "a@corp.example"}, "host"),
        ("email", {"host": "0177.0.0.2", "port": 25, "from": "a@corp.example"}, "host"),
        ("email", {"host": "169.254.169.254", "port": 25, "from": "a@corp.example"}, "host"),
    ):  # fmt: skip
        response = await configure(app, kind, config)
        assert response.status_code == 422, (config, response.text)
        assert response.json()["errors"][0]["loc"] == ["body", "config", field], config
        assert egress.REFUSED in response.json()["detail"]
    # Allowed: the test settings name 127.0.0.1, and public https addresses.
    ok = await configure(app, "sms", {"url": "http://127.0.0.1:9/send", "api_key": "k"})
    assert ok.status_code == 200, ok.text


async def _store(app: App, kind: str, config: dict[str, Any]) -> None:
    """A config stored before the policy (or the name's DNS answer) changed."""
    async with app.db.unit_of_work() as session:
        session.add(NotificationChannel(kind=kind, enabled=True, config=config))


class TestWithoutAllowList:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """No allow-list: 127.0.0.1 and localhost are refused like any loopback address."""
        return settings.model_copy(update={"outbound_allow": ""})

    async def test_at_send_time_refused_addresses_fail_once_and_nothing_is_sent(
        self, app: App
    ) -> None:
        robots = Robots(sms_status=200)
        async with smtp_server() as (inbox, smtp_port), serve(robots.app()) as base:
            port = base.rsplit(":", 1)[1]
            await _store(
                app, "email", {"host": "localhost", "port": smtp_port, "from": "n@corp.cn"}
            )
            await _store(
                app,
                "wecom",
                {
                    "mode": "app",
                    "corp_id": "ww1",
                    "agent_id": 1,
                    "secret": "s",
                    "api_base": f"https://localhost:{port}",
                },
            )
            await _store(app, "sms", {"url": f"{base}/sms", "api_key": "sms-key"})
            me = await employee(app, phone="+86 138 0000 0000")
            await app.client.put(
                "/api/v1/me/notification-preferences",
                json={"channels": {"email": True, "wecom": True, "sms": True}},
                headers=me.headers,
            )
            await publish(app, me.employee_no)
            await app.run_jobs()
            assert inbox.messages == []
            assert robots.hits == {}
        for channel in ("email", "wecom", "sms"):
            [attempt] = await deliveries(app, channel)
            assert (attempt["status"], attempt["error"]) == ("failed", egress.REFUSED), channel


async def test_robot_keys_are_sealed_masked_and_kept_only_at_the_same_address(app: App) -> None:
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-robot-key"
    saved = await configure(app, "wecom", {"webhook_url": url})
    assert saved.status_code == 200, saved.text
    shown = saved.json()["config"]["webhook_url"]
    assert shown == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***"
    ding = "https://oapi.dingtalk.com/robot/send?access_token=ding-token-1"
    await configure(app, "dingtalk", {"webhook_url": ding, "secret": "SEC-ding"})
    listed = await app.client.get("/api/v1/notification-channels", headers=await admin(app))
    audit = await app.client.get(
        "/api/v1/audit-events",
        params={"action": "notification_channel.updated"},
        headers=await admin(app),
    )
    for text in (listed.text, audit.text):
        assert "wecom-robot-key" not in text
        assert "ding-token-1" not in text
        assert "access_token=***" in text
    async with app.db.engine.connect() as conn:
        raw = (await conn.exec_driver_sql("SELECT config FROM notification_channels")).all()
    assert "wecom-robot-key" not in str(raw)
    assert "ding-token-1" not in str(raw)

    # The masked URL sent back (same address) keeps the key …
    kept = await configure(app, "wecom", {"webhook_url": shown}, enabled=False)
    assert kept.status_code == 200, kept.text
    async with app.db.unit_of_work() as session:
        row = await session.get(NotificationChannel, "wecom")
        assert row is not None
        assert row.config["webhook_url"] == url
    # … but never goes to another host.
    moved = await configure(
        app, "wecom", {"webhook_url": "https://robots.attacker.example/send?key=***"}
    )
    assert moved.status_code == 422
    assert moved.json()["errors"][0]["loc"] == ["body", "config", "webhook_url"]


async def test_a_new_address_requires_the_secret_again(app: App) -> None:
    sms = {"url": "https://sms.corp.example/send", "api_key": "sms-key-1"}
    email = {"host": "smtp.corp.example", "port": 587, "username": "bot", "password": "pa55",
             "from": "noreply@corp.example"}  # fmt: skip
    assert (await configure(app, "sms", sms)).status_code == 200
    assert (await configure(app, "email", email)).status_code == 200
    for kind, config, field in (
        ("sms", {"url": "https://sms.attacker.example/send", "api_key": "***"}, "api_key"),
        ("email", {**email, "host": "smtp.attacker.example", "password": "***"}, "password"),
        ("email", {**email, "port": 2525, "password": "***"}, "password"),
    ):
        response = await configure(app, kind, config)
        assert response.status_code == 422, config
        assert response.json()["errors"][0]["loc"] == ["body", "config", field]
    # With the secret typed again the move is fine; the same address keeps "***".
    assert (await configure(app, "sms", {**sms, "api_key": "***"})).status_code == 200
    moved = {"url": "https://sms2.corp.example/send", "api_key": "sms-key-2"}
    assert (await configure(app, "sms", moved)).status_code == 200


class TestOneTry:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"notification_max_attempts": 1})

    async def test_wecom_error_bodies_are_not_shown(self, app: App) -> None:
        leaky = FastAPI()

        @leaky.get("/cgi-bin/gettoken")
        async def wecom_token() -> JSONResponse:
            return JSONResponse(
                {"errcode": 93000, "errmsg": "internal host db-7.corp:5432 said no"}
            )

        @leaky.post("/sms")
        async def sms_gateway() -> JSONResponse:
            return JSONResponse({"trace": "Traceback … at 10.1.2.3"}, status_code=502)

        async with serve(leaky) as base:
            await configure(
                app,
                "wecom",
                {"mode": "app", "corp_id": "ww1", "agent_id": 1, "secret": "s", "api_base": base},
            )
            await configure(app, "sms", {"url": f"{base}/sms", "api_key": "k"})
            me = await employee(app, phone="+86 138 0000 0001")
            await app.client.put(
                "/api/v1/me/notification-preferences",
                json={"channels": {"wecom": True, "sms": True}},
                headers=me.headers,
            )
            await publish(app, me.employee_no)
            await app.run_jobs()
        wecom = (await deliveries(app, "wecom"))[0]["error"]
        sms = (await deliveries(app, "sms"))[0]["error"]
        assert wecom == "WeCom errcode 93000"
        assert sms == "HTTP 502 from the endpoint"
