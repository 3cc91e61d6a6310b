"""Provider settings: admin only, validated field by field, secrets sealed and masked, a masked
secret kept only while the addresses are unchanged, addresses checked by the outgoing-request
policy, and a connection test that names the step that failed."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from conftest import App
from identity.support import CLIENT_ID, CLIENT_SECRET, Idp, configure
from vendor_support import admin

URL = "/api/v1/identity-providers"


async def put(app: App, kind: str, config: dict[str, Any], enabled: bool = True) -> Any:
    return await app.client.put(
        f"{URL}/{kind}", json={"enabled": enabled, "config": config}, headers=await admin(app)
    )


WECOM = {"corp_id": "ww123", "agent_id": 1000002, "secret": "wecom-secret-1"}


async def test_only_admins_configure_providers(app: App) -> None:
    for role in ("hr", "employee"):
        headers = await app.user_headers(role)
        assert (await app.client.get(f"{URL}/oidc", headers=headers)).status_code == 403
        response = await app.client.put(
            f"{URL}/wecom", json={"enabled": True, "config": WECOM}, headers=headers
        )
        assert response.status_code == 403
    assert (await app.client.get(f"{URL}/oidc")).status_code == 401


async def test_secrets_are_sealed_masked_and_kept_while_the_address_stays(app: App) -> None:
    saved = await put(app, "wecom", WECOM)
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["config"]["secret"] == "***"
    assert body["config"]["agent_id"] == "1000002"
    assert body["config"]["api_base"] == "https://qyapi.weixin.qq.com"
    assert body["callback_url"] == "http://test/api/v1/auth/sso/wecom/callback"
    async with app.db.unit_of_work() as session:
        stored = (await session.execute(text("SELECT config FROM identity_providers"))).scalar()
    assert "wecom-secret-1" not in str(stored)

    kept = await put(app, "wecom", {**WECOM, "secret": "***", "agent_id": "1000003"})
    assert kept.status_code == 200, kept.text
    moved = await put(app, "wecom", {**WECOM, "secret": "***", "api_base": "https://wx.corp.cn"})
    assert moved.status_code == 422
    assert moved.json()["errors"][0]["loc"] == ["body", "config", "secret"]
    got = await app.client.get(f"{URL}/wecom", headers=await admin(app))
    assert got.json()["config"]["agent_id"] == "1000003"
    assert got.json()["config"]["secret"] == "***"


@pytest.mark.parametrize(
    ("kind", "config", "loc"),
    [
        ("oidc", {"client_id": "a", "client_secret": "b"}, ["body", "config", "issuer"]),
        (
            "oidc",
            {"issuer": "https://id.corp.example", "client_id": "a", "client_secret": "b", "x": 1},
            ["body", "config", "x"],
        ),
        (
            "oidc",
            {
                "issuer": "https://id.corp.example",
                "client_id": "a",
                "client_secret": "b",
                "scopes": "email",
            },
            ["body", "config", "scopes"],
        ),
        (
            "oidc",
            {
                "issuer": "https://id.corp.example",
                "client_id": "a",
                "client_secret": "b",
                "match": "phone",
            },
            ["body", "config", "match"],
        ),
        ("oidc", {"issuer": "ftp://x", "client_id": "a", "client_secret": "b"}, None),
        ("wecom", {"corp_id": "ww1", "agent_id": "1"}, ["body", "config", "secret"]),
        ("wecom", {**WECOM, "secret": "***"}, ["body", "config", "secret"]),
        ("wecom", {**WECOM, "api_base": "http://169.254.169.254"}, ["body", "config", "api_base"]),
        ("wecom", {**WECOM, "api_base": "https://10.0.0.1"}, ["body", "config", "api_base"]),
        (
            "dingtalk",
            {
                "client_id": "d",
                "client_secret": "s",
                "agent_id": "1",
                "oapi_base": "https://192.168.1.1",
            },
            ["body", "config", "oapi_base"],
        ),
        ("dingtalk", {"client_id": "d", "client_secret": "s"}, ["body", "config", "agent_id"]),
    ],
)
async def test_bad_settings_name_the_field(
    app: App, kind: str, config: dict[str, Any], loc: list[str] | None
) -> None:
    response = await put(app, kind, config)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if loc:
        assert response.json()["errors"][0]["loc"] == loc
    else:
        assert response.json()["errors"][0]["loc"][:3] == ["body", "config", "issuer"]


async def test_an_unknown_kind_is_refused(app: App) -> None:
    response = await put(app, "saml", {})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["path", "kind"]


async def test_connection_test_reports_the_failing_step(app: App, idp: Idp) -> None:
    headers = await admin(app)
    missing = await app.client.post(f"{URL}/oidc/test", headers=headers)
    assert missing.status_code == 404
    await configure(app, headers, idp.issuer)
    passed = await app.client.post(f"{URL}/oidc/test", headers=headers)
    assert passed.status_code == 200, passed.text
    assert passed.json()["ok"] is True
    assert [s["ok"] for s in passed.json()["steps"]] == [True, True]

    wrong = await put(
        app,
        "oidc",
        {"issuer": idp.issuer + "/nowhere", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
    )
    assert wrong.status_code == 200
    await app.client.patch("/api/v1/me", json={"locale": "en"}, headers=headers)
    failed = (await app.client.post(f"{URL}/oidc/test", headers=headers)).json()
    assert failed["ok"] is False
    assert failed["message"].startswith("Connection failed: Fetch the discovery document")
    assert "HTTP 404" in failed["message"]
    assert [s["ok"] for s in failed["steps"]] == [False, False]
