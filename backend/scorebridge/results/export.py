"""Streaming CSV (UTF-8 with BOM, so Excel shows Chinese) and XLSX exports of results.

Every header and cell goes through ``kit.spreadsheets`` (formula-like text stays text).
Status and recommendation are written in the reader's language, times in their zone, and the
rows come in the list's order (its ``sort``).

Rows are read in keyset batches of plain columns (no ORM objects) on a connection of their own
(the request's unit of work has ended when the body streams), with one query per batch for
the dimension scores; each batch becomes one chunk of the body. Memory stays flat however
many rows there are.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Select, Text, cast, func, literal, select, text, true
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from scorebridge.kit import spreadsheets
from scorebridge.kit.db import Database, one_of
from scorebridge.kit.pagination import Sort, after, ordered
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.standards.models import ResultStandard

BATCH = 5000
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
# As the web app names them (features.*.ts statusName, recommendationName). A recommendation
# the vendor words otherwise is written as it came.
STATUS_WORDS = {
    "zh-CN": {
        "pending_review": "待审核",
        "confirmed": "已确认",
        "returned": "已退回",
        "rejected": "已驳回",
    },
    "en": {
        "pending_review": "Pending review",
        "confirmed": "Confirmed",
        "returned": "Returned",
        "rejected": "Rejected",
    },
}
RECOMMENDATION_WORDS = {
    "zh-CN": {
        "strong_hire": "强烈推荐录用",
        "hire": "推荐录用",
        "hold": "待定",
        "no_hire": "不推荐录用",
    },
    "en": {"strong_hire": "Strong hire", "hire": "Hire", "hold": "Hold", "no_hire": "No hire"},
}


def language(locale: str | None) -> str:
    """The export's language: English for ``en*``, else Chinese."""
    return "en" if (locale or "").lower().startswith("en") else "zh-CN"


async def dimension_columns(
    db: Database, statement: Select[InterviewResult]
) -> list[tuple[str, str]]:
    ids = statement.with_only_columns(InterviewResult.id).order_by(None)
    async with db.engine.connect() as conn:
        rows = await conn.execute(
            select(ResultDimension.code, func.min(ResultDimension.name))
            .where(ResultDimension.result_id.in_(ids))
            .group_by(ResultDimension.code)
            .order_by(ResultDimension.code)
        )
        return [(code, name) for code, name in rows]


def _rows(
    statement: Select[InterviewResult],
    sort: Sort,
    when: Any = None,
    codes: Sequence[str] | None = None,
    text_scores: bool = False,
) -> Select[Any]:
    """The export's columns for the listed results, in the list's order (sort, then id).
    ``when`` replaces the interview time (PostgreSQL formats it, in the reader's zone);
    ``codes`` adds each result's score of each of these dimensions after the columns (one
    lateral probe of its dimensions per result, on PostgreSQL), as the database writes them
    when ``text_scores`` (``85``, ``72.5``: what the CSV shows)."""
    r = InterviewResult
    verdict = ResultStandard
    scores: list[Any] = []
    lateral = None
    if codes is not None:
        d = ResultDimension
        score: Any = cast(d.score, Text) if text_scores else d.score
        lateral = (
            select(
                *(
                    func.max(score).filter(d.code == code).label(f"d{n}")
                    for n, code in enumerate(codes)
                )
            )
            .where(d.result_id == r.id)
            .lateral("scores")
        )
        scores = list(lateral.c)
    query = (
        statement.with_only_columns(
            r.id,
            sort.column,
            Person.name,
            Person.employee_no,
            Department.name,
            Position.name,
            Batch.name,
            r.interviewed_at if when is None else when,
            r.total_score,
            r.max_score,
            r.normalized_total,
            r.status,
            r.recommendation,
            r.comment,
            verdict.weighted_total,
            verdict.passed,
            *scores,
            maintain_column_froms=False,
        )
        .join_from(r, Person, Person.id == r.person_id)
        .outerjoin(Department, Department.id == r.department_id)
        .outerjoin(Position, Position.id == r.position_id)
        .outerjoin(Batch, Batch.id == r.batch_id)
        .outerjoin(verdict, verdict.result_id == r.id)
    )
    if lateral is not None:
        query = query.outerjoin(lateral, true())
    return query.order_by(None).order_by(*ordered(sort, r.id)).limit(BATCH)


async def _formatted_when(db: Database, zone: str) -> Any:
    """On PostgreSQL, the interview time as the export writes it (``YYYY-MM-DD HH:MM`` in
    ``zone``), formatted by the database: None elsewhere, or when it does not know the zone."""
    if db.engine.dialect.name != "postgresql":
        return None
    async with db.engine.connect() as conn:
        try:
            await conn.execute(select(func.timezone(zone, func.now())))
        except DBAPIError:
            return None
    local = func.timezone(literal(zone), InterviewResult.interviewed_at)
    return func.to_char(local, literal("YYYY-MM-DD HH24:MI"))


async def _fetch(conn: AsyncConnection, statement: Any) -> Sequence[Any]:
    """The rows of ``statement``: on PostgreSQL straight from asyncpg (its records, no
    SQLAlchemy row processing: the export reads a million of them), elsewhere as usual."""
    if conn.dialect.name != "postgresql":
        return list((await conn.execute(statement)).all())
    compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    processors: dict[str, Any] = dict(compiled._bind_processors)
    args = [
        processors[name](params[name]) if name in processors else params[name]
        for name in compiled.positiontup or ()
    ]
    raw = await conn.get_raw_connection()
    driver: Any = raw.driver_connection
    rows: Sequence[Any] = await driver.fetch(compiled.string, *args)
    return rows


Scores = Callable[[Sequence[Any]], Sequence[Any]]


def _trailing(row: Sequence[Any]) -> Sequence[Any]:
    return row[16:]


async def _batches(
    db: Database,
    statement: Select[InterviewResult],
    sort: Sort,
    codes: list[str],
    when: Any = None,
    text_scores: bool = False,
) -> AsyncIterator[tuple[Sequence[Any], Scores]]:
    """The rows in keyset batches, each with how to read a row's scores (one per code, None
    where it has none). The next batch is read while the caller writes this one out."""
    postgres = db.engine.dialect.name == "postgresql"
    base = _rows(statement, sort, when, codes if postgres else None, text_scores)
    reading = asyncio.create_task(_batch(db, base, codes))
    try:
        while True:
            rows, scores = await reading
            if not rows:
                return
            if len(rows) == BATCH:
                last = rows[-1]
                page = base.where(after(sort, InterviewResult.id, last[1], last[0]))
                reading = asyncio.create_task(_batch(db, page, codes))
            yield rows, scores
            if len(rows) < BATCH:
                return
    finally:
        reading.cancel()


async def _batch(db: Database, page: Select[Any], codes: list[str]) -> tuple[Sequence[Any], Scores]:
    async with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # A batch's estimated cost (a lateral probe per result) crosses jit_above_cost:
            # compiling it would take longer than running it, for each of the batches.
            await conn.execute(text("SET LOCAL jit = off"))
        rows = await _fetch(conn, page)
        if conn.dialect.name == "postgresql" or not rows:
            return rows, _trailing  # the scores came with the rows
        # One row per result, its scores as a JSON object (a fifth of the rows to fetch).
        dimension = ResultDimension
        by_code = func.json_group_object(dimension.code, dimension.score, type_=JSON)
        pairs = await conn.execute(
            select(dimension.result_id, by_code)
            .where(one_of(conn, dimension.result_id, [row[0] for row in rows]))
            .group_by(dimension.result_id)
        )
        found: dict[Any, dict[str, float]] = {result_id: scores for result_id, scores in pairs}
        empty: dict[str, float] = {}

        def scores(row: Sequence[Any]) -> list[Any]:
            mine = found.get(row[0], empty)
            return [mine.get(code) for code in codes]

        return rows, scores


class _Lines:
    """Turns a row of :func:`_rows` into the cells of one line, in the reader's words."""

    def __init__(self, locale: str, codes: list[str], zone: ZoneInfo) -> None:
        self.codes = codes
        self.zone = zone
        self.status = STATUS_WORDS[locale]
        self.recommendation = RECOMMENDATION_WORDS[locale]
        self.verdict = VERDICT_WORDS[locale]

    def __call__(self, row: Sequence[Any], dims: Sequence[Any]) -> list[Any]:
        (_, _, name, employee_no, department, position, batch, interviewed_at, total, max_score,
         normalized, status, recommendation, comment, weighted, passed, *_) = row  # fmt: skip
        if isinstance(interviewed_at, str):  # formatted by the database
            when = interviewed_at
        elif interviewed_at:
            when = interviewed_at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")
        else:
            when = ""
        line = [
            name,
            employee_no or "",
            department or "",
            position or "",
            batch or "",
            when,
            total,
            max_score,
            round(normalized, 1),
            self.status.get(status, status),
            self.recommendation.get(recommendation, recommendation) if recommendation else "",
            comment or "",
        ]
        line += ["" if score is None else score for score in dims]
        if weighted is None:
            line += ["", ""]
        else:
            line += [round(weighted, 1), self.verdict[0] if passed else self.verdict[1]]
        return line


def _header(locale: str, columns: list[tuple[str, str]], zone: str) -> list[str]:
    header = list(HEADERS[locale])
    header[5] = f"{header[5]} ({zone})"
    return header + [f"{name} ({code})" for code, name in columns] + VERDICT_HEADERS[locale]


async def csv_stream(
    db: Database,
    statement: Select[InterviewResult],
    sort: Sort,
    columns: list[tuple[str, str]],
    locale: str,
    zone: str,
) -> AsyncIterator[bytes]:
    """The CSV body: a BOM and the header, then one chunk per batch of rows."""
    locale = language(locale)
    line = _Lines(locale, [c for c, _ in columns], ZoneInfo(zone))
    defuse = spreadsheets.row
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(defuse(_header(locale, columns, zone)))
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    when = await _formatted_when(db, zone)
    async for rows, scores in _batches(db, statement, sort, line.codes, when, text_scores=True):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(defuse(line(row, scores(row))) for row in rows)
        yield buffer.getvalue().encode("utf-8")


async def xlsx_stream(
    db: Database,
    statement: Select[InterviewResult],
    sort: Sort,
    columns: list[tuple[str, str]],
    locale: str,
    zone: str,
) -> AsyncIterator[bytes]:
    from openpyxl import Workbook

    locale = language(locale)
    line = _Lines(locale, [c for c, _ in columns], ZoneInfo(zone))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    sheet.append(spreadsheets.xlsx_row(_header(locale, columns, zone)))
    async for rows, scores in _batches(db, statement, sort, line.codes):
        for row in rows:
            sheet.append(spreadsheets.xlsx_row(line(row, scores(row))))
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(path)
        with open(path, "rb") as file:  # noqa: ASYNC230 - a local temp file, read in chunks
            for block in iter(lambda: file.read(1 << 16), b""):
                yield block
    finally:
        os.unlink(path)
