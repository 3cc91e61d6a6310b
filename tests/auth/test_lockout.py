"""Password sign-in: lockout after five failures, its window, and the audit trail."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from conftest import PASSWORD, App
from scorebridge.auth.models import LoginFailure
from scorebridge.kit.db import utcnow

TOKEN = "/api/v1/auth/token"


async def sign_in(app: App, email: str, password: str) -> httpx.Response:
    return await app.client.post(
        TOKEN, data={"grant_type": "password", "username": email, "password": password}
    )


def is_problem(response: httpx.Response, status: int) -> bool:
    return response.status_code == status and response.headers["content-type"].startswith(
        "application/problem+json"
    )


async def test_five_failures_lock_even_the_right_password(app: App) -> None:
    await app.create_user(["hr"], email="locked@corp.example")
    left = []
    for _ in range(5):
        response = await sign_in(app, "locked@corp.example", "wrong-password-123")
        assert is_problem(response, 401), response.text
        body = response.json()
        assert body["type"].endswith("/unauthorized")
        left.append(body["attempts_left"])
    assert left == [4, 3, 2, 1, 0]

    response = await sign_in(app, "locked@corp.example", PASSWORD)
    assert is_problem(response, 429), response.text
    retry_after = response.headers["retry-after"]
    assert retry_after.isdigit()
    assert 0 < int(retry_after) <= 900
    body = response.json()
    assert body["status"] == 429
    assert body["retry_after"] == int(retry_after)
    assert "access_token" not in response.text

    # The email is matched case-insensitively: no way around the lock by changing case.
    response = await sign_in(app, "LOCKED@Corp.Example", PASSWORD)
    assert response.status_code == 429


async def test_failures_of_another_account_do_not_lock_this_one(app: App) -> None:
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


async def test_the_lock_lifts_after_the_window(app: App) -> None:
    await app.create_user(["hr"], email="patient@corp.example")
    for _ in range(5):
        await sign_in(app, "patient@corp.example", "wrong-password-123")
    assert (await sign_in(app, "patient@corp.example", PASSWORD)).status_code == 429

    async with app.db.unit_of_work() as session:
        rows = (
            await session.scalars(
                select(LoginFailure).where(LoginFailure.email == "patient@corp.example")
            )
        ).all()
        assert len(rows) == 5
        await session.execute(
            update(LoginFailure)
            .where(LoginFailure.email == "patient@corp.example")
            .values(at=utcnow() - timedelta(minutes=15, seconds=5))
        )
    response = await sign_in(app, "patient@corp.example", PASSWORD)
    assert response.status_code == 200, response.text


async def test_retry_after_counts_from_the_oldest_failure_in_the_window(app: App) -> None:
    await app.create_user(["hr"], email="half@corp.example")
    async with app.db.unit_of_work() as session:
        now = utcnow()
        session.add(LoginFailure(email="half@corp.example", at=now - timedelta(minutes=30)))
        for minutes in (10, 9, 8, 7, 6):
            session.add(
                LoginFailure(email="half@corp.example", at=now - timedelta(minutes=minutes))
            )
    response = await sign_in(app, "half@corp.example", PASSWORD)
    assert response.status_code == 429
    # The oldest failure inside the window is 10 minutes old: about 5 minutes remain.
    assert 240 <= int(response.headers["retry-after"]) <= 300

    async with app.db.unit_of_work() as session:
        # Four failures in the window: not locked, one try left before the lock.
        await session.execute(
            update(LoginFailure)
            .where(
                LoginFailure.email == "half@corp.example",
                LoginFailure.at < now - timedelta(minutes=9, seconds=30),
            )
            .values(at=now - timedelta(hours=1))
        )
    response = await sign_in(app, "half@corp.example", "wrong-password-123")
    assert is_problem(response, 401)
    assert response.json()["attempts_left"] == 0
    assert (await sign_in(app, "half@corp.example", PASSWORD)).status_code == 429


async def test_disabled_account_cannot_sign_in(app: App) -> None:
    user_id = await app.create_user(["hr"], email="gone@corp.example")
    admin = await app.user_headers("admin")
    await app.client.patch(f"/api/v1/users/{user_id}", json={"is_active": False}, headers=admin)
    assert is_problem(await sign_in(app, "gone@corp.example", PASSWORD), 401)


async def test_sign_in_failure_and_logout_are_audited(app: App) -> None:
    hr_id = await app.create_user(["hr"], email="auditor@corp.example")
    await sign_in(app, "auditor@corp.example", "wrong-password-123")
    tokens = await app.token("auditor@corp.example")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    logout = await app.client.post(
        "/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}, headers=headers
    )
    assert logout.status_code == 204
    # That sign-in's access token ended with it; read the log from a new sign-in.
    ended = await app.client.get("/api/v1/audit-events", headers=headers)
    assert ended.status_code == 401
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
    items = failed.json()["items"]
    assert len(items) == 1
    event = items[0]
    assert event["actor_name"] == "auditor@corp.example"
    assert event["target_id"] == str(hr_id)
    assert event["ip"] == "203.0.113.7"
    assert event["actor_id"] is None

    login = (
        await app.client.get(
            "/api/v1/audit-events", params={"action": "auth.login"}, headers=headers
        )
    ).json()["items"][0]
    assert login["actor_id"] == str(hr_id)
    assert login["ip"] == "203.0.113.7"
    logout_event = next(e for e in response.json()["items"] if e["action"] == "auth.logout")
    assert logout_event["actor_kind"] == "user"


async def test_token_endpoint_form_validation(app: App) -> None:
    response = await app.client.post(TOKEN, data={"grant_type": "password", "username": "a@b.c"})
    assert is_problem(response, 422)
    assert response.json()["errors"][0]["loc"] == ["body", "password"]
    response = await app.client.post(TOKEN, data={"grant_type": "magic"})
    assert is_problem(response, 422)
    assert any(e["loc"] == ["body", "grant_type"] for e in response.json()["errors"])
    response = await app.client.post(TOKEN, data={})
    assert is_problem(response, 422)


async def test_parallel_guesses_cannot_outrun_the_lock(app: App) -> None:
    """A burst of guesses sent at once gets no more than five wrong password checks."""
    await app.create_user(["hr"], email="burst@corp.example")
    guesses = [f"guess-number-{i:03d}" for i in range(12)] + [PASSWORD]
    answers = await asyncio.gather(*(sign_in(app, "burst@corp.example", g) for g in guesses))
    statuses = [r.status_code for r in answers]
    assert set(statuses) <= {200, 401, 429}, statuses
    assert statuses[:-1].count(200) == 0
    wrong_checked = statuses.count(401)
    assert wrong_checked <= 5, statuses
    # Exactly the checked wrong guesses are remembered (refused and right ones are not).
    async with app.db.unit_of_work() as session:
        remembered = await session.scalar(
            select(func.count()).where(LoginFailure.email == "burst@corp.example")
        )
    assert remembered == wrong_checked
    # Whatever the burst got, the total of wrong checks in the window stays five.
    more = 0
    while (await sign_in(app, "burst@corp.example", "one-more-guess")).status_code == 401:
        more += 1
        assert wrong_checked + more <= 5
    assert wrong_checked + more == 5
    assert (await sign_in(app, "burst@corp.example", PASSWORD)).status_code == 429


async def test_a_correct_sign_in_is_not_counted_as_a_failure(app: App) -> None:
    await app.create_user(["hr"], email="often@corp.example")
    for _ in range(7):
        assert (await sign_in(app, "often@corp.example", PASSWORD)).status_code == 200
    async with app.db.unit_of_work() as session:
        rows = await session.scalars(
            select(LoginFailure).where(LoginFailure.email == "often@corp.example")
        )
        assert rows.all() == []
    # A lock attempt (429) does not extend the lock either.
    for _ in range(5):
        await sign_in(app, "often@corp.example", "wrong-password-123")
    for _ in range(3):
        assert (await sign_in(app, "often@corp.example", PASSWORD)).status_code == 429
    async with app.db.unit_of_work() as session:
        count = await session.scalar(
            select(func.count()).where(LoginFailure.email == "often@corp.example")
        )
        assert count == 5
