"""Every error is RFC 9457 problem+json; a 500 shows no internals; the SPA never eats /api."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from conftest import App
from scorebridge.app import create_app
from scorebridge.settings import Settings

PROBLEM = "application/problem+json"


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert isinstance(body["detail"], str)
    return body


async def test_unknown_api_path_is_404_problem(app: App) -> None:
    for path in (
        "/api/v1/nothing-here",
        "/api/v1/people/x/y/z",
        "/api/v2/people",
        "/api",
        "/api/",
        "/api/v1",
    ):
        body = problem(await app.client.get(path), 404)
        assert body["instance"] == path.rstrip("/") or body["instance"] == path
        assert "<html" not in body["detail"].lower()
    # Other methods on unknown API paths never reach the SPA either (the SPA route is GET-only,
    # so Starlette answers 405 here; still a problem document).
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = await app.client.request(method, "/api/v1/nothing-here")
        assert response.status_code in (404, 405)
        problem(response, response.status_code)


async def test_wrong_method_is_405_problem(app: App) -> None:
    body = problem(await app.client.delete("/api/v1/health"), 405)
    assert "DELETE" in body["detail"]
    problem(await app.client.put("/api/v1/auth/token"), 405)


async def test_validation_error_lists_each_field(app: App) -> None:
    hr = await app.user_headers("hr")
    response = await app.client.post(
        "/api/v1/departments", json={"code": "has space", "parent_id": "nope"}, headers=hr
    )
    body = problem(response, 422)
    locs = {tuple(e["loc"]) for e in body["errors"]}
    assert locs == {("body", "code"), ("body", "name"), ("body", "parent_id")}
    assert all(e["msg"] for e in body["errors"])
    for name in ("code", "name", "parent_id"):
        assert name in body["detail"]
    not_json = await app.client.post(
        "/api/v1/departments",
        content=b"{not json",
        headers=hr | {"content-type": "application/json"},
    )
    assert problem(not_json, 422)["errors"]
    not_object = await app.client.post("/api/v1/departments", json=[1, 2], headers=hr)
    problem(not_object, 422)
    query = await app.client.get("/api/v1/audit-events", params={"person_id": "x"}, headers=hr)
    assert problem(query, 422)["errors"][0]["loc"] == ["query", "person_id"]


async def test_unexpected_exception_is_500_without_internals(settings: Settings) -> None:
    asgi = create_app(settings)

    async def boom() -> None:
        secret = "s3cr3t-internal-detail"
        raise RuntimeError(f"database password is {secret}")

    asgi.add_api_route("/api/v1/test-boom", boom, methods=["GET"])
    # The SPA catch-all was registered first: put the test route before it.
    asgi.router.routes.insert(0, asgi.router.routes.pop())
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/api/v1/test-boom")
            body = problem(response, 500)
            assert "s3cr3t" not in response.text
            assert "RuntimeError" not in response.text
            assert "Traceback" not in response.text
            assert "File " not in response.text
            assert set(body) <= {"type", "title", "status", "detail", "instance", "code"}
            # The app keeps serving afterwards.
            assert (await client.get("/api/v1/health")).status_code == 200


async def test_non_api_paths_serve_the_spa(app: App) -> None:
    for path in ("/", "/workbench", "/results/123", "/people/abc/profile"):
        response = await app.client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert "<html" in response.text.lower()


async def test_built_spa_falls_back_to_index_but_not_for_api(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><html><body>SPA-INDEX</body></html>")
    (tmp_path / "assets" / "app-1234.js").write_text("console.log('hi')")
    (tmp_path.parent / "outside.txt").write_text("secret outside the SPA dir")
    asgi = create_app(settings.model_copy(update={"spa_dir": tmp_path}))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            for path in ("/", "/workbench", "/results/1"):
                response = await client.get(path)
                assert response.status_code == 200
                assert "SPA-INDEX" in response.text
                assert response.headers["cache-control"] == "no-cache"
            asset = await client.get("/assets/app-1234.js")
            assert asset.text == "console.log('hi')"
            assert "immutable" in asset.headers["cache-control"]
            # Paths out of the SPA directory fall back to index.html, never leak files.
            for escape in ("/../outside.txt", "/%2e%2e/outside.txt", "/assets/../../outside.txt"):
                response = await client.get(escape)
                assert "secret outside" not in response.text
            for path in ("/api/v1/nope", "/api/whatever", "/api"):
                response = await client.get(path)
                problem(response, 404)
                assert "SPA-INDEX" not in response.text
