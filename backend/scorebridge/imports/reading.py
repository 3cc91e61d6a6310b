"""Reading an uploaded file: what it is (from its bytes, never its name), its encoding, its
header and its rows.

* XLSX is recognised by the zip magic ``PK\\x03\\x04`` and read with openpyxl in read-only mode
  (streamed, first worksheet).
* Anything else must be text: a UTF-8 BOM means ``utf-8-sig``; bytes that decode as UTF-8 are
  UTF-8; otherwise GB18030 (a superset of GBK). Images, PDFs, legacy ``.xls`` and other binary
  files are refused with a problem naming ``file``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scorebridge.kit.errors import InvalidInput

_BINARY_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Excel (.xls) or Office file; save it as XLSX"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK", "a zip archive that is not an XLSX workbook"),
]
_UTF8_BOM = b"\xef\xbb\xbf"


def file_error(message: str) -> InvalidInput:
    return InvalidInput(["body", "file"], message)


@dataclass(frozen=True)
class Sheet:
    """A readable file: its format, text encoding (CSV) and a way to iterate its rows."""

    data: bytes
    file_format: str  # csv | xlsx
    encoding: str | None

    def estimate_rows(self) -> int:
        """Data rows to expect (for the progress bar), without validating them."""
        if self.file_format == "xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(io.BytesIO(self.data), read_only=True)
            try:
                sheet = workbook.worksheets[0] if workbook.worksheets else None
                return max((sheet.max_row or 1) - 1, 0) if sheet is not None else 0
            finally:
                workbook.close()
        return sum(1 for _, cells in self.rows() if not is_blank(cells)) - 1

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """``(spreadsheet row number, cells)`` for every row, the header being row 1."""
        if self.file_format == "xlsx":
            yield from _xlsx_rows(self.data)
        else:
            assert self.encoding
            text = self.data.decode(self.encoding)
            reader = csv.reader(io.StringIO(text, newline=""))
            for number, cells in enumerate(reader, start=1):
                yield number, list(cells)


def open_sheet(data: bytes) -> Sheet:
    """Recognise the file or raise a 422 naming ``file``."""
    if not data or not data.strip():
        raise file_error("The file is empty")
    if data.startswith(b"PK\x03\x04"):
        _check_xlsx(data)
        return Sheet(data, "xlsx", None)
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise file_error(f"The file is {what}, not a CSV or XLSX file")
    head = data[:8192]
    if b"\x00" in head:
        raise file_error("The file is binary, not a CSV (UTF-8 or GBK) or XLSX file")
    return Sheet(data, "csv", _encoding(data))


def _encoding(data: bytes) -> str:
    if data.startswith(_UTF8_BOM):
        encoding = "utf-8-sig"
    else:
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        raise file_error("The file is not text in UTF-8 or GBK, nor an XLSX workbook") from None
    return encoding


def _check_xlsx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise file_error("The XLSX file is damaged (not a readable zip archive)") from None
    if bad is not None:
        raise file_error(f"The XLSX file is damaged ({bad} is corrupt)")
    if "xl/workbook.xml" not in names:
        raise file_error("The file is a zip archive but not an XLSX workbook")
    try:
        next(_xlsx_rows(data), None)
    except Exception:  # openpyxl raises many kinds of errors on broken workbooks
        raise file_error("The XLSX file is damaged and cannot be read") from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
