"""Vendor polling and the outgoing-request policy: a refused poll URL is a 422 when saved, a
redirect to a refused address is never followed, errors never quote the response, and poll
headers are sealed at rest, masked in answers and kept only while the URL's address stays."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse, RedirectResponse

from conftest import App
from notifications.servers import serve
from scorebridge.intake import tasks
from scorebridge.kit import egress
from vendor_support import admin, create_vendor


async def _poll(app: App) -> None:
    await tasks.poll_due(app.asgi.state.job_context)
    await app.run_jobs()


async def _vendor(app: App, slug: str) -> dict[str, Any]:
    response = await app.client.get(f"/api/v1/vendors/{slug}", headers=await admin(app))
    body: dict[str, Any] = response.json()
    return body


def _poll_config(url: str, **extra: Any) -> dict[str, Any]:
    return {"url": url, "interval_seconds": 60, "items": "items", **extra}


async def test_a_refused_poll_url_is_a_422_naming_the_field(app: App) -> None:
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "https://[::1]/results",
        "https://0x7f000002/results",
        "https://2130706434/results",
        "https://192.168.0.10/results",
        "http://vendor.example/results",  # public but plain http
    ):
        body = {"slug": "bad", "name": "Bad", "signing": {"scheme": "standard-webhooks"},
                "poll": _poll_config(url)}  # fmt: skip
        created = await app.client.post("/api/v1/vendors", json=body, headers=await admin(app))
        assert created.status_code == 422, (url, created.text)
        assert created.json()["errors"][0]["loc"] == ["body", "poll", "url"]
    await create_vendor(app, slug="ok", signing={"scheme": "standard-webhooks"})
    patched = await app.client.patch(
        "/api/v1/vendors/ok",
        json={"poll": _poll_config("https://[fd00::5]/results")},
        headers=await admin(app),
    )
    assert patched.status_code == 422
    assert patched.json()["errors"][0]["loc"] == ["body", "poll", "url"]


async def test_a_redirect_to_a_refused_address_is_not_followed(app: App) -> None:
    hits: list[str] = []
    inside = FastAPI()

    @inside.get("/{path:path}")
    async def anything(path: str) -> JSONResponse:
        hits.append(path)
        return JSONResponse({"items": []})

    async with serve(inside) as inside_base:
        inside_port = inside_base.rsplit(":", 1)[1]
        vendor_api = FastAPI()

        @vendor_api.get("/results")
        async def results(to: str) -> RedirectResponse:
            return RedirectResponse(to, status_code=307)

        async with serve(vendor_api) as base:
            for n, to in enumerate(
                (
                    "http://169.254.169.254/latest/meta-data/iam",
                    f"https://[::1]:{inside_port}/internal",
                    f"http://localhost:{inside_port}/internal",
                )
            ):
                await create_vendor(
                    app,
                    slug=f"redirects-{n}",
                    signing={"scheme": "standard-webhooks"},
                    poll=_poll_config(f"{base}/results?to={to}"),
                )
            await _poll(app)
    assert hits == []
    for n in range(3):
        assert (await _vendor(app, f"redirects-{n}"))["last_poll_error"] == egress.REFUSED


async def test_poll_errors_never_quote_the_response(app: App) -> None:
    vendor_api = FastAPI()

    @vendor_api.get("/broken")
    async def broken() -> JSONResponse:
        return JSONResponse({"trace": "psycopg: db-internal-7:5432 refused"}, status_code=500)

    @vendor_api.get("/odd")
    async def odd_items() -> JSONResponse:
        return JSONResponse({"items": "db-internal-7:5432 says hello"})

    async with serve(vendor_api) as base:
        await create_vendor(app, slug="broken", signing={"scheme": "standard-webhooks"},
                            poll=_poll_config(f"{base}/broken"))  # fmt: skip
        await create_vendor(app, slug="odd", signing={"scheme": "standard-webhooks"},
                            poll=_poll_config(f"{base}/odd", items="length(items)"))  # fmt: skip
        await _poll(app)
    assert (await _vendor(app, "broken"))["last_poll_error"] == "HTTP 500 from the endpoint"
    odd = (await _vendor(app, "odd"))["last_poll_error"]
    assert odd
    assert "db-internal" not in odd


async def test_poll_headers_are_sealed_masked_and_kept_only_at_the_same_address(
    app: App,
) -> None:
    seen: list[str] = []
    vendor_api = FastAPI()

    @vendor_api.get("/results")
    async def results(request: Request, authorization: str = Header("")) -> JSONResponse:
        seen.append(authorization)
        return JSONResponse({"items": []})

    async with serve(vendor_api) as base:
        headers = {"Authorization": "Bearer poll-key-42", "Accept": "application/json"}
        created = await create_vendor(
            app, slug="keyed", signing={"scheme": "standard-webhooks"},
            poll=_poll_config(f"{base}/results", headers=headers),
        )  # fmt: skip
        assert created["poll"]["headers"] == {"Authorization": "***", "Accept": "***"}
        shown = await app.client.get("/api/v1/vendors", headers=await admin(app))
        assert "poll-key-42" not in shown.text
        async with app.db.engine.connect() as conn:
            raw = (await conn.exec_driver_sql("SELECT poll FROM vendors")).scalar()
        assert "poll-key-42" not in str(raw)

        # The masked value sent back for the same address keeps the key; polling still uses it.
        masked = {"Authorization": "***", "Accept": "***"}
        same = await app.client.patch(
            "/api/v1/vendors/keyed",
            json={"poll": _poll_config(f"{base}/results?page=1", headers=masked)},
            headers=await admin(app),
        )
        assert same.status_code == 200, same.text
        await _poll(app)
        assert seen == ["Bearer poll-key-42"]

    # Another address: the key must be typed again.
    moved = await app.client.patch(
        "/api/v1/vendors/keyed",
        json={"poll": _poll_config("https://api.attacker.example/results", headers=masked)},
        headers=await admin(app),
    )
    assert moved.status_code == 422
    assert moved.json()["errors"][0]["loc"][:4] == ["body", "poll", "headers", "Authorization"]
    missing = await app.client.post(
        "/api/v1/vendors",
        json={"slug": "new", "name": "New", "signing": {"scheme": "standard-webhooks"},
              "poll": _poll_config("https://api.vendor.example/r", headers=masked)},
        headers=await admin(app),
    )  # fmt: skip
    assert missing.status_code == 422
