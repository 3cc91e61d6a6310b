"""OIDC sign-in against a real OpenID Provider (panva/oidc-provider): the happy path, state and
code replay, and the matching rules (verified email, employee number, provisioning)."""

from __future__ import annotations

import urllib.parse
from typing import Any

from sqlalchemy import func, select

from conftest import App
from identity.support import (
    Idp,
    configure,
    finish,
    refused_with,
    sign_in_at_provider,
    signed_in_as,
    start,
)
from scorebridge.audit.models import AuditEvent
from scorebridge.auth.models import User
from scorebridge.identity.models import IdentityLink
from vendor_support import admin


async def person(app: App, **fields: Any) -> str:
    response = await app.client.post("/api/v1/people", json=fields, headers=await admin(app))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def sign_in(app: App, login: str, next_path: str = "/my-results") -> Any:
    return await finish(app, await sign_in_at_provider(await start(app, next_path), login))


async def audit_codes(app: App) -> list[str]:
    async with app.db.unit_of_work() as session:
        events = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.sso_failed"))
        ).all()
        return [e.detail["code"] for e in events]


async def test_sign_in_provisions_links_and_lands_on_next(app: App, idp: Idp) -> None:
    await configure(app, await admin(app), idp.issuer)
    person_id = await person(app, name="张伟", employee_no="E2001", email="zhang.wei@corp.example")
    ended = await sign_in(app, "zhangwei", next_path="/my-results?tab=1")
    assert ended.headers["location"] == "/my-results?tab=1"
    assert "sb_refresh=" in ended.headers["set-cookie"]
    me = await signed_in_as(app)
    assert me["person_id"] == person_id
    assert me["roles"] == ["employee"]

    # The second sign-in uses the stored link: the same account, no new one.
    app.client.cookies.clear()
    again = await sign_in(app, "zhangwei")
    assert again.headers["location"] == "/my-results"
    assert (await signed_in_as(app))["id"] == me["id"]
    async with app.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 2  # + admin
        link = await session.scalar(select(IdentityLink))
        assert link is not None
        assert link.issuer == idp.issuer
        logins = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.login"))
        ).all()
        assert [e.detail.get("method") for e in logins][-2:] == ["sso:oidc", "sso:oidc"]

    token = await app.client.post(
        "/api/v1/auth/token",
        data={"grant_type": "refresh_token"},
        headers={"X-Requested-With": "ScoreBridge"},
    )
    mine = await app.client.get(
        "/api/v1/me/identities",
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )
    assert mine.status_code == 200
    assert [(i["provider"], i["issuer"]) for i in mine.json()] == [("oidc", idp.issuer)]


async def test_an_existing_account_is_matched_by_verified_email(app: App, idp: Idp) -> None:
    await configure(app, await admin(app), idp.issuer)
    user_id = await app.create_user(["hr"], email="zhang.wei@corp.example")
    ended = await sign_in(app, "zhangwei")
    assert refused_with(ended) is None
    assert (await signed_in_as(app))["id"] == str(user_id)


async def test_wrong_or_missing_state_is_refused(app: App, idp: Idp) -> None:
    await configure(app, await admin(app), idp.issuer)
    await person(app, name="张伟", employee_no="E2001", email="zhang.wei@corp.example")
    callback = await sign_in_at_provider(await start(app), "zhangwei")
    parts = urllib.parse.urlsplit(callback)
    query = dict(urllib.parse.parse_qsl(parts.query))
    forged = parts._replace(query=urllib.parse.urlencode({**query, "state": "forged"}))
    assert refused_with(await finish(app, urllib.parse.urlunsplit(forged))) == "sso_state"
    # The browser that did not start the sign-in (no state cookie) is refused too.
    callback = await sign_in_at_provider(await start(app), "zhangwei")
    app.client.cookies.clear()
    assert refused_with(await finish(app, callback)) == "sso_state"
    assert await audit_codes(app) == ["sso_state", "sso_state"]


async def test_a_replayed_callback_or_code_is_refused(app: App, idp: Idp) -> None:
    await configure(app, await admin(app), idp.issuer)
    await person(app, name="张伟", employee_no="E2001", email="zhang.wei@corp.example")
    start_url = await start(app)
    state_cookie = app.client.cookies.get("sb_sso_state")
    callback = await sign_in_at_provider(start_url, "zhangwei")
    assert refused_with(await finish(app, callback)) is None
    # The same answer again, even with the state cookie put back: the state was used.
    app.client.cookies.set("sb_sso_state", state_cookie or "", path="/api/v1/auth/sso")
    assert refused_with(await finish(app, callback)) == "sso_state"
    # The used code under a fresh state: the provider refuses it.
    app.client.cookies.clear()
    fresh = urllib.parse.urlsplit(await start(app))
    state = dict(urllib.parse.parse_qsl(fresh.query))["state"]
    parts = urllib.parse.urlsplit(callback)
    code = dict(urllib.parse.parse_qsl(parts.query))["code"]
    replay = parts._replace(query=urllib.parse.urlencode({"code": code, "state": state}))
    assert refused_with(await finish(app, urllib.parse.urlunsplit(replay))) == "sso_provider"


async def test_an_unverified_email_never_links(app: App, idp: Idp) -> None:
    await configure(app, await admin(app), idp.issuer)
    await app.create_user(["admin"], email="li.na@corp.example")
    await person(app, name="李娜", employee_no="E2002", email="li.na@corp.example")
    assert refused_with(await sign_in(app, "lina")) == "sso_unverified_email"
    async with app.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(IdentityLink)) == 0


async def test_the_employee_number_claim_matches_when_configured(app: App, idp: Idp) -> None:
    await configure(
        app,
        await admin(app),
        idp.issuer,
        match="employee_no",
        scopes="openid profile employee",
    )
    person_id = await person(app, name="李娜", employee_no="E2002")
    assert refused_with(await sign_in(app, "lina")) is None
    assert (await signed_in_as(app))["person_id"] == person_id


async def test_an_unknown_person_ends_on_the_login_page(app: App, idp: Idp) -> None:
    await configure(app, await admin(app), idp.issuer)
    assert refused_with(await sign_in(app, "stranger")) == "sso_unknown_person"
    assert await audit_codes(app) == ["sso_unknown_person"]


async def test_provision_false_creates_no_account(app: App, idp: Idp) -> None:
    await configure(app, await admin(app), idp.issuer, provision=False)
    await person(app, name="张伟", employee_no="E2001", email="zhang.wei@corp.example")
    assert refused_with(await sign_in(app, "zhangwei")) == "sso_no_account"
    async with app.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1  # the admin


async def test_next_outside_the_site_is_ignored(app: App, idp: Idp) -> None:
    await configure(app, await admin(app), idp.issuer)
    await person(app, name="张伟", employee_no="E2001", email="zhang.wei@corp.example")
    for bad in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        app.client.cookies.clear()
        assert (await sign_in(app, "zhangwei", next_path=bad)).headers["location"] == "/"


async def test_a_provider_switched_off_is_not_offered(app: App, idp: Idp) -> None:
    assert (await app.client.get("/api/v1/auth/providers")).json() == []
    await configure(app, await admin(app), idp.issuer, name="Keycloak")
    assert (await app.client.get("/api/v1/auth/providers")).json() == [
        {"kind": "oidc", "name": "Keycloak", "start_url": "/api/v1/auth/sso/oidc/start"}
    ]
    response = await app.client.get("/api/v1/auth/sso/wecom/start")
    assert refused_with(response) == "sso_unavailable"
