"""Exports read as the screen does: the reader's language and time zone, the list's order."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from conftest import App
from vendor_support import create_vendor, results, send, standard_data

RECOMMENDATIONS = ["strong_hire", "no_hire", "按公司口径"]


async def _results(app: App) -> None:
    await create_vendor(app)
    for n, recommendation in enumerate(RECOMMENDATIONS):
        response = await send(app, standard_data(
            f"lang-{n}", total_score=90 - n * 15, recommendation=recommendation,
            candidate={"employee_no": f"L{n}", "name": f"候选人{n}"},
            interviewed_at=f"2026-0{3 - n}-10T17:30:00Z",
        ))  # fmt: skip
        assert response.status_code == 202, response.text
    await app.run_jobs()


async def _hr(app: App, **preferences: str) -> dict[str, str]:
    headers = await app.user_headers("hr")
    if preferences:
        response = await app.client.patch("/api/v1/me", json=preferences, headers=headers)
        assert response.status_code == 200, response.text
    return headers


def _table(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


async def test_chinese_words_and_shanghai_time_by_default(app: App) -> None:
    await _results(app)
    before = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    response = await app.client.get(
        "/api/v1/results/export", params={"sort": "-total_score"}, headers=await _hr(app)
    )
    assert response.status_code == 200, response.text
    table = _table(response.content)
    header = table[0]
    status, recommendation = header.index("状态"), header.index("推荐")
    assert [row[status] for row in table[1:]] == ["待审核"] * 3
    # Known codes in words; what a vendor words otherwise stays as it came.
    assert [row[recommendation] for row in table[1:]] == [
        "强烈推荐录用",
        "不推荐录用",
        "按公司口径",
    ]
    # 17:30 UTC is 01:30 the next day in Shanghai.
    assert table[1][header.index("面试时间 (Asia/Shanghai)")] == "2026-03-11 01:30"
    stamp = re.search(r'results-(\d{8}-\d{4})\.csv"', response.headers["content-disposition"])
    assert stamp is not None
    after = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    assert stamp.group(1) in {
        before.strftime("%Y%m%d-%H%M"),
        after.strftime("%Y%m%d-%H%M"),
    }


async def test_english_words_and_the_readers_zone(app: App) -> None:
    await _results(app)
    hr = await _hr(app, locale="en", timezone="America/New_York")
    before = datetime.now(UTC).astimezone(ZoneInfo("America/New_York"))
    response = await app.client.get(
        "/api/v1/results/export", params={"format": "xlsx", "sort": "-total_score"}, headers=hr
    )
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert header[:3] == ["Name", "Employee no.", "Department"]
    status, recommendation = header.index("Status"), header.index("Recommendation")
    assert [r[status] for r in rows[1:]] == ["Pending review"] * 3
    assert [r[recommendation] for r in rows[1:]] == ["Strong hire", "No hire", "按公司口径"]
    assert rows[1][header.index("Interviewed at (America/New_York)")] == "2026-03-10 13:30"
    stamp = re.search(r'results-(\d{8}-\d{4})\.xlsx"', response.headers["content-disposition"])
    assert stamp is not None
    assert stamp.group(1)[:8] in {before.strftime("%Y%m%d"), datetime.now(UTC).strftime("%Y%m%d")}


async def test_rows_in_the_lists_order(app: App) -> None:
    await _results(app)
    hr = await _hr(app)
    for sort in ("-total_score", "total_score", "interviewed_at", "-received_at", "weighted_total"):
        shown = [r["person"]["name"] for r in await results(app, sort=sort)]
        response = await app.client.get("/api/v1/results/export", params={"sort": sort}, headers=hr)
        assert [row[0] for row in _table(response.content)[1:]] == shown, sort

    bad = await app.client.get("/api/v1/results/export", params={"sort": "name"}, headers=hr)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["loc"] == ["query", "sort"]


async def test_export_spans_many_batches_in_order(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keyset batches join up without losing or repeating a row."""
    from scorebridge.results import export

    await create_vendor(app)
    for n in range(7):
        candidate = {"employee_no": f"M{n}", "name": f"人{n}"}
        await send(app, standard_data(f"m-{n}", total_score=50 + n % 3 * 10, candidate=candidate))
    await app.run_jobs()
    shown = [r["person"]["name"] for r in await results(app, sort="total_score")]
    monkeypatch.setattr(export, "BATCH", 2)
    response = await app.client.get(
        "/api/v1/results/export", params={"sort": "total_score"}, headers=await _hr(app)
    )
    assert [row[0] for row in _table(response.content)[1:]] == shown
