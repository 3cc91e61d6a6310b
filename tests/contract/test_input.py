"""The contract at its edges: bad input is a 4xx problem naming the field, never a 500."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import App

PROBLEM = "application/problem+json"
EN = {"Accept-Language": "en"}


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"]
    return body


def fields(body: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {tuple(e["loc"]) for e in body["errors"]}


async def test_group_by_none_is_one_group(app: App) -> None:
    hr = await app.user_headers("hr")
    means = await app.client.get(
        "/api/v1/analytics/dimension-means", params={"group_by": "none"}, headers=hr
    )
    assert means.status_code == 200, means.text
    dist = await app.client.get(
        "/api/v1/analytics/distribution",
        params={"group_by": "none", "dimension": "communication"},
        headers=hr,
    )
    assert dist.status_code == 200, dist.text


async def test_405_names_every_allowed_method(app: App) -> None:
    # /users answers GET and POST (two routes): Allow names both.
    body = problem(await app.client.delete("/api/v1/users", headers=EN), 405)
    response = await app.client.delete("/api/v1/users")
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "GET" in body["detail"]
    assert "POST" in body["detail"]
    # A POST-only path answers 405 to GET (the SPA's catch-all never swallows /api).
    logout = await app.client.get("/api/v1/auth/logout")
    problem(logout, 405)
    assert logout.headers["allow"] == "POST"
    # An unknown API path still answers 404.
    problem(await app.client.get("/api/v1/no-such-thing"), 404)


async def test_openapi_documents_422_as_problem(app: App) -> None:
    schema = (await app.client.get("/api/v1/openapi.json")).json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            answer = operation["responses"].get("422")
            if operation.get("requestBody") or operation.get("parameters"):
                assert answer, f"{method} {path} does not document 422"
            if answer:
                assert list(answer["content"]) == [PROBLEM], f"{method} {path}"
    item = schema["components"]["schemas"]["ValidationErrorItem"]["properties"]
    assert {"loc", "msg", "code"} <= set(item)


async def test_body_that_is_not_utf8_is_422_naming_the_body(app: App) -> None:
    hr = await app.user_headers("hr")
    response = await app.client.post(
        "/api/v1/departments",
        content='{"code": "x", "name": "\u9500"}'.encode("gbk"),
        headers=hr | EN | {"content-type": "application/json"},
    )
    body = problem(response, 422)
    assert fields(body) == {("body",)}
    assert "UTF-8" in body["detail"]


async def test_nul_bytes_are_422_naming_the_field(app: App) -> None:
    hr = await app.user_headers("hr")
    query = await app.client.get("/api/v1/people", params={"q": "a\x00b"}, headers=hr)
    assert fields(problem(query, 422)) == {("query", "q")}
    audit = await app.client.get("/api/v1/audit-events", params={"action": "\x00"}, headers=hr)
    assert fields(problem(audit, 422)) == {("query", "action")}
    body = await app.client.post(
        "/api/v1/departments", json={"code": "ok", "name": "销\x00售"}, headers=hr
    )
    assert fields(problem(body, 422)) == {("body", "name")}
    token = await app.client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": "a\x00@x.cn", "password": "x"},
    )
    assert fields(problem(token, 422)) == {("body", "username")}
    problem(await app.client.get("/index.html%00.js"), 404)
    problem(await app.client.get("/api/v1/webhooks/a%00b"), 404)


async def test_validation_detail_names_the_field_without_internals(app: App) -> None:
    hr = await app.user_headers("hr")
    missing = await app.client.post("/api/v1/departments", json={"code": "x"}, headers=hr | EN)
    body = problem(missing, 422)
    assert body["detail"] == "name is required"
    assert body["errors"][0]["code"] == "missing"
    huge = await app.client.get("/api/v1/results", params={"limit": "9" * 5000}, headers=hr | EN)
    body = problem(huge, 422)
    assert "4300" not in huge.text
    assert body["detail"].startswith("limit ")
    listed = await app.client.post("/api/v1/results/review", json=[1, 2], headers=hr | EN)
    body = problem(listed, 422)
    assert "body.1" not in body["detail"]


async def test_wrong_types_are_422_naming_the_field(app: App) -> None:
    hr = await app.user_headers("hr")
    admin = await app.user_headers("admin")
    to = await app.client.get("/api/v1/results", params={"interviewed_to": "0.5"}, headers=hr)
    assert fields(problem(to, 422)) == {("query", "interviewed_to")}
    left = await app.client.post("/api/v1/people", json={"name": "张三", "left_on": 0}, headers=hr)
    assert fields(problem(left, 422)) == {("body", "left_on")}
    before = await app.client.post(
        "/api/v1/people",
        json={"name": "张三", "hired_on": "2026-03-01", "left_on": "2026-02-01"},
        headers=hr,
    )
    assert fields(problem(before, 422)) == {("body", "left_on")}
    person = await app.client.post(
        "/api/v1/people", json={"name": "张三", "hired_on": "2026-03-01"}, headers=hr
    )
    assert person.status_code == 201, person.text
    patched = await app.client.patch(
        f"/api/v1/people/{person.json()['id']}", json={"left_on": "2026-01-01"}, headers=hr
    )
    assert fields(problem(patched, 422)) == {("body", "left_on")}
    me = (await app.client.get("/api/v1/me", headers=admin)).json()
    active = await app.client.patch(
        f"/api/v1/users/{me['id']}", json={"is_active": 0}, headers=admin
    )
    assert fields(problem(active, 422)) == {("body", "is_active")}
    prefs = await app.client.put(
        "/api/v1/me/notification-preferences", json={"channels": {"email": "yes"}}, headers=hr
    )
    assert fields(problem(prefs, 422)) == {("body", "channels", "email")}


async def test_patch_null_only_where_it_clears(app: App) -> None:
    schema = (await app.client.get("/api/v1/openapi.json")).json()["components"]["schemas"]
    name = schema["UserUpdate"]["properties"]["name"]
    assert "anyOf" not in name
    assert name["type"] == "string"
    assert {"type": "null"} in schema["UserUpdate"]["properties"]["person_id"]["anyOf"]
    admin = await app.user_headers("admin")
    me = (await app.client.get("/api/v1/me", headers=admin)).json()
    refused = await app.client.patch(
        f"/api/v1/users/{me['id']}", json={"name": None}, headers=admin
    )
    assert fields(problem(refused, 422)) == {("body", "name")}
    cleared = await app.client.patch(
        f"/api/v1/users/{me['id']}", json={"person_id": None}, headers=admin
    )
    assert cleared.status_code == 200, cleared.text
    scopes = schema["ClientCreate"]["properties"]["scopes"]["items"]["enum"]
    assert "users:manage" not in scopes
    assert "results:read" in scopes


async def test_fuzzer_findings_are_4xx(app: App) -> None:
    hr = await app.user_headers("hr")
    report = await app.client.post("/api/v1/reports", json={"period": "0000-Q1"}, headers=hr)
    assert fields(problem(report, 422)) == {("body", "period")}
    retention = await app.client.get(
        "/api/v1/analytics/retention",
        params={"threshold": 0, "dimension": "total", "months": 12, "department_id": "AAA"},
        headers=hr,
    )
    assert fields(problem(retention, 422)) == {("query", "department_id")}


async def test_a_malformed_multipart_body_is_422_naming_the_body(app: App) -> None:
    hr = await app.user_headers("hr")
    response = await app.client.post(
        "/api/v1/imports",
        content=b"--b\r\nNone--b--\r\n",
        headers=hr | EN | {"content-type": "multipart/form-data; boundary=b"},
    )
    body = problem(response, 422)
    assert fields(body) == {("body",)}
    assert body["code"] == "unreadable-body"
