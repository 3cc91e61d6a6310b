"""Imports survive hostile files: archive bombs, shared-strings bombs, padded worksheets and
oversized fields are refused with a 422 naming ``file`` (and the row and column where there is
one), parsing runs off the event loop, and nothing is stored."""

from __future__ import annotations

import asyncio
import io
import re
import struct
import zipfile
import zlib
from typing import Any

import httpx
import pytest

from conftest import App
from imports.support import csv_bytes, upload, xlsx_bytes
from imports.test_bad_files import assert_refused

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _replace(base: bytes, parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item, source.read(item))
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def _zero_member(base: bytes, name: str, size: int) -> bytes:
    """``base`` plus a genuine deflated member of ``size`` zero bytes (about 1 MB per GiB):
    the deflate stream is built from one compressed 16 MiB piece, repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(b"\0" * (1 << 24)) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = piece * (size >> 24) + compressor.flush()
    crc, chunk = 0, b"\0" * (1 << 24)
    for _ in range(size >> 24):
        crc = zlib.crc32(chunk, crc)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(zipfile.ZipInfo(name), stream)  # stored, then relabelled as deflated
    data = bytearray(buffer.getvalue())
    raw = name.encode()
    for signature, at_method, at_crc, at_size, at_name in (
        (b"PK\x03\x04", 8, 14, 22, 30),
        (b"PK\x01\x02", 10, 16, 24, 46),
    ):
        offset = data.find(signature)
        while data[offset + at_name : offset + at_name + len(raw)] != raw:
            offset = data.find(signature, offset + 4)
        struct.pack_into("<H", data, offset + at_method, zipfile.ZIP_DEFLATED)
        struct.pack_into("<I", data, offset + at_crc, crc)
        struct.pack_into("<I", data, offset + at_size, size)
    return bytes(data)


def _shared_strings_bomb(count: int) -> bytes:
    """A few hundred KB that hold ``count`` shared strings."""
    items = b"<si><t>x</t></si>" * count
    sst = b'<sst %s count="%d" uniqueCount="%d">%s</sst>' % (NS, count, count, items)
    return _replace(xlsx_bytes([["工号", "姓名"], ["E1", "张三"]]), {"xl/sharedStrings.xml": sst})


async def _upload_while_healthy(app: App, content: bytes, **kwargs: Any) -> httpx.Response:
    """Upload, and meanwhile ask /health: the event loop must keep answering."""
    hr = await app.user_headers("hr")
    uploading = asyncio.create_task(upload(app, hr, content, "people", **kwargs))
    async with asyncio.timeout(60):
        await asyncio.sleep(0.05)
        health = await app.client.get("/api/v1/health")
        response = await uploading
    assert health.status_code == 200
    return response


async def test_a_1_gib_zero_filled_member_is_refused(app: App) -> None:
    bomb = _zero_member(xlsx_bytes([["工号", "姓名"]]), "xl/worksheets/sheet2.xml", 1 << 30)
    assert len(bomb) < 2 * 1024 * 1024
    response = await _upload_while_healthy(app, bomb, filename="people.xlsx")
    await assert_refused(app, response, 422, "file")
    assert "xl/worksheets/sheet2.xml unpacks to over 256 MiB" in response.json()["detail"]


async def test_a_member_larger_than_it_declares_is_refused(app: App) -> None:
    base = _zero_member(xlsx_bytes([["工号", "姓名"]]), "xl/worksheets/sheet2.xml", 1 << 24)
    data = bytearray(base)
    offset = data.find(b"PK\x01\x02")
    while data[offset + 46 : offset + 46 + 24] != b"xl/worksheets/sheet2.xml":
        offset = data.find(b"PK\x01\x02", offset + 4)
    struct.pack_into("<I", data, offset + 24, 1000)  # declares 1,000 bytes, holds 16 MiB
    hr = await app.user_headers("hr")
    response = await upload(app, hr, bytes(data), "people", filename="people.xlsx")
    await assert_refused(app, response, 422, "file")


async def test_a_shared_strings_bomb_is_refused_before_openpyxl(app: App) -> None:
    bomb = _shared_strings_bomb(1_200_000)  # over the default 1,000,000
    assert len(bomb) < 400_000
    response = await _upload_while_healthy(app, bomb, filename="people.xlsx", dry_run=True)
    await assert_refused(app, response, 422, "file")
    assert "more than 1000000 shared strings" in response.json()["detail"]


async def test_shared_strings_limits_are_settings(app: App) -> None:
    app.settings.import_max_shared_strings = 50
    hr = await app.user_headers("hr")
    response = await upload(app, hr, _shared_strings_bomb(60), "people", filename="p.xlsx")
    await assert_refused(app, response, 422, "file")
    app.settings.import_max_shared_strings = 1_000_000
    app.settings.import_max_shared_strings_bytes = 4096
    response = await upload(app, hr, _shared_strings_bomb(1000), "people", filename="p.xlsx")
    await assert_refused(app, response, 422, "file")
    assert "the shared strings unpack" in response.json()["detail"].replace("unpacks", "unpack")


async def test_a_worksheet_declaring_billions_of_cells_is_refused(app: App) -> None:
    base = xlsx_bytes([["工号", "姓名"], ["E1", "张三"]])
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    padded = re.sub(rb'<dimension ref="A1:B2"\s*/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
    assert padded != sheet
    bomb = _replace(base, {"xl/worksheets/sheet1.xml": padded})
    hr = await app.user_headers("hr")
    response = await upload(app, hr, bomb, "people", filename="people.xlsx")
    await assert_refused(app, response, 422, "file")
    assert "declares 17179869184 cells" in response.json()["detail"]


async def test_cells_are_counted_while_reading(app: App) -> None:
    app.settings.import_max_cells = 100
    rows = [["工号", "姓名"]] + [[f"E{i}", "张三"] for i in range(60)]
    hr = await app.user_headers("hr")
    for content, name in ((csv_bytes(rows), "p.csv"), (xlsx_bytes(rows), "p.xlsx")):
        response = await upload(app, hr, content, "people", filename=name, dry_run=True)
        await assert_refused(app, response, 422, "file")
        assert "100" in response.json()["detail"]  # declared by the XLSX, counted in the CSV
        assert "cells" in response.json()["detail"]


async def test_an_xlsx_over_the_cell_limit_fails_its_import_saying_why(app: App) -> None:
    rows = [["工号", "姓名"]] + [[f"E{i}", "张三"] for i in range(60)]
    content = xlsx_bytes(rows)
    hr = await app.user_headers("hr")
    response = await upload(app, hr, content, "people", filename="p.xlsx")
    assert response.status_code == 202, response.text
    app.settings.import_max_cells = 100  # lowered between upload and run: found while reading
    await app.run_jobs()
    job = (await app.client.get(f"/api/v1/imports/{response.json()['id']}", headers=hr)).json()
    assert job["status"] == "failed"
    assert job["failure"].startswith("文件超出限制或已损坏,导入已停止: ")
    assert "more than 100 cells" in job["failure"]


@pytest.mark.parametrize("quoted", [False, True])
async def test_a_csv_field_over_128_kib_names_its_row_and_column(app: App, quoted: bool) -> None:
    big = ("长" if quoted else "x") * (128 * 1024 + 1)
    rows = [["工号", "姓名", "邮箱"], ["E1", "张三", "a@b.example"], ["E2", big, "c@d.example"]]
    content = csv_bytes(rows)
    if quoted:
        content = content.replace(big.encode(), b'"' + big.encode() + b',"')
    hr = await app.user_headers("hr")
    for dry_run in (True, False):
        response = await upload(app, hr, content, "people", dry_run=dry_run)
        await assert_refused(app, response, 422, "file")
        detail = response.json()["detail"]
        expected = "file:Row 3, column B (姓名): a cell holds more than 128 KiB"
        assert detail.startswith(expected), detail


async def test_a_nul_byte_deep_in_a_csv_names_its_row(app: App) -> None:
    rows = [["工号", "姓名"]] + [[f"E{i}", "张三"] for i in range(2000)]
    content = csv_bytes(rows) + b"E9999,\x00bad\r\n"
    hr = await app.user_headers("hr")
    response = await upload(app, hr, content, "people")
    await assert_refused(app, response, 422, "file")
    assert response.json()["detail"] == "file:Row 2002, column B (姓名): a cell holds a NUL byte"
