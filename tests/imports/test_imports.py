"""Imports end to end: encodings, XLSX, dry runs, idempotent re-imports, row errors, audit."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from conftest import App
from imports.support import csv_bytes, import_and_wait, upload, xlsx_bytes
from scorebridge.audit.models import AuditEvent
from scorebridge.imports import service, writing
from scorebridge.organisation.models import Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension, ResultRevision
from scorebridge.talent.models import PerformanceRecord, TrainingRecord

RESULTS_HEADER_ZH = [
    "工号",
    "姓名",
    "部门",
    "岗位",
    "批次",
    "面试时间",
    "总分",
    "满分",
    "维度:沟通",
    "维度:逻辑",
]


async def count(app: App, model: type) -> int:
    async with app.db.unit_of_work() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_gbk_results_dry_run_reports_and_writes_nothing(app: App) -> None:
    hr = await app.user_headers("hr")
    rows = [
        RESULTS_HEADER_ZH,
        ["E1", "张三", "sales", "rep", "2026-spring", "2026年11月20日 09:30", 43, 50, 40, 45],
        ["E2", "李四", "sales", "rep", "2026-spring", "2026/11/20 9:30", 200, 100, 80, 70],
        ["", "王五", "sales", "rep", "2026-spring", "someday", 80, 100, 80, 70],
    ]
    response = await upload(app, hr, csv_bytes(rows, "gbk"), "results", dry_run=True)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "succeeded"
    assert body["dry_run"] is True
    assert body["file_format"] == "csv"
    assert body["encoding"] == "gb18030"
    assert (body["total_rows"], body["valid_rows"], body["processed_rows"]) == (3, 1, 0)
    errors = {(e["row"], e["column"]) for e in body["errors"]}
    assert errors == {(3, "总分"), (4, "工号"), (4, "面试时间")}
    assert body["error_count"] == 3
    for model in (Person, InterviewResult, Department, Position, ResultDimension):
        assert await count(app, model) == 0


async def test_utf8_bom_people_import_is_idempotent(app: App) -> None:
    hr = await app.user_headers("hr")
    rows = [
        ["工号", "姓名", "邮箱", "手机", "部门"],
        ["E1", "张三", "zhang@corp.example", "13800000001", "sales"],
        ["E2", "李四", "li@corp.example", "", "tech"],
        ["", "", "", "", ""],
    ]
    content = b"\xef\xbb\xbf" + csv_bytes(rows)
    body = await import_and_wait(app, hr, content, "people", filename="people.txt")
    assert body["status"] == "succeeded", body
    assert body["encoding"] == "utf-8-sig"
    assert (body["total_rows"], body["valid_rows"], body["processed_rows"]) == (2, 2, 2)
    assert body["counts"]["people_created"] == 2
    async with app.db.unit_of_work() as session:
        zhang = await session.scalar(select(Person).where(Person.employee_no == "E1"))
        assert zhang is not None
        assert (zhang.name, zhang.email, zhang.phone) == (
            "张三",
            "zhang@corp.example",
            "13800000001",
        )
        assert zhang.department_id is not None
    again = await import_and_wait(app, hr, content, "people")
    assert again["counts"].get("people_created", 0) == 0
    assert again["counts"]["people_unchanged"] == 2
    assert await count(app, Person) == 2
    async with app.db.unit_of_work() as session:
        events = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "import.completed"))
        ).all()
    assert len(events) == 2
    assert events[0].detail["valid_rows"] == 2


async def test_xlsx_results_with_chinese_headers_are_confirmed_and_idempotent(app: App) -> None:
    hr = await app.user_headers("hr")
    rows = [
        RESULTS_HEADER_ZH,
        [
            "E1",
            "张三",
            "sales",
            "rep",
            "2026-spring",
            datetime(2026, 11, 20, 9, 30),
            43,
            50,
            40,
            45,
        ],
        ["E2", "李四", "sales", "rep", "2026-spring", "2026-11-20T01:30:00Z", 80, None, 80, 70],
        [1003, "王五", "tech", "dev", None, "2026-11-21", 90.5, 100, 90, None],
    ]
    content = xlsx_bytes(rows)
    body = await import_and_wait(app, hr, content, "results", filename="results.csv")
    assert body["status"] == "succeeded", body
    assert body["file_format"] == "xlsx"
    assert body["counts"]["results_created"] == 3
    assert body["errors"] == []
    async with app.db.unit_of_work() as session:
        results = {
            r.interview_id: r for r in (await session.scalars(select(InterviewResult))).all()
        }
        assert all(r.status == "confirmed" and r.published for r in results.values())
        first = next(r for r in results.values() if r.total_score == 43)
        assert first.normalized_total == 86.0
        # 09:30 in Asia/Shanghai is 01:30 UTC, the same moment as the ISO row.
        assert first.interviewed_at == datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
        dims = (
            await session.scalars(
                select(ResultDimension).where(ResultDimension.result_id == first.id)
            )
        ).all()
        assert {(d.code, d.normalized) for d in dims} == {("沟通", 80.0), ("逻辑", 90.0)}
        assert await session.scalar(select(Person.name).where(Person.employee_no == "1003"))
    again = await import_and_wait(app, hr, content, "results")
    assert again["counts"]["results_unchanged"] == 3
    assert await count(app, InterviewResult) == 3
    assert await count(app, ResultRevision) == 3
    # A corrected score makes a new revision of the same result.
    rows[1][6] = 44
    changed = await import_and_wait(app, hr, xlsx_bytes(rows), "results")
    assert changed["counts"]["results_updated"] == 1
    assert await count(app, InterviewResult) == 3
    assert await count(app, ResultRevision) == 4


async def test_results_api_shows_imported_results(app: App) -> None:
    hr = await app.user_headers("hr")
    rows = [
        ["employee_no", "name", "position", "interviewed_at", "total_score", "dimension:logic"],
        ["E9", "赵六", "rep", "2026-11-20 09:30", 7, 8],
    ]
    body = await import_and_wait(app, hr, csv_bytes(rows), "results")
    assert body["status"] == "succeeded"
    listed = await app.client.get("/api/v1/results", headers=hr)
    item = listed.json()["items"][0]
    assert item["vendor"]["slug"] == "import"
    assert item["status"] == "confirmed"
    assert item["dimensions"][0]["code"] == "logic"


async def test_performance_and_training_need_known_people(app: App) -> None:
    hr = await app.user_headers("hr")
    await import_and_wait(app, hr, csv_bytes([["工号", "姓名"], ["E1", "张三"]]), "people")
    perf = csv_bytes(
        [
            ["工号", "周期", "指标", "数值"],
            ["E1", "2026-H1", "sales", "1,200.5"],
            ["E1", "2026-H2", "sales", 900],
            ["E404", "2026-H1", "sales", 1],
            ["E1", "2026-H1", "compliance", "abc"],
        ],
        "gbk",
    )
    dry = await upload(app, hr, perf, "performance", dry_run=True)
    assert dry.status_code == 200
    assert {(e["row"], e["column"]) for e in dry.json()["errors"]} == {(4, "工号"), (5, "数值")}
    assert await count(app, PerformanceRecord) == 0
    body = await import_and_wait(app, hr, perf, "performance")
    assert (body["valid_rows"], body["error_count"]) == (2, 2)
    assert body["counts"]["performance_created"] == 2
    again = await import_and_wait(app, hr, perf, "performance")
    assert again["counts"]["performance_unchanged"] == 2
    assert await count(app, PerformanceRecord) == 2
    training = xlsx_bytes(
        [
            ["工号", "课程", "完成时间", "成绩"],
            ["E1", "合规基础", date(2026, 3, 1), 88],
            ["E1", "沟通技巧", "2026年4月2日", None],
        ]
    )
    body = await import_and_wait(app, hr, training, "training")
    assert body["counts"]["training_created"] == 2
    await import_and_wait(app, hr, training, "training")
    async with app.db.unit_of_work() as session:
        records = (await session.scalars(select(TrainingRecord))).all()
    assert sorted(r.completed_on for r in records) == [date(2026, 3, 1), date(2026, 4, 2)]


async def test_explicit_mapping_and_history(app: App) -> None:
    hr = await app.user_headers("hr")
    rows = [["员工编号", "全名"], ["E7", "孙七"]]
    body = await import_and_wait(
        app, hr, csv_bytes(rows), "people", mapping={"员工编号": "employee_no", "全名": "name"}
    )
    assert body["counts"]["people_created"] == 1
    history = await app.client.get("/api/v1/imports?limit=1", headers=hr)
    assert history.status_code == 200
    assert history.json()["items"][0]["id"] == body["id"]


async def test_only_hr_and_admin_may_import(app: App) -> None:
    for role in ("dept_head", "interviewer", "employee"):
        headers = await app.user_headers(role)
        response = await upload(app, headers, csv_bytes([["工号", "姓名"]]), "people")
        assert response.status_code == 403
    assert (await app.client.get("/api/v1/imports")).status_code == 401


async def test_people_import_sets_employment_dates_for_retention(app: App) -> None:
    hr = await app.user_headers("hr")
    rows = [
        ["工号", "姓名", "入职日期", "离职日期"],
        ["E1", "张三", "2025年3月1日", ""],
        ["E2", "李四", "2025-03-01", "2025/12/31"],
        ["E3", "王五", "2025-06-01", "2025-01-01"],
    ]
    body = await import_and_wait(app, hr, csv_bytes(rows), "people")
    assert (body["valid_rows"], body["error_count"]) == (2, 1)
    assert body["errors"] == [
        {
            "row": 4,
            "column": "离职日期",
            "message": "早于入职日期",  # in HR's own language (zh-CN by default)
            "code": "before-hiring",
            "params": {},
        }
    ]
    rows[1][3] = "2026-01-15"  # 张三 leaves: a re-import records it, the rest is unchanged
    again = await import_and_wait(app, hr, csv_bytes(rows), "people")
    assert (again["counts"]["people_updated"], again["counts"]["people_unchanged"]) == (1, 1)
    async with app.db.unit_of_work() as session:
        people = {
            p.employee_no: (p.hired_on, p.left_on)
            for p in (await session.scalars(select(Person))).all()
        }
    assert people == {
        "E1": (date(2025, 3, 1), date(2026, 1, 15)),
        "E2": (date(2025, 3, 1), date(2025, 12, 31)),
    }


async def test_large_import_in_many_batches_keeps_errors_in_row_order(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "BATCH_ROWS", 3)  # 10 rows: four batches written in turn
    hr = await app.user_headers("hr")
    rows: list[list[object]] = [
        ["employee_no", "name", "interviewed_at", "total_score", "dimension:logic"]
    ]
    for i in range(12):
        score = "bad" if i in (2, 9) else 50 + i
        rows.append([f"E{i % 5}", f"人{i}", f"2026-01-{i + 1:02d}", score, 40 + i])
    body = await import_and_wait(app, hr, csv_bytes(rows), "results")
    assert body["status"] == "succeeded", body
    assert (body["total_rows"], body["valid_rows"], body["processed_rows"]) == (12, 10, 10)
    assert [e["row"] for e in body["errors"]] == [4, 11]
    assert body["counts"]["results_created"] == 10
    assert await count(app, Person) == 5  # the same people across batches are created once
    assert await count(app, ResultDimension) == 10
    again = await import_and_wait(app, hr, csv_bytes(rows), "results")
    assert again["counts"]["results_unchanged"] == 10
    assert await count(app, ResultRevision) == 10
    # The same record twice, batches apart: created by the first, updated by the second.
    perf = [["工号", "周期", "指标", "数值"]]
    perf += [[f"E{i % 5}", f"2026-M{i}", "sales", i] for i in range(6)]
    perf += [["E0", "2026-M0", "sales", 99]]
    body = await import_and_wait(app, hr, csv_bytes(perf), "performance")
    assert (body["counts"]["performance_created"], body["counts"]["performance_updated"]) == (6, 1)
    async with app.db.unit_of_work() as session:
        values = (await session.scalars(select(PerformanceRecord.value))).all()
    assert sorted(values) == [1, 2, 3, 4, 5, 99]


async def test_upload_estimates_rows_of_an_xlsx_without_a_declared_size(app: App) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # writes no <dimension>: the rows are counted
    sheet = workbook.create_sheet()
    sheet.append(["工号", "姓名"])
    for i in range(25):
        sheet.append([f"E{i}", f"人{i}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    hr = await app.user_headers("hr")
    response = await upload(app, hr, buffer.getvalue(), "people", filename="people.xlsx")
    assert response.status_code == 202, response.text
    assert response.json()["total_rows"] == 25
    await app.run_jobs()
    assert await count(app, Person) == 25


def test_the_revision_snapshot_text_is_the_results_snapshot_shape() -> None:
    person, department = uuid.uuid4(), uuid.uuid4()
    at = datetime(2026, 3, 1, 1, 30, tzinfo=UTC)
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    values = {
        "person_id": person,
        "department_id": department,
        "position_id": None,
        "batch_id": None,
        "interviewed_at": at,
        "total_score": 87.5,
        "max_score": 100.0,
        "normalized_total": 87.5,
    }
    dims = [('风险"意识\\', 8.0, 10.0, 80.0), ("logic", 1e-05, 10.0, 0.0)]
    text = writing._snapshot('I-"1"', tuple(values.values()), dims, now)
    assert json.loads(text) == {
        "interview_id": 'I-"1"',
        "person_id": str(person),
        "department_id": str(department),
        "position_id": None,
        "batch_id": None,
        "interviewer_ids": [],
        "interviewer_emails": [],
        "interviewed_at": at.isoformat(),
        "total_score": 87.5,
        "max_score": 100.0,
        "normalized_total": 87.5,
        "dimensions": [
            {"code": c, "name": c, "score": s, "max_score": m, "normalized": n, "comment": None}
            for c, s, m, n in dims
        ],
        "comment": None,
        "suggestions": [],
        "recommendation": None,
        "status": "confirmed",
        "published": True,
        "flags": [],
        "source_updated_at": None,
        "imported_at": now.isoformat(),
    }
