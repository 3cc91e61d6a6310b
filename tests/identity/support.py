"""Walking an OpenID Provider's pages the way a browser would, and reading how a sign-in ended."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from conftest import App

IDP_DIR = Path(__file__).resolve().parents[1] / "idp"
CLIENT_ID = "scorebridge-tests"
CLIENT_SECRET = "idp-client-secret-0123456789"
APP_BASE = "http://test"
CALLBACK = f"{APP_BASE}/api/v1/auth/sso/oidc/callback"
# The provider's people (login → claims); ScoreBridge's people are made by each test.
ACCOUNTS: dict[str, dict[str, Any]] = {
    "zhangwei": {
        "email": "Zhang.Wei@corp.example",
        "email_verified": True,
        "name": "张伟",
        "employee_no": "E2001",
    },
    "lina": {"email": "li.na@corp.example", "email_verified": False, "employee_no": "E2002"},
    "stranger": {"email": "nobody@elsewhere.example", "email_verified": True},
}


@dataclass(frozen=True)
class Idp:
    issuer: str


async def configure(app: App, headers: dict[str, str], issuer: str, **config: Any) -> None:
    body = {
        "enabled": True,
        "config": {
            "issuer": issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            **config,
        },
    }
    response = await app.client.put("/api/v1/identity-providers/oidc", json=body, headers=headers)
    assert response.status_code == 200, response.text


async def start(app: App, next_path: str = "/my-results") -> str:
    response = await app.client.get("/api/v1/auth/sso/oidc/start", params={"next": next_path})
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Walk the provider's pages (log in as ``login``; consent is granted at once) and return
    the callback URL it sends the browser back to."""
    async with httpx.AsyncClient(timeout=10) as browser:
        response = await browser.get(authorize_url)
        for _ in range(12):
            if response.is_redirect:
                url = urllib.parse.urljoin(str(response.url), response.headers["location"])
                if url.startswith(APP_BASE):
                    return url
                response = await browser.get(url)
                continue
            form = re.search(r'<form method="post" action="([^"]+)"', response.text)
            assert response.status_code == 200, response.text[:500]
            assert form, response.text[:500]
            response = await browser.post(
                urllib.parse.urljoin(str(response.url), form.group(1)), data={"login": login}
            )
    raise AssertionError("the provider never sent the browser back")


async def finish(app: App, callback: str) -> httpx.Response:
    response = await app.client.get(callback.removeprefix(APP_BASE))
    assert response.status_code == 302, response.text
    return response


def refused_with(response: httpx.Response) -> str | None:
    """The error code of a sign-in that ended on the login page (None: it did not)."""
    location = urllib.parse.urlsplit(response.headers["location"])
    if location.path != "/login":
        return None
    return urllib.parse.parse_qs(location.query)["error"][0]


async def signed_in_as(app: App) -> dict[str, Any]:
    """Who the sign-in cookie the callback set belongs to (as the web app would find out)."""
    token = await app.client.post(
        "/api/v1/auth/token",
        data={"grant_type": "refresh_token"},
        headers={"X-Requested-With": "ScoreBridge"},
    )
    assert token.status_code == 200, token.text
    me = await app.client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}
    )
    assert me.status_code == 200, me.text
    body: dict[str, Any] = me.json()
    return body
