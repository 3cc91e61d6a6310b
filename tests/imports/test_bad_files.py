"""Every file we refuse answers a 4xx problem naming the field, and stores nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from conftest import App
from imports.support import csv_bytes, upload, xlsx_bytes
from scorebridge.imports.models import ImportJob

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"


async def assert_refused(app: App, response, status: int, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if status == 422:
        assert [e["loc"][-1] for e in body["errors"]] == [field]
    else:
        assert body["field"] == field
    async with app.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(ImportJob)) == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (PNG, "PNG"),
        (PDF, "PDF"),
        (b"", "empty"),
        (b"  \r\n", "empty"),
        (b"PK\x03\x04" + b"\x00garbage" * 20, "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "xls"),
    ],
    ids=["png", "pdf", "empty", "blank", "broken-xlsx", "legacy-xls"],
)
async def test_wrong_files_are_refused(app: App, content: bytes, words: str) -> None:
    hr = await app.user_headers("hr")
    response = await upload(app, hr, content, "people", filename="people.csv")
    await assert_refused(app, response, 422, "file")
    assert words.lower() in response.json()["detail"].lower()


async def test_zip_that_is_not_a_workbook(app: App) -> None:
    hr = await app.user_headers("hr")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = await upload(app, hr, buffer.getvalue(), "people", filename="people.xlsx")
    await assert_refused(app, response, 422, "file")


async def test_truncated_xlsx(app: App) -> None:
    hr = await app.user_headers("hr")
    content = xlsx_bytes([["工号", "姓名"], ["E1", "张三"]])
    response = await upload(app, hr, content[: len(content) // 2], "people")
    await assert_refused(app, response, 422, "file")


async def test_no_recognisable_header(app: App) -> None:
    hr = await app.user_headers("hr")
    response = await upload(app, hr, csv_bytes([["foo", "bar"], ["1", "2"]]), "people")
    await assert_refused(app, response, 422, "file")
    assert "表头" in response.json()["detail"]  # HR's language, zh-CN by default
    assert response.json()["code"] == "import.no-header"


async def test_missing_required_column(app: App) -> None:
    hr = await app.user_headers("hr")
    response = await upload(app, hr, csv_bytes([["工号", "周期"], ["E1", "H1"]]), "performance")
    await assert_refused(app, response, 422, "file")
    assert "指标" in response.json()["detail"]


async def test_unknown_kind(app: App) -> None:
    hr = await app.user_headers("hr")
    response = await upload(app, hr, csv_bytes([["工号", "姓名"]]), "salaries")
    await assert_refused(app, response, 422, "kind")


async def test_bad_mapping(app: App) -> None:
    hr = await app.user_headers("hr")
    response = await upload(app, hr, csv_bytes([["工号", "姓名"]]), "people", mapping="[1, 2]")
    await assert_refused(app, response, 422, "mapping")


async def test_too_large(app: App) -> None:
    app.settings.import_max_bytes = 1024
    hr = await app.user_headers("hr")
    rows = [["工号", "姓名"]] + [[f"E{i}", "张三"] for i in range(200)]
    response = await upload(app, hr, csv_bytes(rows), "people")
    await assert_refused(app, response, 413, "file")


async def test_xlsx_with_a_broken_worksheet(app: App) -> None:
    good = xlsx_bytes([["工号", "姓名"], ["E1", "张三"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # a sound zip holding cut-off XML
            target.writestr(item, data)
    hr = await app.user_headers("hr")
    response = await upload(app, hr, buffer.getvalue(), "people", filename="people.xlsx")
    await assert_refused(app, response, 422, "file")
