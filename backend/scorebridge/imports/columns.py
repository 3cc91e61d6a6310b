"""The columns each kind of import understands (English or Chinese headers), and parsing of
the values in them: text, numbers, dates and scores."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from scorebridge.fairness import attributes
from scorebridge.imports.reading import file_error
from scorebridge.kit.messages import Message

KINDS = ("people", "results", "performance", "training")

_PEOPLE: dict[str, tuple[str, ...]] = {
    "employee_no": ("employee_no", "工号"),
    "name": ("name", "姓名"),
    "email": ("email", "邮箱"),
    "phone": ("phone", "手机"),
    "department": ("department", "部门"),
}
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "people": {
        **_PEOPLE,
        "hired_on": ("hired_on", "入职日期"),
        "left_on": ("left_on", "离职日期"),
        "gender": ("gender", "性别"),
        "birth_year": ("birth_year", "出生年份"),
    },
    "results": {
        **_PEOPLE,
        "position": ("position", "岗位"),
        "batch": ("batch", "批次"),
        "interviewed_at": ("interviewed_at", "面试时间"),
        "total_score": ("total_score", "总分"),
        "max_score": ("max_score", "满分"),
    },
    "performance": {
        "employee_no": ("employee_no", "工号"),
        "period": ("period", "周期"),
        "metric": ("metric", "指标"),
        "value": ("value", "数值"),
    },
    "training": {
        "employee_no": ("employee_no", "工号"),
        "course": ("course", "课程"),
        "completed_at": ("completed_at", "完成时间"),
        "score": ("score", "成绩"),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "people": ("employee_no", "name"),
    "results": ("employee_no", "total_score"),
    "performance": ("employee_no", "period", "metric", "value"),
    "training": ("employee_no", "course", "completed_at"),
}
_DIMENSION = re.compile(r"^(?:dimension|维度)\s*[:：]\s*(.+)$", re.IGNORECASE)


def _norm(header: Any) -> str:
    return str(header or "").strip().lstrip("\ufeff").strip()


@dataclass
class Header:
    """Which cell index holds which canonical column (and each dimension's code)."""

    columns: dict[str, int] = field(default_factory=dict)
    dimensions: dict[str, int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)  # index → header as written


def read_header(kind: str, cells: list[Any], mapping: dict[str, str]) -> Header:
    """Map the header row to canonical columns, or raise a 422 naming ``file``."""
    lookup: dict[str, str] = {}
    for canonical, names in ALIASES[kind].items():
        for name in names:
            lookup[name.lower()] = canonical
    explicit = {_norm(k).lower(): v.strip() for k, v in mapping.items()}
    header = Header()
    for index, raw in enumerate(cells):
        written = _norm(raw)
        if not written:
            continue
        header.labels[index] = written
        target = explicit.get(written.lower()) or written
        match = _DIMENSION.match(target)
        if match and kind == "results":
            header.dimensions.setdefault(match.group(1).strip(), index)
        elif (found := lookup.get(target.lower())) is not None:
            header.columns.setdefault(found, index)
    if not header.columns and not header.dimensions:
        expected = ", ".join(f"{names[0]}/{names[1]}" for names in ALIASES[kind].values())
        raise file_error(Message("import.no-header", {"kind": kind, "expected": expected}))
    missing = [c for c in REQUIRED[kind] if c not in header.columns]
    if missing:
        named = ", ".join(f"{c}/{ALIASES[kind][c][1]}" for c in missing)
        raise file_error(Message("import.missing-columns", {"columns": named}))
    return header


class CellError(ValueError):
    """A bad value in one cell; the message is shown to HR next to the row and column, in
    their language."""

    def __init__(self, code: str, **params: Any) -> None:
        self.message = Message(code, params)
        super().__init__(self.message.text("en"))


def _quoted(value: Any, limit: int = 40) -> str:
    return repr(str(value)[:limit])


def text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # employee numbers typed as numbers in Excel
    out = str(value).strip()
    return out or None


def number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise CellError("import.must-be-number")
        return None
    if isinstance(value, int | float):
        result = float(value)
    else:
        try:
            result = float(value)  # most cells: plain digits (surrounding spaces allowed)
        except (TypeError, ValueError):
            raw = str(value).strip().replace(",", "").rstrip("%")
            if not raw:
                return None
            try:
                result = float(raw)
            except ValueError:
                raise CellError("import.not-a-number", value=_quoted(value)) from None
    if result != result or result in (float("inf"), float("-inf")):
        raise CellError("import.not-finite")
    return result


def gender(value: Any) -> str | None:
    """``female``/``male``/``other`` (also 女/男/其他); see :mod:`scorebridge.fairness`."""
    try:
        return attributes.gender_of(value)
    except ValueError:
        raise CellError("import.not-a-gender", value=_quoted(value, 20)) from None


def birth_year(value: Any) -> int | None:
    try:
        return attributes.birth_year_of(value)
    except ValueError:
        raise CellError("import.not-a-year") from None


_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*(?:[:：分]\s*(\d{1,2}(?:\.\d+)?)\s*秒?)?\s*分?)?$"
)


def moment(value: Any, zone: ZoneInfo) -> datetime | None:
    """A timestamp from an Excel datetime/date cell or text such as ``2026-11-20``,
    ``2026/11/20 9:30``, ``2026年11月20日 09:30`` or ISO-8601 with ``Z``/offset. Times without
    a zone are in ``zone`` (the organisation's default time zone)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        stamp = value
    elif isinstance(value, date):
        stamp = datetime.combine(value, time())
    else:
        raw = str(value).strip()
        return _moment_of_text(raw, zone) if raw else None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=zone)
    return stamp.astimezone(UTC)


@functools.lru_cache(maxsize=4096)
def _moment_of_text(raw: str, zone: ZoneInfo) -> datetime:
    """Text timestamps repeat within a file (a batch's interview days): each is parsed once."""
    stamp = _parse_text(raw)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=zone)
    return stamp.astimezone(UTC)


def _parse_text(raw: str) -> datetime:
    match = _DATE.match(raw)
    if match:
        y, m, d, hh, mm, ss = match.groups()
        seconds = float(ss) if ss else 0.0
        try:
            return datetime(
                int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(seconds),
                round((seconds % 1) * 1_000_000),
            )  # fmt: skip
        except ValueError:
            raise CellError("import.not-a-valid-date", value=_quoted(raw)) from None
    try:
        return datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise CellError("import.not-a-date", value=_quoted(raw)) from None


def day(value: Any, zone: ZoneInfo) -> date | None:
    """A calendar date (the local date of a timestamp with a zone)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.date()
    stamp = moment(value, zone)
    return stamp.astimezone(zone).date() if stamp else None
