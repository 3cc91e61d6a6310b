"""JWT attacks and refresh-token rotation: every bad token answers 401 problem+json, never 500."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import httpx
from jose import jwt

from conftest import SECRET, App

ME = "/api/v1/me"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64json(value: Any) -> str:
    return b64(json.dumps(value, separators=(",", ":")).encode())


def claims_for(user_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "scorebridge",
        "aud": "scorebridge-api",
        "sub": f"user:{user_id}",
        "iat": now,
        "exp": now + 600,
        "jti": str(uuid.uuid4()),
        "typ": "access",
    }
    for key, value in overrides.items():
        if value is None:
            claims.pop(key, None)
        else:
            claims[key] = value
    return claims


def sign(claims: dict[str, Any], *, key: str = SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def hs256_with_header(header: dict[str, Any], claims: dict[str, Any]) -> str:
    """A token with any header, HMAC-SHA256-signed with the real key (algorithm confusion)."""
    signing_input = f"{b64json(header)}.{b64json(claims)}"
    mac = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


def assert_problem_401(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 401
    assert body["type"].endswith("/unauthorized")
    assert "Traceback" not in response.text


async def me_status(app: App, token: str) -> tuple[int, str]:
    response = await app.client.get(ME, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.headers.get("content-type", "")


async def test_crafted_valid_token_is_accepted(app: App) -> None:
    """The crafting below is right: the same recipe with every claim in place works."""
    user_id = await app.create_user(["hr"])
    status, _ = await me_status(app, sign(claims_for(user_id)))
    assert status == 200


async def test_forged_and_malformed_tokens_answer_401(app: App) -> None:
    user_id = await app.create_user(["employee"], email="victim@corp.example")
    admin_id = await app.create_user(["admin"], email="admin@corp.example")
    real = (await app.token("victim@corp.example"))["access_token"]
    header, payload, signature = real.split(".")
    padded = payload + "=" * (-len(payload) % 4)
    tampered_claims = json.loads(base64.urlsafe_b64decode(padded))
    tampered_claims["sub"] = f"user:{admin_id}"
    good = claims_for(user_id)
    now = int(time.time())

    cases: dict[str, str] = {
        "alg none": f"{b64json({'alg': 'none', 'typ': 'JWT'})}.{b64json(good)}.",
        "alg None, signature kept": f"{b64json({'alg': 'None'})}.{b64json(good)}.{signature}",
        "tampered payload, old signature": f"{header}.{b64json(tampered_claims)}.{signature}",
        "wrong key": sign(good, key="not-the-server-key-0123456789abcdef0123"),
        "expired": sign(claims_for(user_id, iat=now - 3600, exp=now - 5)),
        "missing exp": sign(claims_for(user_id, exp=None)),
        "missing aud": sign(claims_for(user_id, aud=None)),
        "wrong aud": sign(claims_for(user_id, aud="someone-else")),
        "refresh aud on access": sign(claims_for(user_id, aud="scorebridge-api:refresh")),
        "missing iss": sign(claims_for(user_id, iss=None)),
        "wrong iss": sign(claims_for(user_id, iss="evil-issuer")),
        "missing sub": sign(claims_for(user_id, sub=None)),
        "missing jti": sign(claims_for(user_id, jti=None)),
        "missing iat": sign(claims_for(user_id, iat=None)),
        "wrong typ": sign(claims_for(user_id, typ="refresh")),
        "missing typ": sign(claims_for(user_id, typ=None)),
        "sub not a uuid": sign(claims_for(user_id, sub="user:not-a-uuid")),
        "sub unknown kind": sign(claims_for(user_id, sub=f"robot:{user_id}")),
        "sub unknown user": sign(claims_for(user_id, sub=f"user:{uuid.uuid4()}")),
        "sub unknown client": sign(claims_for(user_id, sub=f"client:{uuid.uuid4()}")),
        "sub is a number": sign(claims_for(user_id, sub=12345)),
        "exp is a string": sign(claims_for(user_id, exp="tomorrow")),
        "aud is a list": sign(claims_for(user_id, aud=["other", "more"])),
        "HS512 with the real key": sign(good, algorithm="HS512"),
        "HS384 with the real key": sign(good, algorithm="HS384"),
        "RS256 header, HMAC signature": hs256_with_header({"alg": "RS256", "typ": "JWT"}, good),
        "ES256 header, HMAC signature": hs256_with_header({"alg": "ES256"}, good),
        "no alg in header": hs256_with_header({"typ": "JWT"}, good),
        "alg is a list": hs256_with_header({"alg": ["HS256"]}, good),
        "1 segment": "abcdef",
        "2 segments": f"{header}.{payload}",
        "4 segments": f"{real}.{signature}",
        "empty segments": "..",
        "bad base64 header": f"!!!*.{payload}.{signature}",
        "bad base64 payload": f"{header}.%%%$$.{signature}",
        "bad base64 signature": f"{header}.{payload}.@@@@",
        "truncated signature": f"{header}.{payload}.{signature[:-4]}",
        "20 KB junk": "A" * 20_000,
        "20 KB junk with dots": "a" * 10_000 + "." + "b" * 10_000 + ".c",
        "non-JSON header": f"{b64(b'this is not json')}.{payload}.{signature}",
        "JSON list header": f"{b64json(['HS256'])}.{payload}.{signature}",
        "non-JSON payload": hs256_with_header({"alg": "HS256"}, good).split(".")[0]
        + f".{b64(b'{not json')}.{signature}",
        "JSON list payload": f"{header}.{b64json([1, 2, 3])}.{signature}",
        "binary header": f"{b64(bytes(range(256)))}.{payload}.{signature}",
    }
    # A signed payload that is valid JSON but not an object.
    list_payload = f"{header}.{b64json(['sub'])}"
    mac = hmac.new(SECRET.encode(), list_payload.encode(), hashlib.sha256).digest()
    cases["signed JSON list payload"] = f"{list_payload}.{b64(mac)}"

    outcomes = {name: await me_status(app, token) for name, token in cases.items()}
    wrong = {
        name: outcome
        for name, outcome in outcomes.items()
        if outcome[0] != 401 or not outcome[1].startswith("application/problem+json")
    }
    assert wrong == {}
    # And the real token still works.
    assert (await me_status(app, real))[0] == 200


async def test_missing_or_odd_authorization_header(app: App) -> None:
    for headers in (
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Token abc.def.ghi"},
    ):
        response = await app.client.get(ME, headers=headers)
        assert_problem_401(response)
        assert response.headers.get("www-authenticate", "").lower().startswith("bearer")


async def test_refresh_token_is_not_an_access_token(app: App) -> None:
    await app.create_user(["hr"], email="hr@corp.example")
    tokens = await app.token("hr@corp.example")
    response = await app.client.get(
        ME, headers={"Authorization": f"Bearer {tokens['refresh_token']}"}
    )
    assert_problem_401(response)
    # and an access token is not a refresh token
    response = await app.client.post(
        "/api/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["access_token"]},
    )
    assert_problem_401(response)


async def test_disabled_user_token_stops_working(app: App) -> None:
    user_id = await app.create_user(["hr"], email="leaver@corp.example")
    headers = await app.login("leaver@corp.example")
    admin = await app.user_headers("admin")
    assert (await app.client.get(ME, headers=headers)).status_code == 200
    response = await app.client.patch(
        f"/api/v1/users/{user_id}", json={"is_active": False}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert_problem_401(await app.client.get(ME, headers=headers))


async def refresh(app: App, token: str) -> httpx.Response:
    return await app.client.post(
        "/api/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": token}
    )


async def test_refresh_rotates_and_reuse_revokes_the_family(app: App) -> None:
    await app.create_user(["hr"], email="hr@corp.example")
    first = await app.token("hr@corp.example")
    assert first["token_type"] == "bearer"
    assert first["expires_in"] > 0

    rotated = await refresh(app, first["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    assert rotated.headers["cache-control"] == "no-store"
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    me = await app.client.get(ME, headers={"Authorization": f"Bearer {second['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == "hr@corp.example"

    # Someone replays the old refresh token: refused, and the whole family is revoked.
    assert_problem_401(await refresh(app, first["refresh_token"]))
    assert_problem_401(await refresh(app, second["refresh_token"]))
    # A separate sign-in of the same user is a different family and keeps working.
    other = await app.token("hr@corp.example")
    assert (await refresh(app, other["refresh_token"])).status_code == 200

    # The revoked family's access tokens stop working too, not only its refresh tokens.
    assert_problem_401(
        await app.client.get(ME, headers={"Authorization": f"Bearer {second['access_token']}"})
    )
    events = await app.client.get(
        "/api/v1/audit-events",
        params={"action": "auth.refresh_reused"},
        headers={"Authorization": f"Bearer {other['access_token']}"},
    )
    assert events.status_code == 200
    assert len(events.json()["items"]) >= 1


async def test_refresh_with_garbage_and_forged_tokens(app: App) -> None:
    user_id = await app.create_user(["hr"], email="hr@corp.example")
    now = int(time.time())
    forged_unknown_jti = sign(
        claims_for(user_id, aud="scorebridge-api:refresh", typ="refresh", fam=str(uuid.uuid4()))
    )
    expired = sign(claims_for(user_id, aud="scorebridge-api:refresh", typ="refresh", exp=now - 1))
    for token in ("garbage", "a.b.c", "x" * 8000, forged_unknown_jti, expired):
        assert_problem_401(await refresh(app, token))
    missing = await app.client.post("/api/v1/auth/token", data={"grant_type": "refresh_token"})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["body", "refresh_token"]


async def test_logout_revokes_the_family(app: App) -> None:
    await app.create_user(["hr"], email="hr@corp.example")
    first = await app.token("hr@corp.example")
    second = (await refresh(app, first["refresh_token"])).json()
    headers = {"Authorization": f"Bearer {second['access_token']}"}

    response = await app.client.post(
        "/api/v1/auth/logout", json={"refresh_token": second["refresh_token"]}, headers=headers
    )
    assert response.status_code == 204, response.text
    assert_problem_401(await refresh(app, second["refresh_token"]))
    assert_problem_401(await refresh(app, first["refresh_token"]))
    # Its access tokens end with it (before they expire), another sign-in's do not.
    still = await app.token("hr@corp.example")
    for token in (first["access_token"], second["access_token"]):
        ended = await app.client.get(ME, headers={"Authorization": f"Bearer {token}"})
        assert_problem_401(ended)
        assert "请重新登录" in ended.json()["detail"]  # the default language
        assert ended.json()["code"] == "auth.sign-in-ended"
    kept = await app.client.get(ME, headers={"Authorization": f"Bearer {still['access_token']}"})
    assert kept.status_code == 200

    # Logging out without a token is allowed; a user cannot revoke someone else's family.
    await app.create_user(["hr"], email="other@corp.example")
    other = await app.token("other@corp.example")
    mine = await app.token("hr@corp.example")
    mine_headers = {"Authorization": f"Bearer {mine['access_token']}"}
    response = await app.client.post(
        "/api/v1/auth/logout", json={"refresh_token": other["refresh_token"]}, headers=mine_headers
    )
    assert response.status_code == 204
    assert (await refresh(app, other["refresh_token"])).status_code == 200

    assert_problem_401(await app.client.post("/api/v1/auth/logout", json={"refresh_token": "x"}))


async def test_concurrent_refresh_with_one_token_succeeds_once(app: App) -> None:
    await app.create_user(["hr"], email="racer@corp.example")
    first = await app.token("racer@corp.example")
    answers = await asyncio.gather(*(refresh(app, first["refresh_token"]) for _ in range(6)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200, 401, 401, 401, 401, 401]
