"""Reading an uploaded file: what it is (from its bytes, never its name), its encoding, its
header and its rows.

* XLSX is recognised by the zip magic ``PK\\x03\\x04`` and read with openpyxl in read-only mode
  (streamed, first worksheet).
* Anything else must be text: a UTF-8 BOM means ``utf-8-sig``; bytes that decode as UTF-8 are
  UTF-8; otherwise GB18030 (a superset of GBK). Images, PDFs, legacy ``.xls`` and other binary
  files are refused with a problem naming ``file``.

Everything here is CPU work on the uploaded bytes: callers run it in a worker thread, and the
limits of ``imports.limits`` bound it (archive, cells, text per cell).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

from scorebridge.imports.limits import MAX_CELL_CHARS, CellCounter, Limits, check_archive
from scorebridge.imports.limits import file_error as file_error
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


@dataclass(frozen=True)
class Sheet:
    """A readable file: its format, text encoding (CSV) and a way to iterate its rows."""

    data: bytes
    file_format: str  # csv | xlsx
    encoding: str | None
    limits: Limits = field(default_factory=Limits)

    def estimate_rows(self) -> int:
        """Data rows to expect (for the progress bar), without validating them: for XLSX the
        first worksheet's declared dimension (no cell is read), for CSV a count of the
        non-blank lines."""
        if self.file_format == "xlsx":
            last_row = _declared_last_row(self.data)
            return max(last_row - 1, 0) if last_row is not None else 0
        return sum(1 for _, cells in self.rows() if not is_blank(cells)) - 1

    def rows(self) -> Generator[tuple[int, list[Any]], None, None]:
        """``(spreadsheet row number, cells)`` for every row, the header being row 1; a file
        over the limits (cells, text per cell) raises a 422 naming ``file``, its row and column."""
        counter = CellCounter(self.limits)
        source = _xlsx_rows(self.data) if self.file_format == "xlsx" else self._csv_rows(counter)
        for number, cells in source:
            counter.check(number, cells)
            yield number, cells

    def _csv_rows(self, counter: CellCounter) -> Iterator[tuple[int, list[Any]]]:
        assert self.encoding
        text = self.data.decode(self.encoding)
        stream = io.StringIO(text, newline="")
        reader = csv.reader(stream)
        number, start = 0, 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _csv_problem(text, start, number + 1, counter, exc) from None
            number, start = number + 1, stream.tell()
            yield number, cells


def _csv_problem(
    text: str, start: int, number: int, counter: CellCounter, exc: csv.Error
) -> InvalidInput:
    """The problem for a CSV record the reader refused: a field over the size limit (named by
    its row and column), or broken quoting (named by its row)."""
    if "field larger than field limit" in str(exc):
        index, size, quoted = 0, 0, False
        for position in range(start, len(text)):
            char = text[position]
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                index, size = index + 1, 0
                continue
            elif char in "\r\n" and not quoted:
                break
            size += 1
            if size > MAX_CELL_CHARS:
                break
        return counter.too_long(number, index)
    return file_error(f"Row {number}: the CSV cannot be read ({exc})")


def open_sheet(data: bytes, *, checked: bool = False, limits: Limits | None = None) -> Sheet:
    """Recognise the file or raise a 422 naming ``file``; ``checked`` skips the integrity
    check of an XLSX file already checked at upload."""
    limits = limits or Limits()
    if not data or not data.strip():
        raise file_error("The file is empty")
    if data.startswith(b"PK\x03\x04"):
        if not checked:
            _check_xlsx(data, limits)
        return Sheet(data, "xlsx", None, limits)
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise file_error(f"The file is {what}, not a CSV or XLSX file")
    head = data[:8192]
    if b"\x00" in head:
        raise file_error("The file is binary, not a CSV (UTF-8 or GBK) or XLSX file")
    return Sheet(data, "csv", _encoding(data), limits)


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


def _check_xlsx(data: bytes, limits: Limits) -> None:
    names = check_archive(data, limits)  # sizes, shared strings and CRCs, before any XML
    if "xl/workbook.xml" not in names:
        raise file_error("The file is a zip archive but not an XLSX workbook")
    declared = _declared_cells(data)
    if declared is not None and declared > limits.cells:
        raise file_error(f"The worksheet declares {declared} cells (at most {limits.cells})")


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*\br:id=\"([^\"]+)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([A-Z]+)?\d*:?([A-Z]+)(\d+)\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _declared_last_row(data: bytes) -> int | None:
    """The last row of the first worksheet: its ``<dimension ref="A1:M100001"/>`` or, where
    the writer left that out, a count of its ``<row>`` elements (no cell is parsed)."""
    found = _first_sheet(data, count_rows=True)
    return found[0] if found is not None else None


def _declared_cells(data: bytes) -> int | None:
    """Rows × columns the first worksheet's ``<dimension>`` declares (openpyxl pads every row
    out to it), or None when it declares none."""
    found = _first_sheet(data, count_rows=False)
    return found[0] * found[1] if found is not None and found[1] else None


def _first_sheet(data: bytes, *, count_rows: bool) -> tuple[int, int | None] | None:
    """``(last row, columns)`` of the first worksheet, from its dimension, else (when
    ``count_rows``) from a count of its rows with the columns unknown."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet = _SHEET.search(archive.read("xl/workbook.xml"))
            rels = archive.read("xl/_rels/workbook.xml.rels").decode()
            if sheet is None:
                return None
            target = re.search(
                rf'Id="{re.escape(sheet.group(1).decode())}"[^>]*Target="([^"]+)"'
                rf'|Target="([^"]+)"[^>]*Id="{re.escape(sheet.group(1).decode())}"',
                rels,
            )
            if target is None:
                return None
            path = (target.group(1) or target.group(2)).lstrip("/")
            path = path if path.startswith("xl/") else f"xl/{path}"
            with archive.open(path) as xml:
                head = xml.read(4096)
                found = _DIMENSION.search(head)
                if found is not None and found.group(3) != b"1":
                    first = _column_number(found.group(1)) if found.group(1) else 1
                    columns = _column_number(found.group(2)) - first + 1
                    return int(found.group(3)), max(columns, 1)
                if not count_rows:
                    return None
                rows, carry, chunk = 0, b"", head
                while chunk:
                    window = carry + chunk
                    rows += window.count(b"<row ")  # a 4-byte carry holds no whole tag
                    carry, chunk = window[-4:], xml.read(1 << 20)
                return rows, None
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, zlib.error):
        return None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """Rows of the first worksheet; a workbook openpyxl cannot read is a problem naming
    ``file`` wherever it breaks (the header is read at upload, so most break there)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on broken workbooks
        raise file_error("The XLSX file is damaged and cannot be read") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return
        cells = enumerate(sheet.iter_rows(values_only=True), start=1)
        while True:
            try:
                number, values = next(cells)
            except StopIteration:
                return
            except Exception:
                raise file_error("The XLSX file is damaged and cannot be read") from None
            yield number, list(values)
    finally:
        workbook.close()


def is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
