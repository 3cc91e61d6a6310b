"""The outgoing-request policy (kit/egress.py): every refused form is refused when saved (422
naming the field) and when used (nothing sent), on every redirect, for HTTP and SMTP."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import ValidationError

from notifications.servers import serve, smtp_server
from scorebridge.kit import egress
from scorebridge.kit.errors import InvalidInput
from scorebridge.settings import Settings

REFUSED_URLS = [
    "https://127.0.0.1/x",
    "https://127.0.0.2:8443/x",
    "https://[::1]/x",
    "https://169.254.169.254/latest/meta-data/",
    "https://[fe80::1]/x",
    "https://0.0.0.0/x",
    "https://[::]/x",
    "https://224.0.0.1/x",
    "https://[ff02::1]/x",
    "https://10.1.2.3/x",
    "https://172.16.0.1/x",
    "https://192.168.1.1/x",
    "https://100.64.0.1/x",
    "https://[fc00::1]/x",
    "https://[fd12:3456::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://[::ffff:a9fe:a9fe]/x",
    "https://[64:ff9b::7f00:1]/x",
    "https://[2002:7f00:1::]/x",
    "https://0x7f000001/x",
    "https://2130706433/x",
    "https://0177.0.0.1/x",
    "https://127.1/x",
    "https://0xa9fea9fe/x",
    "https://localhost:8443/x",  # a name resolving to a loopback address
    "http://93.184.216.34/x",  # public, but plain http:// to a host the allow-list does not name
    "ftp://93.184.216.34/x",
]


@pytest.fixture
def strict() -> Iterator[None]:
    """No allow-list (as in production by default); the previous one is put back after."""
    before = egress.policy()
    egress.configure("")
    yield
    egress._policy = before


@pytest.mark.parametrize("url", REFUSED_URLS)
async def test_each_refused_form_is_a_422_naming_the_field_when_saved(
    strict: None, url: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        await egress.check_on_save(["body", "url"], url)
    assert caught.value.loc == ["body", "url"]
    assert egress.REFUSED in caught.value.detail or "not a valid URL" in caught.value.detail


@pytest.mark.parametrize(
    "url", ["https://93.184.216.34/hook", "https://[2606:2800:220:1::]/hook", "https://x.invalid/"]
)
async def test_public_https_and_unresolvable_names_are_accepted(strict: None, url: str) -> None:
    await egress.check_on_save(["body", "url"], url)  # x.invalid: checked again when used


async def test_the_allow_list_names_hosts_and_networks() -> None:
    policy = egress.Policy.parse(" 10.20.0.0/16, hris.corp.internal ,127.0.0.1,*.corp.example")
    for allowed in (
        "http://10.20.1.5/api",
        "http://hris.corp.internal/api",
        "http://a.b.corp.example/x",
        "http://127.0.0.1:9000/x",
        "https://[::ffff:127.0.0.1]/x",
    ):
        policy.check_url(allowed)
    for refused in ("https://10.21.0.1/x", "http://corp.example/x", "https://127.0.0.2/x"):
        with pytest.raises(egress.Refused):
            policy.check_url(refused)
    with pytest.raises(ValidationError, match="outbound_allow"):
        Settings(outbound_allow="10.0.0.0/8,not a host!")


async def _no_hit_server() -> tuple[FastAPI, list[str]]:
    hits: list[str] = []
    app = FastAPI()

    @app.api_route("/{path:path}", methods=["GET", "POST"])
    async def anything(path: str) -> JSONResponse:
        hits.append(path)
        return JSONResponse({"ok": True})

    return app, hits


async def test_at_send_time_a_name_resolving_to_loopback_is_refused_and_nothing_is_sent(
    strict: None, caplog: pytest.LogCaptureFixture
) -> None:
    target, hits = await _no_hit_server()
    async with serve(target) as base:
        port = base.rsplit(":", 1)[1]
        async with egress.client(timeout=5) as client:
            for url in (f"https://localhost:{port}/hook", f"{base}/hook"):
                with pytest.raises(egress.Refused) as caught:
                    await client.post(url, json={"a": 1})
                assert str(caught.value) == egress.REFUSED
                assert egress.describe(caught.value) == egress.REFUSED
    assert hits == []
    assert "outgoing request to localhost refused" in caplog.text


async def test_every_redirect_is_checked() -> None:
    """An allowed server (127.0.0.1 on the allow-list) redirects to refused addresses."""
    target, hits = await _no_hit_server()
    before = egress.policy()
    egress.configure("127.0.0.1")
    try:
        async with serve(target) as refused_base:
            refused_port = refused_base.rsplit(":", 1)[1]
            redirector = FastAPI()

            @redirector.get("/go")
            async def go(to: str) -> RedirectResponse:
                return RedirectResponse(to, status_code=302)

            async with (
                serve(redirector) as base,
                egress.client(timeout=5, follow_redirects=True) as client,
            ):
                for to in (
                    "http://169.254.169.254/latest/meta-data/",
                    f"https://[::1]:{refused_port}/x",
                    f"http://localhost:{refused_port}/x",  # plain http to an unnamed host
                    f"https://127.0.0.2:{refused_port}/x",
                ):
                    with pytest.raises(egress.Refused):
                        await client.get(f"{base}/go", params={"to": to})
        assert hits == []
    finally:
        egress._policy = before


async def test_smtp_connects_only_to_a_checked_address(strict: None) -> None:
    async with smtp_server() as (_, port):
        with pytest.raises(egress.Refused):
            await egress.open_socket("localhost", port, 5)
        egress.configure("127.0.0.1")
        sock = await egress.open_socket("localhost", port, 5)
        sock.close()
    egress.configure("")
    with pytest.raises(InvalidInput) as caught:
        await egress.check_host_on_save(["body", "config", "host"], "localhost", 25)
    assert caught.value.loc == ["body", "config", "host"]


async def test_users_see_generic_error_classes_only() -> None:
    request = httpx.Request("GET", "https://x.example/?key=s3cret")
    answer = httpx.Response(500, request=request, text="stack trace of the internal server")
    error = httpx.HTTPStatusError("boom https://x.example/?key=s3cret", request=request,
                                  response=answer)  # fmt: skip
    assert egress.describe(error) == "HTTP 500 from the endpoint"
    assert egress.describe(httpx.ConnectError("[Errno 111] 10.0.0.7")) == "connection failed"
    assert egress.describe(httpx.ReadTimeout("slow")) == "timed out"


async def test_httpx_does_not_log_urls_with_keys(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    egress.configure("127.0.0.1")
    target = FastAPI()

    @target.post("/robot")
    async def robot(request: Request) -> JSONResponse:
        return JSONResponse({"errcode": 0})

    async with serve(target) as base, egress.client(timeout=5) as client:
        response = await client.post(f"{base}/robot?key=robot-key-123", json={})
    assert response.status_code == 200
    assert "robot-key-123" not in caplog.text
