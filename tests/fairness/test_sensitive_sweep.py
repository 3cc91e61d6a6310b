"""Gender and birth year never leave their endpoints: every GET endpoint of the OpenAPI
description, asked as each role (admin, hr, dept_head, interviewer, employee, auditor, an
integration client with every scope), over data whose attribute values are distinctive
(everyone born in 1919, women and men). The values appear only to admins and auditors, and
only on the endpoints meant for them."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from typing import Any

import pytest

from conftest import App
from fairness.support import client_headers
from imports.support import csv_bytes, import_and_wait
from scorebridge.auth.permissions import CLIENT_SCOPES
from selfservice.support import publish

YEAR = "1919"
# Values, not field names: an audit event may name the fields that were changed.
LEAKS = [
    re.compile(r"female", re.IGNORECASE),
    re.compile(r"\bmale\b", re.IGNORECASE),
    re.compile(r"(?<![0-9A-Za-z.\-])" + YEAR + r"(?![0-9A-Za-z])"),
    re.compile(r"50_plus"),
    re.compile(r"[男女]"),
]
MEANT_FOR_AUDITORS = {
    "/api/v1/people/{person_id}/attributes",
    "/api/v1/analytics/adverse-impact",
    "/api/v1/analytics/adverse-impact/report",
    "/api/v1/analytics/adverse-impact/positions",
    "/api/v1/notifications",  # the fairness alert, sent to admins and auditors only
    "/api/v1/me/data",  # a copy of everything held about me: my notifications too
}
PRIVILEGED = {"admin", "auditor"}
SKIP = {"/api/v1/notifications/stream"}  # a stream that never ends (its events: notifications)


def leaked(text: str) -> list[str]:
    return [pattern.pattern for pattern in LEAKS if pattern.search(text)]


def readable(content: bytes, content_type: str) -> str:
    if "spreadsheetml" in content_type:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


async def seed(app: App) -> dict[str, Any]:
    hr = await app.user_headers("hr")
    people = [["工号", "姓名", "部门", "性别", "出生年份"]]
    results = [["工号", "部门", "岗位", "批次", "面试时间", "总分", "维度:risk"]]
    performance = [["工号", "周期", "指标", "数值"]]
    for i in range(24):
        female = i % 2 == 0
        people.append([f"S{i:02d}", f"人{i:02d}", "sales", "女" if female else "male", YEAR])
        score = 40 + i if female else 70 + i
        results.append([f"S{i:02d}", "sales", "rep", "spring", "2025-05-01 10:00", score, score])
        performance.append([f"S{i:02d}", "2025-H1", "业绩", 50 + i])
    imported = await import_and_wait(app, hr, csv_bytes(people), "people")
    assert imported["status"] == "succeeded", imported
    for kind, rows in (("results", results), ("performance", performance)):
        done = await import_and_wait(app, hr, csv_bytes(rows), kind)
        assert done["status"] == "succeeded", done
    listed = (await app.client.get("/api/v1/people", params={"q": "S00"}, headers=hr)).json()
    person_id = listed["items"][0]["id"]
    admin = await app.user_headers("admin")
    patched = await app.client.patch(
        f"/api/v1/people/{person_id}", json={"gender": "female", "birth_year": 1919}, headers=admin
    )
    assert patched.status_code == 200
    result_id = await publish(app, "S00")  # a vendor result, published to the employee
    await app.run_jobs()  # the watch after the imports: the position is flagged
    ids: dict[str, Any] = {
        "person_id": person_id,
        "result_id": result_id,
        "import_id": imported["id"],
    }
    for path, key in (("/departments", "dep"), ("/positions", "pos"), ("/batches", "bat")):
        ids[key] = (await app.client.get("/api/v1" + path, headers=hr)).json()["items"][0]["id"]
    return ids


def fill(path: str, ids: dict[str, Any], users: dict[str, str]) -> str:
    prefix = {"departments": "dep", "positions": "pos", "batches": "bat", "people": "person_id"}
    first = path.split("/")[3]
    values = {
        "row_id": ids[prefix.get(first, "person_id")],
        "person_id": ids["person_id"],
        "result_id": ids["result_id"],
        "import_id": ids["import_id"],
        "user_id": users["employee"],
        "slug": "auto",
        "feedback_id": ids.get("feedback_id", uuid.uuid4()),
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), uuid.uuid4())), path)


def variants(path: str, ids: dict[str, Any]) -> list[dict[str, Any]]:
    if path == "/api/v1/analytics/adverse-impact/positions":
        return [{"attribute": a} for a in ("gender", "age_band")]
    if path.startswith("/api/v1/analytics/adverse-impact"):
        return [{"position_id": ids["pos"], "attribute": a} for a in ("gender", "age_band")]
    if path == "/api/v1/results/export":
        return [{"format": "csv"}, {"format": "xlsx"}]
    if path in ("/api/v1/analytics/correlation", "/api/v1/analytics/vendor-quality"):
        return [{"outcome": "业绩"}]
    if path == "/api/v1/analytics/threshold":
        return [{"outcome": "业绩", "threshold": 50}]
    if path == "/api/v1/analytics/retention":
        return [{"threshold": 50}]
    if path == "/api/v1/results":
        return [{}, {"q": "人00"}]
    return [{}]


async def test_attribute_values_appear_only_to_admins_and_auditors_where_meant(app: App) -> None:
    users: dict[str, str] = {}
    headers: dict[str, dict[str, str]] = {}
    emails: dict[str, str] = {}
    for role in ("admin", "hr", "dept_head", "interviewer", "auditor"):
        emails[role] = f"{role}-{uuid.uuid4().hex[:6]}@corp.example"
        users[role] = str(await app.create_user([role], email=emails[role]))
    ids = await seed(app)  # its imports are watched: the admin and the auditor are alerted
    grants = {"roles": ["dept_head"], "department_ids": [ids["dep"]]}
    granted = await app.client.put(
        f"/api/v1/users/{users['dept_head']}/grants",
        json=grants,
        headers=await app.login(emails["admin"]),
    )
    assert granted.status_code == 200
    for role, email in emails.items():
        headers[role] = await app.login(email)
    email = f"employee-{uuid.uuid4().hex[:6]}@corp.example"
    users["employee"] = str(
        await app.create_user(["employee"], email=email, person_id=uuid.UUID(ids["person_id"]))
    )
    headers["employee"] = await app.login(email)
    feedback = await app.client.post(
        "/api/v1/feedback",
        json={"result_id": ids["result_id"], "message": "为什么?"},
        headers=headers["employee"],
    )
    assert feedback.status_code == 201, feedback.text
    ids["feedback_id"] = feedback.json()["id"]
    headers["client"] = await client_headers(app, sorted(CLIENT_SCOPES))
    spec = (await app.client.get("/api/v1/openapi.json")).json()
    paths = [p for p, ops in spec["paths"].items() if "get" in ops and p not in SKIP]
    assert "/api/v1/people/{person_id}/attributes" in paths
    assert len(paths) > 50

    seen_by: dict[str, set[str]] = {}
    answered: dict[str, int] = {}
    for who, header in headers.items():
        for path in paths:
            for params in variants(path, ids):
                url = fill(path, ids, users)
                response = await app.client.get(url, params=params, headers=header)
                assert response.status_code < 500, (who, url, response.text)
                answered[who] = answered.get(who, 0) + (response.status_code == 200)
                found = leaked(readable(response.content, response.headers.get("content-type", "")))
                if not found:
                    continue
                assert (who in PRIVILEGED, path in MEANT_FOR_AUDITORS) == (True, True), (
                    who,
                    url,
                    found,
                )
                seen_by.setdefault(path, set()).add(who)
    assert answered["hr"] >= 40
    assert answered["admin"] >= 55
    assert answered["client"] >= 25
    assert answered["dept_head"] >= 25
    assert answered["employee"] >= 10
    # and they are there, for admins and auditors, where meant
    assert seen_by["/api/v1/people/{person_id}/attributes"] == PRIVILEGED
    assert seen_by["/api/v1/analytics/adverse-impact"] == PRIVILEGED
    assert seen_by["/api/v1/analytics/adverse-impact/report"] == PRIVILEGED
    assert seen_by["/api/v1/analytics/adverse-impact/positions"] == PRIVILEGED
    assert seen_by["/api/v1/notifications"] == PRIVILEGED


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_exports_carry_no_attribute_columns(app: App, fmt: str) -> None:
    ids = await seed(app)
    assert ids["person_id"]
    hr = await app.user_headers("hr")
    response = await app.client.get("/api/v1/results/export", params={"format": fmt}, headers=hr)
    text = readable(response.content, response.headers["content-type"])
    assert "人00" in text
    assert leaked(text) == []
    assert "性别" not in text
    assert "出生" not in text
