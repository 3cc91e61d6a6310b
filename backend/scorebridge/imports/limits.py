"""How much an uploaded file may hold, checked before (and while) it is parsed.

A 0.3 MB XLSX can hold gigabytes: a zip member that inflates 1000:1, millions of shared
strings, a worksheet that declares (or pads out to) billions of cells. So before openpyxl reads
anything the archive's central directory is checked (entry count, each member's declared size),
then every member is inflated once, counting its actual bytes against the same limits (and its
CRC), and the shared strings are counted. While rows are read, cells are counted and no cell may
hold more than 128 KiB of text or a NUL byte (refused naming its row and column).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorebridge.kit.errors import InvalidInput
from scorebridge.kit.messages import Message

if TYPE_CHECKING:
    from scorebridge.settings import Settings

# The most text one cell may hold: CSV's field limit (csv.field_size_limit(), 128 KiB).
MAX_CELL_CHARS = 128 * 1024
MAX_ZIP_ENTRIES = 10_000
# XML parts other than worksheets and the shared strings (workbook, styles, theme, rels …).
MAX_PART_BYTES = 16 * 1024 * 1024
_SHARED_STRINGS = "xl/sharedStrings.xml"
# One <si> (or <x:si>) element opening; at most 22 bytes long, so a 32-byte carry is enough.
_STRING_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?si[\s>/]")
_CARRY = 32


def file_error(message: str | Message) -> InvalidInput:
    return InvalidInput(["body", "file"], message)


@dataclass(frozen=True)
class Limits:
    """What one import file may hold once unpacked (settings ``SCOREBRIDGE_IMPORT_MAX_*``)."""

    uncompressed_bytes: int = 256 * 1024 * 1024
    cells: int = 5_000_000
    shared_strings: int = 1_000_000
    shared_strings_bytes: int = 64 * 1024 * 1024

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            uncompressed_bytes=settings.import_max_uncompressed_bytes,
            cells=settings.import_max_cells,
            shared_strings=settings.import_max_shared_strings,
            shared_strings_bytes=settings.import_max_shared_strings_bytes,
        )


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


def _declared_entries(data: bytes) -> int | None:
    """The entry count in the zip's end-of-central-directory record (zip64 too), read before
    ``zipfile`` builds an object per entry."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    (entries,) = struct.unpack_from("<H", data, end + 10)
    locator = end - 20
    if entries == 0xFFFF and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if data[offset : offset + 4] == b"PK\x06\x06" and offset + 40 <= len(data):
            (entries,) = struct.unpack_from("<Q", data, offset + 32)
    return int(entries)


def _part_limit(name: str, limits: Limits) -> tuple[int, str]:
    if name == _SHARED_STRINGS:
        return limits.shared_strings_bytes, "the shared strings"
    if name.startswith("xl/worksheets/") or not name.endswith((".xml", ".rels")):
        return limits.uncompressed_bytes, name
    return MAX_PART_BYTES, name


def check_archive(data: bytes, limits: Limits) -> set[str]:
    """Check an XLSX archive against ``limits`` (and its CRCs) without parsing any XML;
    returns its member names or raises a 422 naming ``file`` that says which limit."""
    entries = _declared_entries(data)
    if entries is not None and entries > MAX_ZIP_ENTRIES:
        raise file_error(f"The XLSX file holds {entries} parts (at most {MAX_ZIP_ENTRIES})")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_ENTRIES:
                raise file_error(f"The XLSX file holds more than {MAX_ZIP_ENTRIES} parts")
            declared = 0
            for member in members:
                limit, what = _part_limit(member.filename, limits)
                declared += member.file_size
                if member.file_size > limit:
                    raise file_error(f"{what} unpacks to over {_mib(limit)} (the limit)")
                if declared > limits.uncompressed_bytes:
                    raise file_error(
                        f"The XLSX file unpacks to over {_mib(limits.uncompressed_bytes)}"
                        " (the limit)"
                    )
            for member in members:
                _inflate(archive, member, limits)
            return {m.filename for m in members}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        raise file_error("The XLSX file is damaged (not a readable zip archive)") from None
    except NotImplementedError:  # an unsupported compression method
        raise file_error("The XLSX file is damaged (an unknown compression method)") from None


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> None:
    """Inflate one member, counting its actual bytes (a member may hold more than it declares;
    zipfile stops at the declared size and then fails the CRC) and, for the shared strings,
    its items."""
    limit, what = _part_limit(member.filename, limits)
    counting = member.filename == _SHARED_STRINGS
    size = items = 0
    carry = b""
    with archive.open(member) as stream:  # reading to the end checks the CRC
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > min(limit, member.file_size):
                raise file_error(f"{what} unpacks to more than it declares or the limit allows")
            if counting:
                window = carry + chunk
                items += sum(1 for m in _STRING_ITEM.finditer(window) if m.end() > len(carry))
                carry = window[-_CARRY:]
                if items > limits.shared_strings:
                    raise file_error(
                        f"The XLSX file holds more than {limits.shared_strings} shared strings"
                        " (the limit)"
                    )


class CellCounter:
    """Counts the cells read (a padded or missing row counts as its width, at least 1) and
    refuses text over ``MAX_CELL_CHARS``, naming the row and the column."""

    def __init__(self, limits: Limits) -> None:
        self.limit = limits.cells
        self.seen = 0
        self.header: list[object] = []

    def check(self, number: int, cells: list[object]) -> None:
        self.seen += max(len(cells), 1)
        if self.seen > self.limit:
            raise file_error(
                f"The file holds more than {self.limit} cells (the limit; row {number})"
            )
        if number == 1:
            self.header = cells
        for index, value in enumerate(cells):
            if isinstance(value, str) and (len(value) > MAX_CELL_CHARS or "\x00" in value):
                if "\x00" in value:  # no database stores it in text; a binary file, most likely
                    raise file_error(f"Row {number}, column {self.column(index)}: "
                                     "a cell holds a NUL byte")  # fmt: skip
                raise self.too_long(number, index)

    def too_long(self, number: int, index: int) -> InvalidInput:
        return file_error(
            f"Row {number}, column {self.column(index)}: a cell holds more than "
            f"{MAX_CELL_CHARS // 1024} KiB of text"
        )

    def column(self, index: int) -> str:
        letters, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(65 + rest) + letters
        label = self.header[index] if index < len(self.header) else None
        return f"{letters} ({str(label)[:40]})" if label not in (None, "") else letters
