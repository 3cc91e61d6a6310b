"""Signing out ends the live notification stream of that sign-in (at once on logout, at the next
heartbeat for a sign-in revoked otherwise) and voids the stream tickets minted for it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import update

from conftest import App
from notifications.servers import serve
from scorebridge.app import create_app
from scorebridge.auth.models import RefreshToken
from scorebridge.kit.db import utcnow
from scorebridge.settings import Settings

STREAM = "/api/v1/notifications/stream"


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[tuple[App, str]]:
    quick = settings.model_copy(update={"notification_heartbeat_seconds": 0.3})
    asgi = create_app(quick)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, client=("203.0.113.7", 5000))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://test") as client,
            serve(asgi) as base,
        ):
            yield App(asgi, client, quick), base


async def lines_until_closed(response: httpx.Response, within: float) -> list[str]:
    """Every line the server sends until it ends the stream (fails if it stays open)."""
    seen: list[str] = []
    async with asyncio.timeout(within):
        async for line in response.aiter_lines():
            seen.append(line)
    return seen


async def sign_in(app: App) -> tuple[dict[str, str], dict[str, str]]:
    email = f"stream-{utcnow().timestamp()}@corp.example"
    await app.create_user(["employee"], email=email)
    tokens = await app.token(email)
    return tokens, {"Authorization": f"Bearer {tokens['access_token']}"}


async def test_logout_closes_the_open_stream(live: tuple[App, str]) -> None:
    app, base = live
    _, headers = await sign_in(app)
    _, elsewhere = await sign_in(app)
    async with (
        httpx.AsyncClient(timeout=10) as http,
        http.stream("GET", f"{base}{STREAM}", headers=headers) as mine,
        http.stream("GET", f"{base}{STREAM}", headers=elsewhere) as theirs,
    ):
        assert mine.status_code == 200
        lines = mine.aiter_lines()
        assert await anext(lines) == ": connected"
        assert (await app.client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
        rest = []
        async with asyncio.timeout(5):
            rest = [line async for line in lines]
        assert not any(line.startswith("event:") for line in rest)  # ended, nothing leaked
        # Another user's stream stays open (its heartbeat keeps coming).
        other = theirs.aiter_lines()
        async with asyncio.timeout(5):
            while await anext(other) != ": heartbeat":
                pass


async def test_a_ticket_stream_closes_on_cookie_logout(live: tuple[App, str]) -> None:
    app, base = live
    _, headers = await sign_in(app)  # the client's cookie jar now holds this sign-in
    ticket = (await app.client.post("/api/v1/notifications/stream-ticket", headers=headers)).json()[
        "ticket"
    ]
    async with (
        httpx.AsyncClient(timeout=10) as http,
        http.stream("GET", f"{base}{STREAM}", params={"ticket": ticket}) as response,
    ):
        assert response.status_code == 200
        logout = await app.client.post(
            "/api/v1/auth/logout", headers={"X-Requested-With": "ScoreBridge"}
        )
        assert logout.status_code == 204
        seen = await lines_until_closed(response, within=5)
        assert seen[0] == ": connected"


async def test_a_ticket_minted_before_logout_no_longer_opens_a_stream(
    live: tuple[App, str],
) -> None:
    app, base = live
    _, headers = await sign_in(app)
    tickets = [
        (await app.client.post("/api/v1/notifications/stream-ticket", headers=headers)).json()[
            "ticket"
        ]
        for _ in range(2)
    ]
    assert (await app.client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    async with httpx.AsyncClient(timeout=10) as http:
        refused = await http.get(f"{base}{STREAM}", params={"ticket": tickets[0]})
        assert refused.status_code == 401
        assert "ticket" in refused.json()["detail"]
    # A new sign-in's ticket works.
    _, fresh = await sign_in(app)
    ticket = (await app.client.post("/api/v1/notifications/stream-ticket", headers=fresh)).json()[
        "ticket"
    ]
    async with (
        httpx.AsyncClient(timeout=10) as http,
        http.stream("GET", f"{base}{STREAM}", params={"ticket": ticket}) as response,
    ):
        assert response.status_code == 200


async def test_a_sign_in_revoked_otherwise_ends_its_stream_at_the_next_heartbeat(
    live: tuple[App, str],
) -> None:
    app, base = live
    _, headers = await sign_in(app)
    async with (
        httpx.AsyncClient(timeout=10) as http,
        http.stream("GET", f"{base}{STREAM}", headers=headers) as response,
    ):
        assert response.status_code == 200
        # As a reused refresh token does: the whole family is revoked, no hub message.
        async with app.db.unit_of_work() as session:
            await session.execute(update(RefreshToken).values(revoked_at=utcnow()))
        seen = await lines_until_closed(response, within=5)
        assert seen[0] == ": connected"
