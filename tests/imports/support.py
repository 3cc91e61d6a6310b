"""Building import files (CSV in several encodings, XLSX) and uploading them."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
from openpyxl import Workbook

from conftest import App


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def upload(
    app: App,
    headers: dict[str, str],
    content: bytes,
    kind: str,
    *,
    dry_run: bool = False,
    filename: str = "upload.csv",
    mapping: dict[str, str] | str | None = None,
) -> httpx.Response:
    data = {"kind": kind, "dry_run": "true" if dry_run else "false"}
    if mapping is not None:
        data["mapping"] = mapping if isinstance(mapping, str) else json.dumps(mapping)
    return await app.client.post(
        "/api/v1/imports",
        files={"file": (filename, content, "application/octet-stream")},
        data=data,
        headers=headers,
    )


async def import_and_wait(
    app: App, headers: dict[str, str], content: bytes, kind: str, **kwargs: Any
) -> dict[str, Any]:
    response = await upload(app, headers, content, kind, **kwargs)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "pending"
    await app.run_jobs()
    final = await app.client.get(f"/api/v1/imports/{response.json()['id']}", headers=headers)
    assert final.status_code == 200
    body: dict[str, Any] = final.json()
    return body
