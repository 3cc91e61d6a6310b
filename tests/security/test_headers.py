"""Security headers on the web app, the API, errors and the docs page; HSTS only over TLS."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import httpx
import pytest

from conftest import App
from scorebridge.app import create_app
from scorebridge.settings import Settings


def csp(response: httpx.Response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in policy.split(";"))
    }


def assert_hardened(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"
    directives = csp(response)
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


async def test_api_answers_and_errors_carry_the_headers(app: App) -> None:
    headers = await app.user_headers("hr")
    for response in (
        await app.client.get("/api/v1/health"),
        await app.client.get("/api/v1/me", headers=headers),
        await app.client.get("/api/v1/me"),  # 401 problem
        await app.client.get("/api/v1/no-such-thing"),  # 404 problem
        await app.client.post("/api/v1/auth/token", data={}),  # 422 problem
    ):
        assert_hardened(response)
        assert csp(response)["script-src"] == "'self'"
        assert "strict-transport-security" not in response.headers  # plain HTTP


@pytest.fixture
def spa_dir(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><script type="module" src="/assets/app.js"></script>'
        "</head><body><div id=root></div></body></html>"
    )
    (tmp_path / "assets" / "app.js").write_text("console.log('app')")
    return tmp_path


async def test_the_web_app_gets_a_strict_policy_and_hsts_only_over_tls(
    settings: Settings, spa_dir: Path
) -> None:
    settings.spa_dir = spa_dir
    asgi = create_app(settings)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://sb.test") as plain:
            for path in ("/", "/analytics", "/assets/app.js"):
                response = await plain.get(path)
                assert response.status_code == 200
                assert_hardened(response)
                assert csp(response)["script-src"] == "'self'"
                assert "strict-transport-security" not in response.headers
        async with httpx.AsyncClient(transport=transport, base_url="https://sb.test") as tls:
            for path in ("/", "/api/v1/health"):
                response = await tls.get(path)
                assert_hardened(response)
                hsts = response.headers["strict-transport-security"]
                assert hsts.startswith("max-age=31536000")


async def test_a_forwarded_proto_header_alone_does_not_turn_on_hsts(app: App) -> None:
    """The scheme comes from the server (uvicorn trusts X-Forwarded-Proto only from trusted
    proxies); the app never reads the header a client could send."""
    response = await app.client.get("/api/v1/health", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in response.headers


def test_the_index_has_no_inline_script() -> None:
    """The policy forbids inline scripts, so the app's own page must have none."""
    index = Path(__file__).resolve().parents[2] / "frontend" / "index.html"
    html = index.read_text()
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL):
        assert "src=" in attributes
        assert not body.strip()
    assert not re.search(r"\son[a-z]+=", html)


async def test_the_docs_page_may_run_exactly_its_own_inline_script(app: App) -> None:
    response = await app.client.get("/api/docs")
    assert response.status_code == 200
    directives = csp(response)
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    scripts = re.findall(r"<script>(.*?)</script>", response.text, flags=re.DOTALL)
    assert scripts
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in directives["script-src"]
