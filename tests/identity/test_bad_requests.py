"""Bad input to the sign-in endpoints: a 422 problem naming the parameter, never a 500."""

from __future__ import annotations

import pytest

from conftest import App
from identity.support import refused_with


@pytest.mark.parametrize(
    ("url", "params", "loc"),
    [
        ("/api/v1/auth/sso/saml/start", {}, ["path", "kind"]),
        ("/api/v1/auth/sso/saml/callback", {}, ["path", "kind"]),
        ("/api/v1/auth/sso/oidc/start", {"next": "/" + "x" * 5000}, ["query", "next"]),
        ("/api/v1/auth/sso/oidc/callback", {"state": "s" * 5000}, ["query", "state"]),
        ("/api/v1/auth/sso/oidc/callback", {"code": "c" * 5000}, ["query", "code"]),
    ],
)
async def test_bad_parameters_name_the_field(
    app: App, url: str, params: dict[str, str], loc: list[str]
) -> None:
    response = await app.client.get(url, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["loc"] == loc


async def test_a_callback_nobody_started_ends_on_the_login_page(app: App) -> None:
    response = await app.client.get(
        "/api/v1/auth/sso/wecom/callback", params={"code": "x", "state": "y"}
    )
    assert response.status_code == 302
    assert refused_with(response) == "sso_state"
    assert "sb_refresh" not in response.headers.get("set-cookie", "")
