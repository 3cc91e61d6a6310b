"""Quarterly analysis packs: XLSX with native charts, a PDF whose Chinese reads back, scope,
the quarterly job and who hears of it."""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import App
from scorebridge.reports import service
from scorebridge.talent.models import TrainingRecord
from standards.support import save_standard, seed


async def _ready(app: App) -> Any:
    seeded = await seed(app, people=90)
    await save_standard(app, seeded.position_id)
    hr = await app.user_headers("hr")
    await app.client.post(f"/api/v1/positions/{seeded.position_id}/standard/apply", headers=hr)
    async with app.db.unit_of_work() as session:
        for i, row in enumerate(seeded.results[:20]):
            session.add(
                TrainingRecord(
                    person_id=row["person"], course="沟通技巧", completed_on=date(2026, 2, 1 + i)
                )
            )
    await app.run_jobs()
    return seeded


async def _make(app: App, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await app.client.post(
        "/api/v1/reports", json={"period": "2026-Q1", **body}, headers=headers
    )
    assert response.status_code == 202, response.text
    await app.run_jobs()
    got = await app.client.get(f"/api/v1/reports/{response.json()['id']}", headers=headers)
    report: dict[str, Any] = got.json()
    return report


async def test_pack_as_xlsx_with_native_charts(app: App) -> None:
    await _ready(app)
    hr = await app.user_headers("hr")
    report = await _make(app, hr)
    assert report["status"] == "succeeded", report
    assert report["summary"]["positions"] == 1
    assert len(report["summary"]["answers"]) == 3
    download = await app.client.get(
        f"/api/v1/reports/{report['id']}/download", params={"format": "xlsx"}, headers=hr
    )
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["概览", "1 成绩分布", "2 绩效关联", "3 培训与短板"]
    for name in book.sheetnames[1:]:
        assert book[name]._charts, f"{name} has no chart"  # native Excel charts
    distribution = book["1 成绩分布"]
    assert distribution["A5"].value == "销售代表"
    assert distribution["B5"].value == 72  # confirmed results of the quarter (90 - 18 pending)
    links = [row for row in book["2 绩效关联"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert {row[0] for row in links} == {"销售业绩"}
    assert any(row[1] == "沟通能力" and row[7] == "是" for row in links)


async def test_pack_as_pdf_reads_back_in_chinese(app: App, tmp_path: Path) -> None:
    await _ready(app)
    hr = await app.user_headers("hr")
    report = await _make(app, hr)
    download = await app.client.get(
        f"/api/v1/reports/{report['id']}/download", params={"format": "pdf"}, headers=hr
    )
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    text, pages = _read_back(download.content, tmp_path)
    for phrase in ("AI 面试成绩季度分析报告", "问题一", "成绩分布是否合理", "销售代表", "沟通能力"):
        assert phrase in text, phrase
    assert pages == 4  # overview and one page per question


def _read_back(pdf: bytes, folder: Path) -> tuple[str, int]:
    """The PDF's text (pdftotext) and how many pages pdftoppm renders to PNG."""
    path = folder / "pack.pdf"
    path.write_bytes(pdf)
    assert shutil.which("pdftotext"), "poppler-utils is needed (make test installs it)"
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(folder / "page")], check=True)
    return text, len(list(folder.glob("page-*.png")))


async def test_english_pack_for_an_english_user(app: App) -> None:
    await _ready(app)
    email = f"hr-en-{uuid.uuid4().hex[:6]}@corp.example"
    user_id = await app.create_user(["hr"], email=email)
    from scorebridge.auth.models import User

    async with app.db.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        user.locale = "en"
    headers = await app.login(email)
    report = await _make(app, headers)
    assert report["locale"] == "en"
    download = await app.client.get(
        f"/api/v1/reports/{report['id']}/download", params={"format": "xlsx"}, headers=headers
    )
    assert load_workbook(io.BytesIO(download.content)).sheetnames[1] == "1 Distributions"


async def test_hostile_names_stay_text(app: App) -> None:
    seeded = await _ready(app)
    from scorebridge.organisation.models import Position

    async with app.db.unit_of_work() as session:
        position = await session.get(Position, seeded.position_id)
        assert position is not None
        position.name = '=HYPERLINK("http://evil.example","x")<b>粗</b>'
    hr = await app.user_headers("hr")
    report = await _make(app, hr)
    assert report["status"] == "succeeded", report["error"]
    download = await app.client.get(
        f"/api/v1/reports/{report['id']}/download", params={"format": "xlsx"}, headers=hr
    )
    cell = load_workbook(io.BytesIO(download.content))["1 成绩分布"]["A5"]
    assert cell.data_type == "s"
    assert str(cell.value).startswith("'=HYPERLINK")


@pytest.mark.parametrize(
    ("body", "status", "loc"),
    [
        ({"period": "2026-Q5"}, 422, ["body", "period"]),
        ({"period": "Q3-2026"}, 422, ["body", "period"]),
        ({"period": "2099-Q1"}, 422, ["body", "period"]),
        ({"period": "2026-Q1", "department_id": "not-a-uuid"}, 422, ["body", "department_id"]),
        ({"period": "2026-Q1", "department_id": str(uuid.uuid4())}, 404, None),
    ],
)
async def test_bad_requests(app: App, body: dict[str, Any], status: int, loc: Any) -> None:
    hr = await app.user_headers("hr")
    response = await app.client.post("/api/v1/reports", json=body, headers=hr)
    assert response.status_code == status, response.text
    if loc:
        assert loc in [e["loc"] for e in response.json()["errors"]]


async def test_scope_of_department_heads(app: App) -> None:
    seeded = await _ready(app)
    sales, back = seeded.departments["sales"], seeded.departments["back"]
    head = await app.user_headers("dept_head", departments=[sales])
    assert (
        await app.client.post("/api/v1/reports", json={"period": "2026-Q1"}, headers=head)
    ).status_code == 403
    other = await app.client.post(
        "/api/v1/reports", json={"period": "2026-Q1", "department_id": str(back)}, headers=head
    )
    assert other.status_code == 404
    mine = await _make(app, head, department_id=str(sales))
    assert mine["status"] == "succeeded"
    assert mine["department"]["code"] == "sales"
    hr = await app.user_headers("hr")
    theirs = await _make(app, hr, department_id=str(back))
    listed = (await app.client.get("/api/v1/reports", headers=head)).json()["items"]
    assert [r["id"] for r in listed] == [mine["id"]]
    hidden = await app.client.get(f"/api/v1/reports/{theirs['id']}/download", headers=head)
    assert hidden.status_code == 404
    for role in ("interviewer", "employee"):
        headers = await app.user_headers(role)
        assert (await app.client.get("/api/v1/reports", headers=headers)).status_code == 403


async def test_download_before_it_is_ready_is_409(app: App) -> None:
    hr = await app.user_headers("hr")
    response = await app.client.post("/api/v1/reports", json={"period": "2026-Q1"}, headers=hr)
    early = await app.client.get(f"/api/v1/reports/{response.json()['id']}/download", headers=hr)
    assert early.status_code == 409
    await app.run_jobs()


async def test_quarterly_job_makes_each_pack_once_and_tells_hr_and_heads(app: App) -> None:
    seeded = await _ready(app)
    hr = await app.user_headers("hr")
    head = await app.user_headers("dept_head", departments=[seeded.departments["sales"]])
    today = datetime(2026, 4, 2, 1, 0, tzinfo=UTC)
    made = await service.make_quarterly(app.db, app.settings, today)
    assert len(made) == 2  # the organisation and the sales department
    assert await service.make_quarterly(app.db, app.settings, today) == []
    await app.run_jobs()
    listed = (await app.client.get("/api/v1/reports", headers=hr)).json()["items"]
    automatic = [r for r in listed if r["automatic"]]
    assert {r["period"] for r in automatic} == {"2026-Q1"}
    assert all(r["status"] == "succeeded" for r in automatic)
    for headers, expected in ((hr, None), (head, "sales")):
        inbox = (await app.client.get("/api/v1/notifications", headers=headers)).json()["items"]
        ready = [n for n in inbox if n["kind"] == "report.ready"]
        assert len(ready) == 1, inbox
        assert "2026-Q1" in ready[0]["body"]
        report_id = ready[0]["data"]["report_id"]
        got = (await app.client.get(f"/api/v1/reports/{report_id}", headers=headers)).json()
        assert (got["department"] or {}).get("code") == expected
