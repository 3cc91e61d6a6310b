"""Sign-in with WeCom (in-app OAuth and QR login) and DingTalk, against the in-repo emulator of
their APIs: the userid matched as the employee number, else the mobile or email they give; the
app token cached and fetched again once when it expired; refusals on the login page."""

from __future__ import annotations

import urllib.parse
import uuid
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
    Served,
)
from identity.support import APP_BASE, finish, refused_with, signed_in_as
from scorebridge.identity.accounts import linked_subject
from vendor_support import admin

WXWORK = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 wxwork/4.1.30 MicroMessenger/7.0.1"


def config(kind: str, base: str) -> dict[str, Any]:
    if kind == "wecom":
        return {"corp_id": CORP_ID, "agent_id": AGENT_ID, "secret": CORP_SECRET, "api_base": base}
    return {
        "client_id": DINGTALK_CLIENT_ID,
        "client_secret": DINGTALK_CLIENT_SECRET,
        "agent_id": DINGTALK_AGENT_ID,
        "api_base": base,
        "oapi_base": base,
    }


async def setup(app: App, kind: str, served: Served, **extra: Any) -> None:
    response = await app.client.put(
        f"/api/v1/identity-providers/{kind}",
        json={"enabled": True, "config": {**config(kind, served.base), **extra}},
        headers=await admin(app),
    )
    assert response.status_code == 200, response.text


async def person(app: App, **fields: Any) -> str:
    response = await app.client.post("/api/v1/people", json=fields, headers=await admin(app))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def sign_in(app: App, kind: str, user_agent: str = "Mozilla/5.0") -> httpx.Response:
    started = await app.client.get(
        f"/api/v1/auth/sso/{kind}/start",
        params={"next": "/my-results"},
        headers={"User-Agent": user_agent},
    )
    assert started.status_code == 302, started.text
    async with httpx.AsyncClient() as browser:
        back = await browser.get(started.headers["location"])
    assert back.status_code == 302, back.text
    return await finish(app, back.headers["location"])


@pytest.mark.parametrize(
    ("user_agent", "page"),
    [
        (WXWORK, "/connect/oauth2/authorize"),
        ("Mozilla/5.0 (Windows NT 10.0)", "/wwlogin/sso/login"),
    ],
)
async def test_wecom_in_app_and_qr_sign_in(
    app: App, enterprise_emulator: Served, user_agent: str, page: str
) -> None:
    await setup(app, "wecom", enterprise_emulator)
    person_id = await person(app, name="张伟", employee_no="E1001")
    enterprise_emulator.emulator.add_member("E1001", "张伟")
    enterprise_emulator.emulator.signed_in = "E1001"
    started = await app.client.get(
        "/api/v1/auth/sso/wecom/start", headers={"User-Agent": user_agent}
    )
    location = urllib.parse.urlsplit(started.headers["location"])
    assert location.path == page
    query = urllib.parse.parse_qs(location.query)
    assert query["appid"] == [CORP_ID]
    assert query["redirect_uri"] == [f"{APP_BASE}/api/v1/auth/sso/wecom/callback"]
    if user_agent == WXWORK:
        assert query["scope"] == ["snsapi_base"]
        assert location.fragment == "wechat_redirect"
    app.client.cookies.clear()
    ended = await sign_in(app, "wecom", user_agent)
    assert ended.headers["location"] == "/my-results"
    assert (await signed_in_as(app))["person_id"] == person_id


async def test_wecom_token_is_cached_and_fetched_again_once_expired(
    app: App, enterprise_emulator: Served
) -> None:
    await setup(app, "wecom", enterprise_emulator)
    await person(app, name="张伟", employee_no="E1001")
    emulator = enterprise_emulator.emulator
    emulator.add_member("E1001", "张伟")
    emulator.signed_in = "E1001"
    assert refused_with(await sign_in(app, "wecom")) is None
    app.client.cookies.clear()
    assert refused_with(await sign_in(app, "wecom")) is None
    assert emulator.token_fetches["wecom"] == 1
    emulator.expire_tokens()
    app.client.cookies.clear()
    assert refused_with(await sign_in(app, "wecom")) is None
    assert emulator.token_fetches["wecom"] == 2


async def test_wecom_matches_the_mobile_when_the_userid_is_no_employee_number(
    app: App, enterprise_emulator: Served
) -> None:
    await setup(app, "wecom", enterprise_emulator)
    person_id = await person(app, name="王芳", employee_no="E1002", phone="+8613800138002")
    enterprise_emulator.emulator.add_member("wangfang", "王芳", mobile="13800138002")
    enterprise_emulator.emulator.signed_in = "wangfang"
    assert refused_with(await sign_in(app, "wecom")) is None
    assert (await signed_in_as(app))["person_id"] == person_id
    # Personal WeCom messages then go to the linked userid, not the employee number.
    async with app.db.unit_of_work() as session:
        found = await linked_subject(session, uuid.UUID(person_id), "wecom")
        assert found == "wangfang"
        assert await linked_subject(session, uuid.UUID(person_id), "dingtalk") is None


async def test_wecom_refusals(app: App, enterprise_emulator: Served) -> None:
    await setup(app, "wecom", enterprise_emulator)
    emulator = enterprise_emulator.emulator
    emulator.add_member("nobody", "无名")
    emulator.signed_in = "nobody"
    assert refused_with(await sign_in(app, "wecom")) == "sso_unknown_person"
    emulator.signed_in = "outsider"  # not a member: getuserinfo gives an openid only
    app.client.cookies.clear()
    assert refused_with(await sign_in(app, "wecom")) == "sso_unknown_person"


async def test_wecom_wrong_secret_is_a_provider_failure_and_the_test_says_so(
    app: App, enterprise_emulator: Served
) -> None:
    await setup(app, "wecom", enterprise_emulator, secret="wrong-secret")
    await person(app, name="张伟", employee_no="E1001")
    enterprise_emulator.emulator.add_member("E1001", "张伟")
    enterprise_emulator.emulator.signed_in = "E1001"
    assert refused_with(await sign_in(app, "wecom")) == "sso_provider"
    tested = await app.client.post(
        "/api/v1/identity-providers/wecom/test", headers=await admin(app)
    )
    assert tested.json()["ok"] is False
    assert "40001" in tested.json()["message"]
    assert "Secret" in tested.json()["message"]


async def test_dingtalk_sign_in(app: App, enterprise_emulator: Served) -> None:
    await setup(app, "dingtalk", enterprise_emulator)
    person_id = await person(app, name="张伟", employee_no="E1001")
    enterprise_emulator.emulator.add_member("E1001", "张伟", mobile="13800138001")
    enterprise_emulator.emulator.signed_in = "E1001"
    started = await app.client.get("/api/v1/auth/sso/dingtalk/start")
    location = urllib.parse.urlsplit(started.headers["location"])
    assert location.path == "/oauth2/auth"
    assert urllib.parse.parse_qs(location.query)["client_id"] == [DINGTALK_CLIENT_ID]
    app.client.cookies.clear()
    ended = await sign_in(app, "dingtalk")
    assert ended.headers["location"] == "/my-results"
    assert (await signed_in_as(app))["person_id"] == person_id
    tested = await app.client.post(
        "/api/v1/identity-providers/dingtalk/test", headers=await admin(app)
    )
    assert tested.json()["ok"] is True
