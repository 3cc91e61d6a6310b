"""Password sign-in: OWASP progressive delay per account+address, per address and per account
(no hard lockout another address can trigger), bounded hashing, and the audit trail."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from conftest import PASSWORD, App
from scorebridge.auth.models import LoginFailure
from scorebridge.kit.db import utcnow

TOKEN = "/api/v1/auth/token"
HOME = "203.0.113.7"  # the address of app.client


def form(email: str, password: str) -> dict[str, str]:
    return {"grant_type": "password", "username": email, "password": password}


async def sign_in(app: App, email: str, password: str) -> httpx.Response:
    return await app.client.post(TOKEN, data=form(email, password))


@asynccontextmanager
async def from_address(app: App, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app.asgi, client=(ip, 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def is_problem(response: httpx.Response, status: int) -> bool:
    return response.status_code == status and response.headers["content-type"].startswith(
        "application/problem+json"
    )


async def failures(app: App, email: str) -> int:
    async with app.db.unit_of_work() as session:
        count = await session.scalar(select(func.count()).where(LoginFailure.email == email))
    return int(count or 0)


async def age_failures(app: App, email: str, seconds: float) -> None:
    async with app.db.unit_of_work() as session:
        rows = (
            await session.scalars(select(LoginFailure).where(LoginFailure.email == email))
        ).all()
        for row in rows:
            row.at = row.at - timedelta(seconds=seconds)


async def test_five_failures_from_one_address_make_the_next_try_wait(app: App) -> None:
    app.settings.login_delay_seconds = 60
    await app.create_user(["hr"], email="slow@corp.example")
    left = []
    for _ in range(5):
        response = await sign_in(app, "slow@corp.example", "wrong-password-123")
        assert is_problem(response, 401), response.text
        assert response.json()["type"].endswith("/unauthorized")
        left.append(response.json()["attempts_left"])
    assert left == [4, 3, 2, 1, 0]
    assert "must wait" in response.json()["detail"]

    response = await sign_in(app, "slow@corp.example", PASSWORD)
    assert is_problem(response, 429), response.text
    retry_after = int(response.headers["retry-after"])
    assert 55 <= retry_after <= 60
    assert response.json()["retry_after"] == retry_after
    assert "access_token" not in response.text
    # Matched case-insensitively: no way around the delay by changing case.
    assert (await sign_in(app, "SLOW@Corp.Example", PASSWORD)).status_code == 429
    # A try that had to wait is not counted, and does not extend the delay.
    assert await failures(app, "slow@corp.example") == 5


async def test_the_delay_lifts_and_then_doubles(app: App) -> None:
    app.settings.login_delay_seconds = 60
    await app.create_user(["hr"], email="patient@corp.example")
    for _ in range(5):
        await sign_in(app, "patient@corp.example", "wrong-password-123")
    await age_failures(app, "patient@corp.example", 61)
    # The delay has passed: one more wrong try is checked, and the next wait doubles.
    assert (await sign_in(app, "patient@corp.example", "still-wrong-123")).status_code == 401
    response = await sign_in(app, "patient@corp.example", PASSWORD)
    assert response.status_code == 429
    assert 115 <= int(response.headers["retry-after"]) <= 120
    await age_failures(app, "patient@corp.example", 121)
    assert (await sign_in(app, "patient@corp.example", PASSWORD)).status_code == 200
    # The right password forgets this address's failures on the account.
    assert await failures(app, "patient@corp.example") == 0
    # Failures older than the window do not count at all.
    for _ in range(5):
        await sign_in(app, "patient@corp.example", "wrong-password-123")
    await age_failures(app, "patient@corp.example", 15 * 60 + 5)
    assert (await sign_in(app, "patient@corp.example", "wrong-again-123")).json()[
        "attempts_left"
    ] == 4


async def test_failures_from_address_a_do_not_stop_the_right_password_from_b(app: App) -> None:
    app.settings.login_delay_seconds = 600
    await app.create_user(["hr"], email="target@corp.example")
    async with from_address(app, "198.51.100.66") as attacker:
        statuses = [
            (
                await attacker.post(TOKEN, data=form("target@corp.example", f"guess-{i:04d}x"))
            ).status_code
            for i in range(12)
        ]
        assert statuses == [401] * 5 + [429] * 7
        # Even the right password from A waits now …
        assert (
            await attacker.post(TOKEN, data=form("target@corp.example", PASSWORD))
        ).status_code == 429
    # … but the rightful user at another address signs in at once.
    response = await sign_in(app, "target@corp.example", PASSWORD)
    assert response.status_code == 200, response.text
    async with from_address(app, "192.0.2.10") as elsewhere:
        assert (
            await elsewhere.post(TOKEN, data=form("target@corp.example", PASSWORD))
        ).status_code == 200


async def test_one_address_spraying_many_accounts_is_slowed(app: App) -> None:
    app.settings.login_delay_seconds = 600
    await app.create_user(["hr"], email="sprayed@corp.example")
    async with from_address(app, "198.51.100.77") as sprayer:
        for i in range(20):
            response = await sprayer.post(TOKEN, data=form(f"user{i}@corp.example", "Summer-2026!"))
            assert response.status_code == 401
        response = await sprayer.post(TOKEN, data=form("sprayed@corp.example", PASSWORD))
        assert response.status_code == 429
        assert int(response.headers["retry-after"]) > 500
    assert (await sign_in(app, "sprayed@corp.example", PASSWORD)).status_code == 200


async def test_many_addresses_guessing_one_account_meet_a_short_delay(app: App) -> None:
    await app.create_user(["hr"], email="popular@corp.example")
    now = utcnow()
    async with app.db.unit_of_work() as session:
        for i in range(30):
            session.add(LoginFailure(email="popular@corp.example", ip=f"10.0.0.{i}", at=now))
    response = await sign_in(app, "popular@corp.example", PASSWORD)
    assert response.status_code == 429
    # Capped short: the rightful user waits seconds, not the whole window.
    assert 1 <= int(response.headers["retry-after"]) <= 60
    await age_failures(app, "popular@corp.example", 61)
    assert (await sign_in(app, "popular@corp.example", PASSWORD)).status_code == 200


async def test_failures_of_another_account_do_not_slow_this_one(app: App) -> None:
    await app.create_user(["hr"], email="mine@corp.example")
    await app.create_user(["hr"], email="theirs@corp.example")
    for _ in range(6):
        await sign_in(app, "theirs@corp.example", "wrong-password-123")
    assert (await sign_in(app, "theirs@corp.example", PASSWORD)).status_code == 429
    assert (await sign_in(app, "mine@corp.example", PASSWORD)).status_code == 200


async def test_unknown_account_answers_like_a_wrong_password(app: App) -> None:
    response = await sign_in(app, "nobody@corp.example", "whatever-password")
    assert is_problem(response, 401)
    assert response.json()["attempts_left"] == 4
    assert response.json()["detail"] == "Wrong email or password"


async def test_disabled_account_cannot_sign_in(app: App) -> None:
    user_id = await app.create_user(["hr"], email="gone@corp.example")
    admin = await app.user_headers("admin")
    await app.client.patch(f"/api/v1/users/{user_id}", json={"is_active": False}, headers=admin)
    assert is_problem(await sign_in(app, "gone@corp.example", PASSWORD), 401)


async def test_parallel_guesses_cannot_outrun_the_delay(app: App) -> None:
    """A burst of guesses sent at once gets no more than five wrong password checks."""
    app.settings.login_delay_seconds = 600
    await app.create_user(["hr"], email="burst@corp.example")
    guesses = [f"guess-number-{i:03d}" for i in range(13)]
    answers = await asyncio.gather(*(sign_in(app, "burst@corp.example", g) for g in guesses))
    statuses = [r.status_code for r in answers]
    assert set(statuses) <= {401, 429}, statuses
    wrong_checked = statuses.count(401)
    assert wrong_checked <= 5, statuses
    # Exactly the checked wrong guesses are remembered (the refused ones are not).
    assert await failures(app, "burst@corp.example") == wrong_checked
    more = 0
    while (await sign_in(app, "burst@corp.example", "one-more-guess")).status_code == 401:
        more += 1
        assert wrong_checked + more <= 5
    assert wrong_checked + more == 5
    assert (await sign_in(app, "burst@corp.example", PASSWORD)).status_code == 429


@pytest.mark.production_password_cost
async def test_a_login_burst_leaves_the_api_answering(app: App) -> None:
    """40 parallel wrong sign-ins (from 40 addresses, and from one) answer 401/429, never 5xx,
    and HR's list answers meanwhile: no sign-in holds a connection while Argon2 runs."""
    await app.create_user(["hr"], email="victim@corp.example")
    hr = await app.user_headers("hr")

    async def guess(i: int, ip: str) -> int:
        async with from_address(app, ip) as client:
            return (
                await client.post(TOKEN, data=form("victim@corp.example", f"burst-guess-{i:03d}"))
            ).status_code

    spread = [guess(i, f"198.18.{i // 200}.{i % 200 + 1}") for i in range(40)]
    one_place = [guess(i, "198.19.0.1") for i in range(40)]
    listed, *statuses = await asyncio.gather(
        app.client.get("/api/v1/users", headers=hr), *spread, *one_place
    )
    assert set(statuses) <= {401, 429}, statuses
    assert listed.status_code in (200, 403)  # answered (HR may not list users)
    people = await app.client.get("/api/v1/people", headers=hr)
    assert people.status_code == 200
    # One address at once: most are turned away before any work.
    assert statuses[40:].count(429) >= 30


async def test_a_correct_sign_in_is_not_counted_as_a_failure(app: App) -> None:
    await app.create_user(["hr"], email="often@corp.example")
    for _ in range(7):
        assert (await sign_in(app, "often@corp.example", PASSWORD)).status_code == 200
    assert await failures(app, "often@corp.example") == 0


async def test_token_endpoint_form_validation(app: App) -> None:
    response = await app.client.post(TOKEN, data={"grant_type": "password", "username": "a@b.c"})
    assert is_problem(response, 422)
    assert response.json()["errors"][0]["loc"] == ["body", "password"]
    response = await app.client.post(TOKEN, data={"grant_type": "magic"})
    assert is_problem(response, 422)
    assert any(e["loc"] == ["body", "grant_type"] for e in response.json()["errors"])
    response = await app.client.post(TOKEN, data={})
    assert is_problem(response, 422)
    for field in ("username", "password"):
        bad = form("a@b.c", "Correct-Horse-2026") | {field: "x\x00y"}
        response = await app.client.post(TOKEN, data=bad)
        assert is_problem(response, 422)
        assert response.json()["errors"][0]["loc"] == ["body", field]


async def test_sign_in_failure_and_logout_are_audited(app: App) -> None:
    hr_id = await app.create_user(["hr"], email="auditor@corp.example")
    await sign_in(app, "auditor@corp.example", "wrong-password-123")
    tokens = await app.token("auditor@corp.example")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    logout = await app.client.post("/api/v1/auth/logout", headers=headers)
    assert logout.status_code == 204
    # That sign-in's access token ended with it; read the log from a new sign-in.
    assert (await app.client.get("/api/v1/audit-events", headers=headers)).status_code == 401
    headers = await app.login("auditor@corp.example")
    response = await app.client.get(
        "/api/v1/audit-events", params={"actor_id": str(hr_id)}, headers=headers
    )
    assert response.status_code == 200, response.text
    actions = [e["action"] for e in response.json()["items"]]
    assert "auth.login" in actions
    assert "auth.logout" in actions
    failed = await app.client.get(
        "/api/v1/audit-events", params={"action": "auth.login_failed"}, headers=headers
    )
    (event,) = failed.json()["items"]
    assert event["actor_name"] == "auditor@corp.example"
    assert event["target_id"] == str(hr_id)
    assert event["ip"] == HOME
    assert event["actor_id"] is None
    login = (
        await app.client.get(
            "/api/v1/audit-events", params={"action": "auth.login"}, headers=headers
        )
    ).json()["items"][0]
    assert login["actor_id"] == str(hr_id)
    assert login["ip"] == HOME
    logout_event = next(e for e in response.json()["items"] if e["action"] == "auth.logout")
    assert logout_event["actor_kind"] == "user"
