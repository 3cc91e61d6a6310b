"""Keyset cursors over GET /results stay stable while new results arrive between pages."""

from __future__ import annotations

import base64
import itertools
import json
from typing import Any

import pytest

from conftest import App
from vendor_support import admin, create_vendor, send, standard_data

API = "/api/v1"
SORTS = [
    "received_at",
    "-received_at",
    "interviewed_at",
    "-interviewed_at",
    "total_score",
    "-total_score",
]
# Few distinct values, so pages split ties, and some interviews without a date (NULL).
SCORES = [70, 80, 80, 90, 55, 70, 80]
DATES = [
    "2026-03-01T08:00:00Z",
    None,
    "2026-01-01T08:00:00Z",
    "2026-03-01T08:00:00Z",
    None,
    "2026-02-01T08:00:00Z",
]


class Arrivals:
    """Sends results with a rotating mix of scores and dates, one interview id each."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.counter = itertools.count()

    async def send(self, n: int) -> None:
        for _ in range(n):
            i = next(self.counter)
            data = standard_data(
                f"cur-{i:03d}",
                candidate={"employee_no": f"C{i:03d}", "name": f"候选人{i}"},
                total_score=SCORES[i % len(SCORES)],
                interviewed_at=DATES[i % len(DATES)],
            )
            response = await send(self.app, data)
            assert response.status_code == 202, response.text
        await self.app.run_jobs()


async def _walk(
    app: App, headers: dict[str, str], sort: str, between: Arrivals | None
) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(100):
        params: dict[str, Any] = {"limit": 5, "sort": sort}
        if cursor:
            params["cursor"] = cursor
        response = await app.client.get(f"{API}/results", params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 5
        served = {r["id"] for r in seen}
        again = [r["id"] for r in page["items"] if r["id"] in served]
        assert not again, f"rows served twice under sort={sort}: {again}"
        seen += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return seen
        if between is not None:
            await between.send(2)
    raise AssertionError("the walk never ended")


def _key(sort: str, row: dict[str, Any]) -> Any:
    name = sort.lstrip("-")
    value = row["normalized_total"] if name == "total_score" else row[name]
    return value


def _assert_ordered(sort: str, rows: list[dict[str, Any]]) -> None:
    """Sorted by the field, ties by id, in the requested direction; rows without a value come
    last ascending and first descending (where a btree index scan meets them)."""
    descending = sort.startswith("-")
    present = [r for r in rows if _key(sort, r) is not None]
    nulls = [r for r in rows if _key(sort, r) is None]
    expected = nulls + present if descending else present + nulls
    assert rows == expected, "NULLs sort last ascending, first descending"
    values = [_key(sort, r) for r in present]
    assert values == sorted(values, reverse=descending)


@pytest.mark.parametrize("sort", SORTS)
async def test_walk_while_results_arrive(app: App, sort: str) -> None:
    await create_vendor(app)
    arrivals = Arrivals(app)
    await arrivals.send(17)
    headers = await app.user_headers("hr")
    start = {r["id"] for r in await _walk(app, headers, sort, None)}
    assert len(start) == 17

    seen = await _walk(app, headers, sort, arrivals)
    ids = [r["id"] for r in seen]
    assert len(ids) == len(set(ids)), "a row was served twice"
    missing = start - set(ids)
    assert not missing, f"{len(missing)} rows present at the start were never served"
    if sort == "-received_at":
        # Newer rows arrive ahead of the cursor: exactly the starting rows are served.
        assert set(ids) == start
    if sort == "received_at":
        # Newer rows arrive behind the cursor: the walk reaches every one of them too.
        everything = {r["id"] for r in await _walk(app, headers, sort, None)}
        assert set(ids) == everything
        assert len(everything) > len(start)
    # Rows served in page order respect the sort among themselves when nothing arrived.
    _assert_ordered(sort, await _walk(app, headers, sort, None))


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


async def test_bad_paging_parameters_are_422(app: App) -> None:
    await create_vendor(app)
    await Arrivals(app).send(3)
    headers = await admin(app)

    async def status(**params: Any) -> int:
        response = await app.client.get(f"{API}/results", params=params, headers=headers)
        if response.status_code == 422:
            body = response.json()
            assert response.headers["content-type"].startswith("application/problem+json")
            assert body["status"] == 422
            assert body["errors"]
            assert all("loc" in e and "msg" in e for e in body["errors"])
        return response.status_code

    assert await status(limit=0) == 422
    assert await status(limit=201) == 422
    assert await status(limit=-1) == 422
    assert await status(limit="ten") == 422
    assert await status(limit=1) == 200
    assert await status(limit=200) == 200
    malformed = [
        "not-a-cursor",
        "%%%",
        _b64("[]"),
        _b64("{}"),
        _b64('["x"]'),
        _b64("[1, 2]"),
        _b64('[1, "not-a-uuid"]'),
        _b64('[{"t": "yesterday"}, "00000000-0000-4000-8000-000000000000"]'),
        _b64('[{"t": "2026-01-01T00:00:00"}, "00000000-0000-4000-8000-000000000000"]'),
        _b64('[{"z": 1}, "00000000-0000-4000-8000-000000000000"]'),
        _b64('[[1], "00000000-0000-4000-8000-000000000000"]'),
        "x" * 600,
    ]
    for cursor in malformed:
        for sort in ("-received_at", "total_score", "interviewed_at"):
            assert await status(cursor=cursor, sort=sort) == 422, (cursor, sort)
    # A cursor minted under one sort but replayed under another is rejected, not a 500.
    page = await app.client.get(
        f"{API}/results", params={"limit": 1, "sort": "total_score"}, headers=headers
    )
    score_cursor = page.json()["next_cursor"]
    assert json.loads(base64.urlsafe_b64decode(score_cursor + "==="))[0] is not None
    assert await status(cursor=score_cursor, sort="received_at") == 422
    for sort in ("name", "-name", "id", "received_at,id", "person.name"):
        assert await status(sort=sort) == 422, sort
