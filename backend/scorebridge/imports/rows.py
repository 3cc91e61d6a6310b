"""Validating one row of an import into a typed record, or the errors of its cells."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from scorebridge.imports import columns
from scorebridge.imports.columns import CellError, Header
from scorebridge.kit.messages import Message


@dataclass(frozen=True)
class PersonRow:
    employee_no: str
    name: str | None
    email: str | None
    phone: str | None
    department: str | None
    hired_on: date | None = None
    left_on: date | None = None
    # Sensitive (kept apart, see scorebridge.fairness): people import only.
    gender: str | None = None
    birth_year: int | None = None


@dataclass(frozen=True)
class ResultRow:
    person: PersonRow
    position: str | None
    batch: str | None
    interviewed_at: datetime | None
    total_score: float
    max_score: float
    dimensions: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class PerformanceRow:
    employee_no: str
    period: str
    metric: str
    value: float


@dataclass(frozen=True)
class TrainingRow:
    employee_no: str
    course: str
    completed_on: date
    score: float | None


Record = PersonRow | ResultRow | PerformanceRow | TrainingRow


@dataclass(frozen=True)
class CellIssue:
    column: str
    message: Message


_MAX_LENGTH = {
    "employee_no": 64,
    "name": 200,
    "email": 320,
    "phone": 32,
    "department": 64,
    "position": 64,
    "batch": 64,
    "period": 32,
    "metric": 64,
    "course": 200,
}


class RowParser:
    """Parses the rows of one file into records: where each column sits, and how its header
    is written, is looked up once for the file rather than for every cell."""

    def __init__(self, kind: str, header: Header, zone: ZoneInfo) -> None:
        self.kind = kind
        self.fields = {c: (i, header.labels.get(i, c)) for c, i in header.columns.items()}
        self.dimensions = [(code, i, header.labels[i]) for code, i in header.dimensions.items()]
        self.moment: Callable[[Any], datetime | None] = partial(columns.moment, zone=zone)
        self.day: Callable[[Any], date | None] = partial(columns.day, zone=zone)

    def parse(self, cells: list[Any]) -> tuple[Record | None, list[CellIssue]]:
        c = _Cells(self, cells)
        record: Record | None = None
        if self.kind == "people":
            record = _person(c, name_required=True, dates=True)
        elif self.kind == "results":
            record = _result(c)
        elif self.kind == "performance":
            employee_no = c.get("employee_no", columns.text, required=True)
            period = c.get("period", columns.text, required=True)
            metric = c.get("metric", columns.text, required=True)
            value = c.get("value", columns.number, required=True)
            if not c.issues:
                record = PerformanceRow(employee_no, period, metric, value)
        else:
            employee_no = c.get("employee_no", columns.text, required=True)
            course = c.get("course", columns.text, required=True)
            completed = c.get("completed_at", self.day, required=True)
            score = c.get("score", columns.number)
            if not c.issues:
                record = TrainingRow(employee_no, course, completed, score)
        return (None, c.issues) if c.issues else (record, [])


class _Cells:
    """Reads canonical columns of one row and collects the errors of its cells."""

    def __init__(self, parser: RowParser, cells: list[Any]) -> None:
        self.parser = parser
        self.cells = cells
        self.issues: list[CellIssue] = []

    def label(self, column: str) -> str:
        return self.parser.fields.get(column, (0, column))[1]

    def get(self, column: str, parse: Callable[[Any], Any], *, required: bool = False) -> Any:
        found = self.parser.fields.get(column)
        raw = None
        if found is not None and found[0] < len(self.cells):
            raw = self.cells[found[0]]
        if raw is None or raw == "":  # every parser reads an empty cell as None
            value = None
        else:
            try:
                value = parse(raw)
            except CellError as exc:
                self.issues.append(CellIssue(self.label(column), exc.message))
                return None
        if value is None:
            if required:
                self.issues.append(CellIssue(self.label(column), Message("import.required")))
            return None
        limit = _MAX_LENGTH.get(column)
        if limit and isinstance(value, str) and len(value) > limit:
            too_long = Message("import.too-long", {"limit": limit})
            self.issues.append(CellIssue(self.label(column), too_long))
            return None
        return value


def _person(c: _Cells, *, name_required: bool, dates: bool = False) -> PersonRow | None:
    employee_no = c.get("employee_no", columns.text, required=True)
    name = c.get("name", columns.text, required=name_required)
    email = c.get("email", columns.text)
    if email and "@" not in email:
        not_email = Message("import.not-an-email", {"value": repr(email[:40])})
        c.issues.append(CellIssue(c.label("email"), not_email))
    phone = c.get("phone", columns.text)
    department = c.get("department", columns.text)
    hired_on = left_on = gender = birth_year = None
    if dates:  # employment dates and attributes come with the people import only
        hired_on = c.get("hired_on", c.parser.day)
        left_on = c.get("left_on", c.parser.day)
        if hired_on and left_on and left_on < hired_on:
            c.issues.append(CellIssue(c.label("left_on"), Message("before-hiring")))
        gender = c.get("gender", columns.gender)
        birth_year = c.get("birth_year", columns.birth_year)
    if employee_no is None:
        return None
    return PersonRow(
        employee_no, name, email, phone, department, hired_on, left_on, gender, birth_year
    )


def _result(c: _Cells) -> ResultRow | None:
    person = _person(c, name_required=False)
    position = c.get("position", columns.text)
    batch = c.get("batch", columns.text)
    interviewed_at = c.get("interviewed_at", c.parser.moment)
    total = c.get("total_score", columns.number, required=True)
    max_score = c.get("max_score", columns.number)
    if max_score is None:
        max_score = 100.0
    elif max_score <= 0:
        c.issues.append(CellIssue(c.label("max_score"), Message("import.max-not-positive")))
    if total is not None and max_score > 0 and not 0 <= total <= max_score:
        out_of_range = Message("import.out-of-range", {"max": f"{max_score:g}"})
        c.issues.append(CellIssue(c.label("total_score"), out_of_range))
    dimensions: list[tuple[str, float]] = []
    cells = c.cells
    for code, index, label in c.parser.dimensions:
        raw = cells[index] if index < len(cells) else None
        try:
            score = columns.number(raw)
        except CellError as exc:
            c.issues.append(CellIssue(label, exc.message))
            continue
        if score is None:
            continue
        if len(code) > 64:
            c.issues.append(CellIssue(label, Message("import.code-too-long")))
        elif max_score > 0 and not 0 <= score <= max_score:
            c.issues.append(
                CellIssue(label, Message("import.out-of-range", {"max": f"{max_score:g}"}))
            )
        else:
            dimensions.append((code, score))
    if c.issues or person is None:
        return None
    return ResultRow(person, position, batch, interviewed_at, total, max_score, dimensions)
