"""Keyset pagination: every row exactly once, stable while rows are added, strict params."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest

from conftest import App
from scorebridge.organisation.models import Person


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def add_people(app: App, count: int, prefix: str = "P") -> set[str]:
    """``count`` people; many share a name, so the id tie-breaker matters."""
    async with app.db.unit_of_work() as session:
        people = [
            Person(name=f"{prefix}{i % 7:02d}", employee_no=f"{prefix}-{uuid.uuid4().hex[:10]}")
            for i in range(count)
        ]
        session.add_all(people)
        await session.flush()
        return {str(p.id) for p in people}


async def walk(
    app: App, headers: dict[str, str], limit: int, path: str = "/api/v1/people", **params: Any
) -> list[str]:
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(1000):
        query = {"limit": limit, **params} | ({"cursor": cursor} if cursor else {})
        response = await app.client.get(path, params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= limit
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
        assert page["items"], "a page with a next cursor must not be empty"
    raise AssertionError("pagination did not end")


@pytest.mark.parametrize("limit", [10, 200, 1, 137, 136])
async def test_every_row_exactly_once(app: App, limit: int) -> None:
    ids = await add_people(app, 137)
    hr = await app.user_headers("hr")
    seen = await walk(app, hr, limit)
    assert len(seen) == len(set(seen)), "a row was served twice"
    assert set(seen) == ids
    # Sorted by name, then id.
    first = (await app.client.get("/api/v1/people", params={"limit": 200}, headers=hr)).json()
    names = [p["name"] for p in first["items"]]
    assert names == sorted(names)
    assert first["next_cursor"] is None
    default = (await app.client.get("/api/v1/people", headers=hr)).json()
    assert len(default["items"]) == 50
    assert default["next_cursor"]


async def test_inserting_while_walking_never_repeats(app: App) -> None:
    ids = await add_people(app, 60)
    hr = await app.user_headers("hr")
    seen: list[str] = []
    cursor: str | None = None
    added: set[str] = set()
    for round_ in range(100):
        params: dict[str, Any] = {"limit": 7} | ({"cursor": cursor} if cursor else {})
        page = (await app.client.get("/api/v1/people", params=params, headers=hr)).json()
        seen.extend(p["id"] for p in page["items"])
        # New rows before, among and after the ones already served.
        for prefix in ("A", "P", "Z"):
            added |= await add_people(app, 2, prefix=f"{prefix}{round_:03d}-")
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert ids <= set(seen)
    assert set(seen) <= ids | added


async def test_limits_out_of_range_are_422(app: App) -> None:
    hr = await app.user_headers("hr")
    for limit in ("0", "201", "-1", "ten", "1.5"):
        response = await app.client.get("/api/v1/people", params={"limit": limit}, headers=hr)
        assert response.status_code == 422, limit
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["errors"][0]["loc"] == ["query", "limit"]


LONG_NAME_CURSOR = b64(json.dumps(["x" * 300, str(uuid.uuid4())]).encode())
CURSOR_JUNK = [
    "garbage",
    "!!!",
    "=",
    b64(b"just some junk bytes \xff\xfe"),
    b64(b"{}"),
    b64(b"[]"),
    b64(b"null"),
    b64(b"5"),
    b64(b'"a string"'),
    b64(b"[1, 2, 3]"),
    b64(b'["name", "not-a-uuid"]'),
    b64(b'["name", 42]'),
    b64(json.dumps([{"t": "yesterday"}, str(uuid.uuid4())]).encode()),
    b64(json.dumps([{"u": "nope"}, str(uuid.uuid4())]).encode()),
    b64(json.dumps([{"x": 1}, str(uuid.uuid4())]).encode()),
    b64(json.dumps([[1, 2], str(uuid.uuid4())]).encode()),
    b64(json.dumps([{"t": "2026-01-01T00:00:00"}, str(uuid.uuid4())]).encode()),
    b64(json.dumps([{"u": str(uuid.uuid4())}, str(uuid.uuid4())]).encode()),
    b64(json.dumps([12.5, str(uuid.uuid4())]).encode()),
    b64(json.dumps([True, str(uuid.uuid4())]).encode()),
    LONG_NAME_CURSOR,
]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/people",
        "/api/v1/departments",
        "/api/v1/audit-events",
        "/api/v1/users",
        "/api/v1/integration-clients",
    ],
)
async def test_malformed_cursor_is_422_naming_cursor(app: App, path: str) -> None:
    await add_people(app, 3)
    admin = await app.user_headers("admin")
    wrong = {}
    for cursor in CURSOR_JUNK:
        response = await app.client.get(path, params={"cursor": cursor}, headers=admin)
        if response.status_code == 422:
            if response.json()["errors"][0]["loc"] != ["query", "cursor"]:
                wrong[cursor] = response.json()["errors"]
        else:
            wrong[cursor] = response.status_code
    if path in ("/api/v1/people", "/api/v1/departments", "/api/v1/users"):
        # A long string for a string column is well-formed: past every row, an empty page.
        assert wrong.pop(LONG_NAME_CURSOR) == 200
    assert wrong == {}


async def test_cursor_of_one_list_on_another_is_rejected(app: App) -> None:
    await add_people(app, 5)
    admin = await app.user_headers("admin")
    await app.client.post("/api/v1/departments", json={"code": "d", "name": "D"}, headers=admin)
    events = (
        await app.client.get("/api/v1/audit-events", params={"limit": 1}, headers=admin)
    ).json()
    assert events["next_cursor"]
    response = await app.client.get(
        "/api/v1/people", params={"cursor": events["next_cursor"]}, headers=admin
    )
    assert response.status_code == 422
    people = (await app.client.get("/api/v1/people", params={"limit": 1}, headers=admin)).json()
    response = await app.client.get(
        "/api/v1/audit-events", params={"cursor": people["next_cursor"]}, headers=admin
    )
    assert response.status_code == 422


async def test_audit_events_walk_newest_first(app: App) -> None:
    hr = await app.user_headers("hr")
    for i in range(12):
        await app.client.post(
            "/api/v1/departments", json={"code": f"d{i}", "name": "x"}, headers=hr
        )
    seen = await walk(app, hr, 5, "/api/v1/audit-events", action="department.created")
    assert len(seen) == len(set(seen)) == 12
    items = (
        await app.client.get("/api/v1/audit-events", params={"limit": 200}, headers=hr)
    ).json()["items"]
    stamps = [e["at"] for e in items]
    assert stamps == sorted(stamps, reverse=True)
