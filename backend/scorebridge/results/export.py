"""Streaming CSV (UTF-8 with BOM, so Excel shows Chinese) and XLSX exports of results.

Every header and cell goes through ``kit.spreadsheets`` (formula-like text stays text).
Rows are read in keyset chunks through their own session (the request's unit of work has
ended when the body streams), so memory stays flat however many rows there are.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, or_, select

from scorebridge.kit import spreadsheets
from scorebridge.kit.db import Database
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.standards.models import ResultStandard

CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADERS = {
    "zh-CN": [
        "姓名",
        "工号",
        "部门",
        "岗位",
        "批次",
        "面试时间",
        "总分",
        "满分",
        "标准分(0-100)",
        "状态",
        "推荐",
        "评语",
    ],
    "en": [
        "Name",
        "Employee no.",
        "Department",
        "Position",
        "Batch",
        "Interviewed at",
        "Total",
        "Max score",
        "Normalised (0-100)",
        "Status",
        "Recommendation",
        "Comment",
    ],
}

# The verdict under the position's standard, after the dimension columns.
VERDICT_HEADERS = {
    "zh-CN": ["加权总分(岗位标准)", "是否达标"],
    "en": ["Weighted total (position standard)", "Meets the standard"],
}
VERDICT_WORDS = {"zh-CN": ("达标", "未达标"), "en": ("yes", "no")}


async def dimension_columns(
    db: Database, statement: Select[InterviewResult]
) -> list[tuple[str, str]]:
    ids = statement.with_only_columns(InterviewResult.id).order_by(None)
    async with db.sessionmaker() as session:
        rows = await session.execute(
            select(ResultDimension.code, func.min(ResultDimension.name))
            .where(ResultDimension.result_id.in_(ids))
            .group_by(ResultDimension.code)
            .order_by(ResultDimension.code)
        )
        return [(code, name) for code, name in rows]


async def _chunks(db: Database, statement: Select[InterviewResult]) -> AsyncIterator[list[Any]]:
    r = InterviewResult
    base = (
        statement.add_columns(
            Person.name, Person.employee_no, Department.name, Position.name, Batch.name
        )
        .join(Person, Person.id == r.person_id)
        .outerjoin(Department, Department.id == r.department_id)
        .outerjoin(Position, Position.id == r.position_id)
        .outerjoin(Batch, Batch.id == r.batch_id)
        .order_by(r.received_at.desc(), r.id.desc())
        .limit(CHUNK)
    )
    last: tuple[datetime, Any] | None = None
    while True:
        page = base
        if last is not None:
            page = page.where(
                or_(r.received_at < last[0], and_(r.received_at == last[0], r.id < last[1]))
            )
        async with db.sessionmaker() as session:
            rows = (await session.execute(page)).all()
            if not rows:
                return
            ids = [row[0].id for row in rows]
            scores: dict[Any, dict[str, float]] = {}
            for result_id, code, score in await session.execute(
                select(
                    ResultDimension.result_id, ResultDimension.code, ResultDimension.score
                ).where(ResultDimension.result_id.in_(ids))
            ):
                scores.setdefault(result_id, {})[code] = score
            verdicts = await _verdicts(session, ids)
        yield [(row, scores.get(row[0].id, {}), verdicts.get(row[0].id)) for row in rows]
        last = (rows[-1][0].received_at, rows[-1][0].id)
        if len(rows) < CHUNK:
            return


async def _verdicts(session: Any, ids: list[Any]) -> dict[Any, tuple[float, bool]]:
    """Weighted total and pass/fail under the position's standard, per result that has one."""
    rows = await session.execute(
        select(
            ResultStandard.result_id, ResultStandard.weighted_total, ResultStandard.passed
        ).where(ResultStandard.result_id.in_(ids))
    )
    return {result_id: (round(total, 1), passed) for result_id, total, passed in rows}


def _verdict_cells(verdict: tuple[float, bool] | None, locale: str) -> list[Any]:
    """The verdict's columns, after the dimensions' (blank without a standard)."""
    if verdict is None:
        return ["", ""]
    words = VERDICT_WORDS.get(locale, VERDICT_WORDS["zh-CN"])
    return [verdict[0], words[0] if verdict[1] else words[1]]


def _line(row: Any, dims: dict[str, float], codes: list[str], zone: ZoneInfo) -> list[Any]:
    result, name, employee_no, department, position, batch = row
    when = (
        result.interviewed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        if result.interviewed_at
        else ""
    )
    return [
        name,
        employee_no or "",
        department or "",
        position or "",
        batch or "",
        when,
        result.total_score,
        result.max_score,
        round(result.normalized_total, 1),
        result.status,
        result.recommendation or "",
        result.comment or "",
    ] + [dims.get(c, "") for c in codes]


def _header(locale: str, columns: list[tuple[str, str]], zone: str) -> list[str]:
    header = list(HEADERS.get(locale, HEADERS["zh-CN"]))
    header[5] = f"{header[5]} ({zone})"
    verdict = VERDICT_HEADERS.get(locale, VERDICT_HEADERS["zh-CN"])
    return header + [f"{name} ({code})" for code, name in columns] + verdict


async def csv_stream(
    db: Database,
    statement: Select[InterviewResult],
    columns: list[tuple[str, str]],
    locale: str,
    zone: str,
) -> AsyncIterator[bytes]:
    codes = [c for c, _ in columns]
    tz = ZoneInfo(zone)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(spreadsheets.row(_header(locale, columns, zone)))
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    async for chunk in _chunks(db, statement):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            spreadsheets.row(_line(row, dims, codes, tz) + _verdict_cells(verdict, locale))
            for row, dims, verdict in chunk
        )
        yield buffer.getvalue().encode("utf-8")


async def xlsx_stream(
    db: Database,
    statement: Select[InterviewResult],
    columns: list[tuple[str, str]],
    locale: str,
    zone: str,
) -> AsyncIterator[bytes]:
    from openpyxl import Workbook

    codes = [c for c, _ in columns]
    tz = ZoneInfo(zone)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    sheet.append(spreadsheets.xlsx_row(_header(locale, columns, zone)))
    async for chunk in _chunks(db, statement):
        for row, dims, verdict in chunk:
            sheet.append(
                spreadsheets.xlsx_row(_line(row, dims, codes, tz) + _verdict_cells(verdict, locale))
            )
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(path)
        with open(path, "rb") as file:  # noqa: ASYNC230 - a local temp file, read in chunks
            for block in iter(lambda: file.read(1 << 16), b""):
                yield block
    finally:
        os.unlink(path)
