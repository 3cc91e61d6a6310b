"""Integration clients: the secret is shown once, client_credentials tokens carry scopes."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import App

TOKEN = "/api/v1/auth/token"


async def create_client(app: App, admin: dict[str, str], scopes: list[str]) -> dict[str, Any]:
    response = await app.client.post(
        "/api/v1/integration-clients", json={"name": "HRIS 同步", "scopes": scopes}, headers=admin
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def client_token(
    app: App, client_id: str, secret: str, scope: str | None = None
) -> httpx.Response:
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    if scope is not None:
        data["scope"] = scope
    return await app.client.post(TOKEN, data=data)


async def test_client_credentials_flow(app: App) -> None:
    admin = await app.user_headers("admin")
    created = await create_client(app, admin, ["results:read", "people:read"])
    secret = created["client_secret"]
    assert secret
    assert created["scopes"] == ["people:read", "results:read"]
    assert created["is_active"] is True

    listed = await app.client.get("/api/v1/integration-clients", headers=admin)
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [c["client_id"] for c in items] == [created["client_id"]]
    assert "client_secret" not in items[0]
    assert secret not in listed.text

    response = await client_token(app, created["client_id"], secret)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert "refresh_token" not in body or body["refresh_token"] is None
    assert set(body["scope"].split()) == {"results:read", "people:read"}
    headers = {"Authorization": f"Bearer {body['access_token']}"}

    people = await app.client.get("/api/v1/people", headers=headers)
    assert people.status_code == 200, people.text
    users = await app.client.get("/api/v1/users", headers=headers)
    assert users.status_code == 403
    assert users.headers["content-type"].startswith("application/problem+json")
    write = await app.client.post("/api/v1/people", json={"name": "张三"}, headers=headers)
    assert write.status_code == 403

    me = await app.client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert me.json()["kind"] == "client"
    assert me.json()["roles"] == []
    perms = (await app.client.get("/api/v1/me/permissions", headers=headers)).json()
    assert set(perms["permissions"]) == {"results:read", "people:read"}


async def test_narrower_scope_limits_the_token(app: App) -> None:
    admin = await app.user_headers("admin")
    created = await create_client(app, admin, ["results:read", "people:read"])
    response = await client_token(
        app, created["client_id"], created["client_secret"], "results:read"
    )
    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "results:read"
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert (await app.client.get("/api/v1/people", headers=headers)).status_code == 403


async def test_scope_not_granted_is_400(app: App) -> None:
    admin = await app.user_headers("admin")
    created = await create_client(app, admin, ["results:read", "people:read"])
    for scope in ("people:write", "users:manage", "results:read made-up:scope"):
        response = await client_token(app, created["client_id"], created["client_secret"], scope)
        assert response.status_code == 400, (scope, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["error"] == "invalid_scope"


async def test_wrong_secret_or_unknown_client_is_401(app: App) -> None:
    admin = await app.user_headers("admin")
    created = await create_client(app, admin, ["people:read"])
    for client_id, secret in (
        (created["client_id"], created["client_secret"] + "x"),
        (created["client_id"], "sbcs_wrong"),
        ("sbc_unknown", created["client_secret"]),
    ):
        response = await client_token(app, client_id, secret)
        assert response.status_code == 401, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["error"] == "invalid_client"
    missing = await app.client.post(
        TOKEN, data={"grant_type": "client_credentials", "client_id": created["client_id"]}
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["body", "client_secret"]


async def test_disallowed_scope_at_creation_is_422(app: App) -> None:
    admin = await app.user_headers("admin")
    for scopes in (["users:manage"], ["people:read", "integration-clients:manage"], ["nope"], []):
        response = await app.client.post(
            "/api/v1/integration-clients", json={"name": "x", "scopes": scopes}, headers=admin
        )
        assert response.status_code == 422, (scopes, response.text)
        assert response.json()["errors"][0]["loc"][:2] == ["body", "scopes"]


async def test_disabled_client_loses_access(app: App) -> None:
    admin = await app.user_headers("admin")
    created = await create_client(app, admin, ["people:read"])
    token = (await client_token(app, created["client_id"], created["client_secret"])).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert (await app.client.get("/api/v1/people", headers=headers)).status_code == 200

    response = await app.client.patch(
        f"/api/v1/integration-clients/{created['id']}", json={"is_active": False}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert response.json()["is_active"] is False
    assert (await app.client.get("/api/v1/people", headers=headers)).status_code == 401
    again = await client_token(app, created["client_id"], created["client_secret"])
    assert again.status_code == 401


async def test_rescoping_applies_to_existing_tokens(app: App) -> None:
    admin = await app.user_headers("admin")
    created = await create_client(app, admin, ["people:read", "results:read"])
    token = (await client_token(app, created["client_id"], created["client_secret"])).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    response = await app.client.patch(
        f"/api/v1/integration-clients/{created['id']}",
        json={"scopes": ["results:read"]},
        headers=admin,
    )
    assert response.status_code == 200
    # The token still names people:read, but the client no longer holds it.
    assert (await app.client.get("/api/v1/people", headers=headers)).status_code == 403
