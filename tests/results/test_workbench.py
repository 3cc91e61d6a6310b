"""HR workbench: review transitions, all-or-nothing bulk review, export, counts, profile, audit."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from conftest import App
from vendor_support import admin, create_vendor, results, send, standard_data

SALES = {"code": "sales", "name": "销售部"}


async def _three_results(app: App) -> list[dict[str, Any]]:
    await create_vendor(app)
    for n in range(3):
        response = await send(app, standard_data(
            f"wb-{n}", department=SALES, total_score=70 + n * 10,
            candidate={"employee_no": f"W{n}", "name": f"候选人{n}"},
            interviewed_at=f"2026-0{n + 1}-10T02:00:00Z",
        ))  # fmt: skip
        assert response.status_code == 202, response.text
    await app.run_jobs()
    rows = await results(app, sort="interviewed_at")
    assert len(rows) == 3
    return rows


async def test_review_transitions_and_history(app: App) -> None:
    rows = await _three_results(app)
    hr = await app.user_headers("hr")
    first = rows[0]["id"]
    confirmed = await app.client.post(
        f"/api/v1/results/{first}/review",
        json={"action": "confirm", "note": "符合要求"},
        headers=hr,
    )
    assert confirmed.status_code == 200, confirmed.text
    body = confirmed.json()
    assert body["status"] == "confirmed"
    assert body["published"] is True
    assert body["reviewed_at"]

    again = await app.client.post(
        f"/api/v1/results/{first}/review", json={"action": "reject"}, headers=hr
    )
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert "confirmed" in again.json()["detail"]

    unknown = await app.client.post(
        f"/api/v1/results/{first}/review", json={"action": "approve"}, headers=hr
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "action"]

    history = await app.client.get(f"/api/v1/results/{first}/reviews", headers=hr)
    assert [(h["from_status"], h["to_status"], h["note"]) for h in history.json()] == [
        ("pending_review", "confirmed", "符合要求")
    ]


async def test_bulk_review_is_all_or_nothing(app: App) -> None:
    rows = await _three_results(app)
    hr = await app.user_headers("hr")
    ids = [r["id"] for r in rows]
    missing = "00000000-0000-4000-8000-000000000000"
    refused = await app.client.post(
        "/api/v1/results/review", json={"ids": [ids[0], missing], "action": "confirm"}, headers=hr
    )
    assert refused.status_code == 404
    assert {r["status"] for r in await results(app)} == {"pending_review"}

    ok = await app.client.post(
        "/api/v1/results/review", json={"ids": ids[:2], "action": "confirm"}, headers=hr
    )
    assert ok.status_code == 200, ok.text
    assert [r["status"] for r in ok.json()["items"]] == ["confirmed", "confirmed"]

    # One already confirmed in the batch: 409 and the pending one stays pending.
    conflict = await app.client.post(
        "/api/v1/results/review", json={"ids": [ids[2], ids[0]], "action": "return"}, headers=hr
    )
    assert conflict.status_code == 409
    assert conflict.json()["current_status"] == {ids[0]: "confirmed"}
    statuses = {r["id"]: r["status"] for r in await results(app)}
    assert statuses[ids[2]] == "pending_review"

    counts = await app.client.get("/api/v1/results/counts", headers=hr)
    assert counts.json() == {
        "pending_review": 1,
        "confirmed": 2,
        "returned": 0,
        "rejected": 0,
        "total": 3,
    }

    for role in ("dept_head", "interviewer"):
        headers = await app.user_headers(role)
        denied = await app.client.post(
            "/api/v1/results/review", json={"ids": ids[2:], "action": "confirm"}, headers=headers
        )
        assert denied.status_code == 403
    employee = await app.user_headers("employee")
    assert (await app.client.get("/api/v1/results/counts", headers=employee)).status_code == 403


async def test_export_csv_and_xlsx_with_dimension_columns_and_audit(app: App) -> None:
    await _three_results(app)
    hr = await app.user_headers("hr")
    response = await app.client.get("/api/v1/results/export?format=csv", headers=hr)
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][0] == "姓名"
    assert any("沟通能力" in column for column in table[0])
    assert len(table) == 4
    assert {row[0] for row in table[1:]} == {"候选人0", "候选人1", "候选人2"}

    filtered = await app.client.get(
        "/api/v1/results/export", params={"format": "xlsx", "min_total": 85}, headers=hr
    )
    assert filtered.status_code == 200
    sheet = load_workbook(io.BytesIO(filtered.content), read_only=True).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][0] == "候选人2"

    bad = await app.client.get("/api/v1/results/export?format=pdf", headers=hr)
    assert bad.status_code == 422
    dept_head = await app.user_headers("dept_head")
    assert (await app.client.get("/api/v1/results/export", headers=dept_head)).status_code == 403

    events = await app.client.get(
        "/api/v1/audit-events", params={"action": "results.exported"}, headers=hr
    )
    assert len(events.json()["items"]) == 2


async def test_profile_shows_confirmed_results_and_is_audited(app: App) -> None:
    rows = await _three_results(app)
    hr = await app.user_headers("hr")
    await app.client.post(
        "/api/v1/results/review", json={"ids": [rows[0]["id"]], "action": "confirm"}, headers=hr
    )
    person_id = rows[0]["person"]["id"]
    profile = await app.client.get(f"/api/v1/people/{person_id}/profile", headers=hr)
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert [r["id"] for r in body["results"]] == [rows[0]["id"]]
    assert body["total_trend"][0]["value"] == rows[0]["normalized_total"]
    assert body["dimension_trends"]
    assert body["performance"] == []

    events = await app.client.get(
        "/api/v1/audit-events",
        params={"action": "profile.read", "person_id": person_id},
        headers=hr,
    )
    assert len(events.json()["items"]) == 1
    missing = await app.client.get(
        "/api/v1/people/00000000-0000-4000-8000-000000000000/profile", headers=hr
    )
    assert missing.status_code == 404
    employee = await app.user_headers("employee")
    denied = await app.client.get(f"/api/v1/people/{person_id}/profile", headers=employee)
    assert denied.status_code == 403


async def test_list_reads_are_audited_with_filters(app: App) -> None:
    await _three_results(app)
    hr = await app.user_headers("hr")
    await app.client.get("/api/v1/results", params={"status": "pending_review"}, headers=hr)
    events = await app.client.get(
        "/api/v1/audit-events", params={"action": "results.listed"}, headers=await admin(app)
    )
    details = [e["detail"]["filters"] for e in events.json()["items"]]
    assert {"status": "pending_review"} in details


async def test_export_keeps_formula_like_text_as_text(app: App) -> None:
    await create_vendor(app)
    await send(app, standard_data("inj", comment="=HYPERLINK(\"http://evil\")",
                                  candidate={"employee_no": "X9", "name": "@SUM(A1)"}))  # fmt: skip
    await app.run_jobs()
    hr = await app.user_headers("hr")
    response = await app.client.get("/api/v1/results/export?format=xlsx", headers=hr)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["A2"].value == "'@SUM(A1)"
    assert sheet["A2"].data_type == "s"
    assert str(sheet["L2"].value).startswith("'=")


async def test_batch_figures_count_what_the_caller_reads(app: App) -> None:
    await create_vendor(app)
    for n, (dept, when) in enumerate(
        (("sales", "2026-03-02T09:00:00Z"), ("sales", "2026-04-20T09:00:00Z"), ("tech", None))
    ):
        data = standard_data(
            f"batch-{n}", department={"code": dept, "name": dept}, interviewed_at=when
        )
        assert (await send(app, data)).status_code == 202
    await app.run_jobs()
    headers = await admin(app)
    first = (await results(app))[0]
    reviewed = await app.client.post(
        f"/api/v1/results/{first['id']}/review", json={"action": "confirm"}, headers=headers
    )
    assert reviewed.status_code == 200, reviewed.text

    answer = await app.client.get("/api/v1/results/batches", headers=headers)
    assert answer.status_code == 200, answer.text
    [batch] = answer.json()
    assert batch["batch_id"] == first["batch"]["id"]
    assert (batch["results"], batch["pending_review"]) == (3, 2)
    assert batch["first_interviewed_at"].startswith("2026-03-02T09:00:00")
    assert batch["last_interviewed_at"].startswith("2026-04-20T09:00:00")

    departments = await app.client.get("/api/v1/departments", headers=headers)
    tech = next(d["id"] for d in departments.json()["items"] if d["code"] == "tech")
    head = await app.user_headers("dept_head", departments=[tech])
    [scoped] = (await app.client.get("/api/v1/results/batches", headers=head)).json()
    assert scoped["results"] == 1
    assert scoped["first_interviewed_at"] is None
    employee = await app.user_headers("employee")
    assert (await app.client.get("/api/v1/results/batches", headers=employee)).status_code == 403
