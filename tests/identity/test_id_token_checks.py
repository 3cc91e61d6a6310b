"""Every check of the ID token, against a provider that signs what the test asks for."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from conftest import App
from identity.forged_idp import ForgedIdp, running
from identity.support import configure, finish, refused_with, sign_in_at_provider, start
from vendor_support import admin


@pytest.fixture
async def forged(app: App) -> AsyncIterator[ForgedIdp]:
    async with running() as idp:
        await configure(app, await admin(app), idp.issuer)
        response = await app.client.post(
            "/api/v1/people",
            json={"name": "张伟", "employee_no": "E2001", "email": "zhang.wei@corp.example"},
            headers=await admin(app),
        )
        assert response.status_code == 201
        yield idp


async def outcome(app: App) -> str | None:
    return refused_with(await finish(app, await sign_in_at_provider(await start(app), "-")))


def changed(**claims: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda c: {k: v for k, v in {**c, **claims}.items() if v is not None}


async def test_a_well_formed_token_signs_in(app: App, forged: ForgedIdp) -> None:
    assert await outcome(app) is None
    forged.forge = lambda c: forged.signed(c, "ES256")
    app.client.cookies.clear()
    assert await outcome(app) is None


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param(changed(nonce="another"), id="bad nonce"),
        pytest.param(changed(nonce=None), id="no nonce"),
        pytest.param(changed(exp=int(time.time()) - 3600), id="expired"),
        pytest.param(changed(aud="someone-else"), id="wrong audience"),
        pytest.param(changed(aud=["scorebridge-tests", "x"], azp="x"), id="wrong azp"),
        pytest.param(changed(aud=["scorebridge-tests", "x"]), id="no azp for many audiences"),
        pytest.param(changed(iss="https://evil.example"), id="wrong issuer"),
        pytest.param(changed(iat=int(time.time()) + 3600), id="issued in the future"),
        pytest.param(changed(iat=None), id="no iat"),
    ],
)
async def test_claims_are_checked(
    app: App, forged: ForgedIdp, claims: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    forged.claims = claims
    assert await outcome(app) == "sso_token"


@pytest.mark.parametrize("how", ["unsigned", "hmac_with_public_key", "unlisted ES256"])
async def test_only_the_pinned_algorithms_and_keys_are_accepted(
    app: App, forged: ForgedIdp, how: str
) -> None:
    if how == "unlisted ES256":
        forged.algorithms = ["RS256"]  # discovery lists RS256 only: an ES256 token is refused
        forged.forge = lambda c: forged.signed(c, "ES256")
    else:
        forged.forge = getattr(forged, how)
    assert await outcome(app) == "sso_token"


async def test_a_token_signed_by_another_key_is_refused(app: App, forged: ForgedIdp) -> None:
    other = ForgedIdp()
    forged.forge = other.signed  # same kid, another key
    assert await outcome(app) == "sso_token"
