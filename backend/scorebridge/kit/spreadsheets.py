"""Cells of the CSV and XLSX files we write: text a spreadsheet would run is kept as text.

Every export (every header and every cell) goes through :func:`defuse` (CSV) or
:func:`xlsx_value` (XLSX). Text that starts with a formula leader — ``= + - @``, a tab or a
line break, or their full-width and small forms (``＝ ＋ － ＠``, ``﹦ ﹢ ﹣ ﹫``), also after
leading blanks — gets a leading apostrophe, as OWASP advises for CSV injection. A string that
is just a number (``-3.5``) is left alone. The web app's CSV (``features/analytics/csv.ts``)
applies the same rule.
"""

from __future__ import annotations

import re
from typing import Any

# What Excel, LibreOffice or WPS may take as the start of a formula (or of a DDE call).
FORMULA_LEADERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")
# Blanks a spreadsheet may skip before the leader (ASCII and full-width spaces, NBSP, zero-width).
_BLANKS = " \u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# A text starting with none of these is never formula-like (the fast path of every cell).
_SUSPECT = FORMULA_LEADERS | frozenset(_BLANKS)
# Characters XML 1.0 cannot hold (openpyxl refuses them): C0 controls but tab, LF and CR.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula."""
    if not text or text[0] not in _SUSPECT or _NUMBER.fullmatch(text):
        return False
    return text[0] in FORMULA_LEADERS or text.lstrip(_BLANKS)[:1] in FORMULA_LEADERS


def defuse(value: Any) -> Any:
    """The value to write into a CSV cell: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def xlsx_value(value: Any) -> Any:
    """The value to write into an XLSX cell: defused, without characters XML cannot hold."""
    if isinstance(value, str):
        return defuse(_NOT_XML.sub("", value))
    return value


def row(values: list[Any]) -> list[Any]:
    """A whole CSV row (header or data) defused (what :func:`defuse` does, inlined: exports
    call it for every row)."""
    return [
        "'" + v if isinstance(v, str) and v and v[0] in _SUSPECT and is_formula_like(v) else v
        for v in values
    ]


def xlsx_row(values: list[Any]) -> list[Any]:
    """A whole XLSX row (header or data) defused."""
    return [xlsx_value(v) for v in values]
