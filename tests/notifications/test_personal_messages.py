"""Personal messages: WeCom and DingTalk app mode reach the person's own account (through the
in-repo emulator), robots never carry personal notices, and every failure is a logged delivery
attempt with a readable reason that does not hold up the other channels."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

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
from notifications.servers import Robots, serve
from notifications.test_channels import configure, deliveries
from scorebridge.app import create_app
from scorebridge.auth.models import User
from scorebridge.notifications import channel_test, delivery
from scorebridge.settings import Settings
from selfservice.support import Employee, employee, notifications, publish
from vendor_support import admin

PUBLIC_URL = "https://scorebridge.corp.example"


@pytest.fixture
async def messaging(settings: Settings) -> AsyncIterator[App]:
    fast = settings.model_copy(
        update={
            "notification_retry_base_seconds": 0.05,
            "notification_max_attempts": 3,
            "public_url": PUBLIC_URL,
        }
    )
    asgi = create_app(fast)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, client=("203.0.113.7", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield App(asgi, client, fast)


@pytest.fixture
async def emulated() -> AsyncIterator[tuple[Emulator, str]]:
    emulator = Emulator()
    async with running(emulator) as base:
        yield emulator, base


def wecom_app(base: str, **changes: Any) -> dict[str, Any]:
    return {"mode": "app", "corp_id": CORP_ID, "agent_id": AGENT_ID, "secret": CORP_SECRET,
            "api_base": base, **changes}  # fmt: skip


def dingtalk_app(base: str, **changes: Any) -> dict[str, Any]:
    return {"mode": "app", "client_id": DINGTALK_CLIENT_ID,
            "client_secret": DINGTALK_CLIENT_SECRET, "agent_id": DINGTALK_AGENT_ID,
            "oapi_base": base, "api_base": base, **changes}  # fmt: skip


async def wants(app: App, me: Employee, *channels: str) -> None:
    response = await app.client.put(
        "/api/v1/me/notification-preferences",
        json={"channels": dict.fromkeys(channels, True)},
        headers=me.headers,
    )
    assert response.status_code == 200, response.text


async def member(app: App, emulator: Emulator, *channels: str, **details: Any) -> Employee:
    me = await employee(app, **details)
    emulator.add_member(me.employee_no, "李雷")
    await wants(app, me, *channels)
    return me


async def test_app_mode_reaches_the_person_with_a_card_linking_to_the_result(
    messaging: App, emulated: tuple[Emulator, str]
) -> None:
    app, (emulator, base) = messaging, emulated
    assert (await configure(app, "wecom", wecom_app(base))).status_code == 200
    saved = await configure(app, "dingtalk", dingtalk_app(base))
    assert saved.status_code == 200, saved.text
    me = await member(app, emulator, "wecom", "dingtalk")
    result = await publish(app, me.employee_no, position={"code": "pm", "name": "产品经理"})
    await app.run_jobs()

    [card] = emulator.received("wecom", me.employee_no)
    assert card.msgtype == "textcard"
    assert card.body["touser"] == me.employee_no
    assert card.body["textcard"]["title"] == "您的面试结果已发布"
    assert "产品经理面试结果已发布" in card.body["textcard"]["description"]
    assert card.body["textcard"]["url"] == f"{PUBLIC_URL}/my-results/{result}"
    [work] = emulator.received("dingtalk", me.employee_no)
    assert work.body["userid_list"] == me.employee_no
    action = work.body["msg"]["action_card"]
    assert action["single_url"] == f"{PUBLIC_URL}/my-results/{result}"
    assert action["title"] == "您的面试结果已发布"
    sent = await deliveries(app, status="sent")
    assert sorted(d["channel"] for d in sent) == ["dingtalk", "wecom"]
    assert [n["kind"] for n in (await notifications(app, me.headers))["items"]] == [
        "result.published"
    ]


async def test_token_is_fetched_once_for_many_messages_and_refreshed_once_on_expiry(
    messaging: App, emulated: tuple[Emulator, str]
) -> None:
    app, (emulator, base) = messaging, emulated
    await configure(app, "wecom", wecom_app(base))
    people = [await member(app, emulator, "wecom") for _ in range(4)]
    for me in people:
        await publish(app, me.employee_no)
    assert len(emulator.received("wecom")) == 4
    assert emulator.token_fetches["wecom"] == 1

    emulator.expire_tokens()  # mid-run: the next send answers 42001
    for me in people[:2]:
        await publish(app, me.employee_no)
    assert len(emulator.received("wecom")) == 6
    assert emulator.token_fetches["wecom"] == 2
    assert {d["status"] for d in await deliveries(app, channel="wecom")} == {"sent"}


async def test_rate_limit_is_retried_and_an_unknown_userid_fails_readably(
    messaging: App, emulated: tuple[Emulator, str]
) -> None:
    app, (emulator, base) = messaging, emulated
    await configure(app, "wecom", wecom_app(base))
    await configure(app, "dingtalk", dingtalk_app(base))
    me = await member(app, emulator, "wecom", "dingtalk")
    emulator.rate_limit["wecom"] = 1
    await publish(app, me.employee_no)
    await app.run_jobs()
    limited = await deliveries(app, channel="wecom")
    assert [(d["attempt"], d["status"]) for d in limited] == [(2, "sent"), (1, "retrying")]
    assert limited[1]["error"] == (
        "WeCom errcode 45009: rate limited: too many calls, try again later"
    )

    stranger = await employee(app)  # not a member of the emulated organisation
    await wants(app, stranger, "wecom", "dingtalk")
    await publish(app, stranger.employee_no)
    await app.run_jobs()
    failed = await deliveries(app, status="failed")
    reasons = {d["channel"]: (d["attempt"], d["error"]) for d in failed}
    assert reasons == {
        "wecom": (1, "WeCom errcode 81013: the recipient is not in the app's visible range "
                     "or the user ID is invalid"),
        "dingtalk": (1, "DingTalk errcode 33012: the user ID is invalid"),
    }  # fmt: skip
    assert len(emulator.received("wecom", me.employee_no)) == 1
    assert len(emulator.received("dingtalk", me.employee_no)) == 1  # never held up


async def test_a_wrong_secret_or_a_person_without_userid_is_a_failed_attempt(
    messaging: App, emulated: tuple[Emulator, str]
) -> None:
    app, (emulator, base) = messaging, emulated
    await configure(app, "wecom", wecom_app(base, secret="wrong-secret"))
    me = await member(app, emulator, "wecom")
    await publish(app, me.employee_no)
    await app.run_jobs()
    [attempt] = await deliveries(app, channel="wecom")
    assert attempt["status"] == "failed"
    assert attempt["error"] == (
        "WeCom errcode 40001: the app secret is wrong or the access token is invalid"
    )
    async with app.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.email == me.email))
        assert user is not None
        message = await delivery.message_for(
            session, app.settings, "wecom", user, title="t", body="b", link=None
        )
    assert message.userid == me.employee_no
    assert message.url is None


async def test_robots_carry_no_personal_notices_but_can_be_tested(messaging: App) -> None:
    app = messaging
    robots = Robots()
    async with serve(robots.app()) as base:
        await configure(app, "wecom", {"webhook_url": f"{base}/wecom?key=robot-key"})
        await configure(app, "dingtalk", {"mode": "robot", "webhook_url": f"{base}/dingtalk",
                                          "secret": "SEC-ding"})  # fmt: skip
        me = await employee(app)
        await wants(app, me, "wecom", "dingtalk")
        prefs = await app.client.get("/api/v1/me/notification-preferences", headers=me.headers)
        assert prefs.json()["available"] == ["in_app"]
        await publish(app, me.employee_no)
        await app.run_jobs()
        assert robots.hits == {}
        assert await deliveries(app) == []

        async with app.db.unit_of_work() as session:
            from sqlalchemy import select

            boss = await session.scalar(select(User).where(User.email.like("admin-%")))
            assert boss is not None
            robot = {"webhook_url": f"{base}/dingtalk", "secret": "SEC-ding"}
            outcome = await channel_test.send_test(session, app.settings, "dingtalk", robot, boss)
        assert outcome.ok, outcome
        [ding] = robots.hits["dingtalk"]
        timestamp = ding.query["timestamp"]
        expected = base64.b64encode(
            hmac.new(b"SEC-ding", f"{timestamp}\nSEC-ding".encode(), hashlib.sha256).digest()
        ).decode()
        assert ding.query["sign"] == expected
        assert ding.body["markdown"]["title"] == "ScoreBridge 测试消息"


async def test_send_test_reports_success_or_the_error_in_words(
    messaging: App, emulated: tuple[Emulator, str]
) -> None:
    app, (emulator, base) = messaging, emulated
    me = await employee(app)
    async with app.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.email == me.email))
        assert user is not None
        config = wecom_app(base)
        unknown = await channel_test.send_test(session, app.settings, "wecom", config, user)
        assert unknown.ok is False
        assert unknown.error == "errcode 81013"
        assert (
            unknown.message
            == "发送失败:企业微信错误码 81013:收件人不在应用可见范围内或 UserID 无效"
        )
        emulator.add_member(me.employee_no, "李雷")
        ok = await channel_test.send_test(session, app.settings, "wecom", config, user)
        assert ok.ok
    [card] = emulator.received("wecom", me.employee_no)
    assert card.body["textcard"]["title"] == "ScoreBridge 测试消息"
    assert card.body["textcard"]["url"] == f"{PUBLIC_URL}/notification-channels"


async def test_app_configs_are_validated_sealed_masked_and_kept_only_at_the_same_address(
    app: App,
) -> None:
    boss = await admin(app)
    saved = await configure(app, "wecom", wecom_app("https://qyapi.weixin.qq.com"))
    assert saved.status_code == 200, saved.text
    assert saved.json()["config"]["secret"] == "***"
    assert saved.json()["config"]["agent_id"] == AGENT_ID
    ding = await configure(app, "dingtalk", dingtalk_app("https://oapi.dingtalk.com"))
    assert ding.json()["config"]["client_secret"] == "***"
    listed = await app.client.get("/api/v1/notification-channels", headers=boss)
    assert CORP_SECRET not in listed.text
    assert DINGTALK_CLIENT_SECRET not in listed.text
    async with app.db.unit_of_work() as session:
        raw = (
            await session.execute(
                __import__("sqlalchemy").text("SELECT config FROM notification_channels")
            )
        ).all()
    assert CORP_SECRET not in str(raw)
    assert DINGTALK_CLIENT_SECRET not in str(raw)

    kept = await configure(app, "wecom", wecom_app("https://qyapi.weixin.qq.com", secret="***"))
    assert kept.status_code == 200, kept.text
    for changed in (
        {"api_base": "https://wecom-proxy.corp.example"},
        {"corp_id": "ww-another-corp"},
        {"mode": "app", "api_base": None},
    ):
        config = {k: v for k, v in wecom_app("https://qyapi.weixin.qq.com", secret="***",
                                             **changed).items() if v is not None}  # fmt: skip
        if "api_base" not in changed:
            response = await configure(app, "wecom", config)
        else:
            response = await configure(app, "wecom", config)
        assert response.status_code == 422, (changed, response.text)
        assert response.json()["errors"][0]["loc"] == ["body", "config", "secret"]
    again = await configure(
        app, "dingtalk", dingtalk_app("https://ding-proxy.corp.example", client_secret="***")
    )
    assert again.status_code == 422
    assert again.json()["errors"][0]["loc"] == ["body", "config", "client_secret"]

    for kind, config, loc in (
        ("wecom", {"mode": "pigeon"}, "mode"),
        ("wecom", {"mode": 1}, "mode"),
        ("wecom", {k: v for k, v in wecom_app("https://x.example").items() if k != "agent_id"},
         "agent_id"),
        ("wecom", wecom_app("https://x.example", agent_id="abc"), "agent_id"),
        ("wecom", wecom_app("https://x.example", corp_id="ww corp"), "corp_id"),
        ("wecom", wecom_app("http://169.254.169.254/"), "api_base"),
        ("wecom", wecom_app("https://x.example", webhook_url="https://x.example"), "webhook_url"),
        ("dingtalk", dingtalk_app("https://x.example", oapi_base="not a url"), "oapi_base"),
        ("dingtalk", {k: v for k, v in dingtalk_app("https://x.example").items()
                      if k != "client_secret"}, "client_secret"),
    ):  # fmt: skip
        response = await configure(app, kind, config)
        assert response.status_code == 422, (kind, config, response.text)
        assert response.json()["errors"][0]["loc"][:3] == ["body", "config", loc], response.text


async def test_a_linked_account_gets_the_message_where_its_userid_is_not_the_employee_number(
    messaging: App, emulated: tuple[Emulator, str]
) -> None:
    """Once enterprise sign-in linked the person's WeCom account, messages go to that userid."""
    import uuid

    from scorebridge.identity.models import IdentityLink

    app, (emulator, base) = messaging, emulated
    assert (await configure(app, "wecom", wecom_app(base))).status_code == 200
    me = await employee(app)
    emulator.add_member("lilei", "李雷")
    await wants(app, me, "wecom")
    async with app.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.person_id == uuid.UUID(me.person_id)))
        assert user is not None
        link = IdentityLink(provider="wecom", issuer=CORP_ID, subject="lilei", user_id=user.id)
        session.add(link)
    await publish(app, me.employee_no)
    await app.run_jobs()

    [card] = emulator.received("wecom", "lilei")
    assert card.body["touser"] == "lilei"
    assert emulator.received("wecom", me.employee_no) == []
