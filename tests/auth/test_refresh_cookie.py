"""The web app's sign-in: the refresh token lives only in an HttpOnly, SameSite=Strict cookie
scoped to /api/v1/auth; refreshing with it needs the CSRF header; logout needs no body."""

from __future__ import annotations

from http.cookies import SimpleCookie

import httpx

from conftest import PASSWORD, App

TOKEN = "/api/v1/auth/token"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/me"
CSRF = {"X-Requested-With": "ScoreBridge"}


def cookie_of(response: httpx.Response) -> SimpleCookie:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    return jar


async def password_sign_in(app: App, email: str) -> httpx.Response:
    response = await app.client.post(
        TOKEN, data={"grant_type": "password", "username": email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return response


async def cookie_refresh(app: App, **headers: str) -> httpx.Response:
    return await app.client.post(TOKEN, data={"grant_type": "refresh_token"}, headers=headers)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_password_sign_in_sets_the_refresh_cookie(app: App) -> None:
    await app.create_user(["hr"], email="web@corp.example")
    response = await password_sign_in(app, "web@corp.example")
    body = response.json()
    morsel = cookie_of(response)["sb_refresh"]
    assert morsel.value == body["refresh_token"]  # API clients still get it in the body
    assert morsel["httponly"] is True
    assert morsel["samesite"].lower() == "strict"
    assert morsel["path"] == "/api/v1/auth"
    assert not morsel["secure"]  # plain HTTP here; see the TLS test
    assert int(morsel["max-age"]) == app.settings.refresh_token_ttl_seconds
    assert response.headers["cache-control"] == "no-store"


async def test_the_cookie_is_secure_over_tls(app: App) -> None:
    await app.create_user(["hr"], email="tls@corp.example")
    transport = httpx.ASGITransport(app=app.asgi, client=("203.0.113.8", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="https://test") as tls:
        response = await tls.post(
            TOKEN,
            data={"grant_type": "password", "username": "tls@corp.example", "password": PASSWORD},
        )
    assert cookie_of(response)["sb_refresh"]["secure"] is True


async def test_refresh_with_the_cookie_needs_the_csrf_header_and_rotates_it(app: App) -> None:
    await app.create_user(["hr"], email="rotate@corp.example")
    first = cookie_of(await password_sign_in(app, "rotate@corp.example"))["sb_refresh"].value

    refused = await cookie_refresh(app)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "X-Requested-With: ScoreBridge" in refused.json()["detail"]
    wrong = await cookie_refresh(app, **{"X-Requested-With": "XMLHttpRequest"})
    assert wrong.status_code == 403

    response = await cookie_refresh(app, **CSRF)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body.get("refresh_token") is None  # the cookie-based answer never shows it
    second = cookie_of(response)["sb_refresh"].value
    assert second != first
    assert (await app.client.get(ME, headers=bearer(body["access_token"]))).status_code == 200

    # The rotated cookie works once more; the old one (reused) ends the whole sign-in.
    assert (await cookie_refresh(app, **CSRF)).status_code == 200
    app.client.cookies.set("sb_refresh", first, path="/api/v1/auth")
    reused = await cookie_refresh(app, **CSRF)
    assert reused.status_code == 401
    cleared = cookie_of(reused)["sb_refresh"]
    assert cleared.value == ""
    assert int(cleared["max-age"]) == 0
    assert (await app.client.get(ME, headers=bearer(body["access_token"]))).status_code == 401


async def test_without_field_or_cookie_the_field_is_named(app: App) -> None:
    app.client.cookies.clear()
    missing = await cookie_refresh(app, **CSRF)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["body", "refresh_token"]


async def test_a_body_refresh_token_is_used_as_before(app: App) -> None:
    await app.create_user(["hr"], email="api@corp.example")
    tokens = (await password_sign_in(app, "api@corp.example")).json()
    app.client.cookies.clear()
    response = await app.client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert response.status_code == 200
    assert response.json()["refresh_token"]
    assert "set-cookie" not in response.headers


async def test_logout_without_a_body_ends_the_sign_in_of_the_access_token(app: App) -> None:
    await app.create_user(["hr"], email="bye@corp.example")
    tokens = (await password_sign_in(app, "bye@corp.example")).json()
    app.client.cookies.clear()  # only the access token: its sid names the sign-in
    response = await app.client.post(LOGOUT, headers=bearer(tokens["access_token"]))
    assert response.status_code == 204, response.text
    assert (await app.client.get(ME, headers=bearer(tokens["access_token"]))).status_code == 401
    refreshed = await app.client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 401


async def test_logout_with_the_cookie_alone_ends_the_sign_in_and_clears_it(app: App) -> None:
    await app.create_user(["hr"], email="cookie-bye@corp.example")
    tokens = (await password_sign_in(app, "cookie-bye@corp.example")).json()
    other = await app.login("cookie-bye@corp.example")  # another sign-in (another device)
    app.client.cookies.set("sb_refresh", tokens["refresh_token"], path="/api/v1/auth")

    assert (await app.client.post(LOGOUT)).status_code == 403  # the cookie needs the header
    response = await app.client.post(LOGOUT, headers=CSRF)
    assert response.status_code == 204
    cleared = cookie_of(response)["sb_refresh"]
    assert cleared.value == ""
    assert int(cleared["max-age"]) == 0
    assert cleared["path"] == "/api/v1/auth"
    assert (await app.client.get(ME, headers=bearer(tokens["access_token"]))).status_code == 401
    assert (await cookie_refresh(app, **CSRF)).status_code in (401, 422)
    # The other sign-in goes on.
    assert (await app.client.get(ME, headers=other)).status_code == 200


async def test_logout_with_nothing_is_401(app: App) -> None:
    app.client.cookies.clear()
    response = await app.client.post(LOGOUT)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
