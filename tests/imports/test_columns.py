"""Parsing dates and numbers the way HR types them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from scorebridge.imports import columns

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-20", datetime(2026, 11, 19, 16, 0, tzinfo=UTC)),
        ("2026/11/20", datetime(2026, 11, 19, 16, 0, tzinfo=UTC)),
        ("2026年11月20日", datetime(2026, 11, 19, 16, 0, tzinfo=UTC)),
        ("2026-11-20 09:30", datetime(2026, 11, 20, 1, 30, tzinfo=UTC)),
        ("2026/11/20 9:30", datetime(2026, 11, 20, 1, 30, tzinfo=UTC)),
        ("2026年11月20日 9:30:15", datetime(2026, 11, 20, 1, 30, 15, tzinfo=UTC)),
        ("2026-11-20T09:30:00Z", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
        ("2026-11-20T09:30:00+08:00", datetime(2026, 11, 20, 1, 30, tzinfo=UTC)),
        (datetime(2026, 11, 20, 9, 30), datetime(2026, 11, 20, 1, 30, tzinfo=UTC)),
        (date(2026, 11, 20), datetime(2026, 11, 19, 16, 0, tzinfo=UTC)),
    ],
)
def test_moment(raw: object, expected: datetime) -> None:
    assert columns.moment(raw, SHANGHAI) == expected


@pytest.mark.parametrize("raw", ["2026-13-01", "yesterday", "20/11/2026"])
def test_bad_dates(raw: str) -> None:
    with pytest.raises(columns.CellError):
        columns.moment(raw, SHANGHAI)


def test_day_keeps_local_calendar_date() -> None:
    assert columns.day("2026-11-20", SHANGHAI) == date(2026, 11, 20)
    assert columns.day(datetime(2026, 11, 20, 0, 0), SHANGHAI) == date(2026, 11, 20)


def test_numbers() -> None:
    assert columns.number("1,200.5") == 1200.5
    assert columns.number(" ") is None
    assert columns.text(1003.0) == "1003"
    with pytest.raises(columns.CellError):
        columns.number("abc")
