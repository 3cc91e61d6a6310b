"""Gender and birth year: written by the people import and PATCH, stored apart, read only by
admins and auditors (audited), erased with the person."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from conftest import App
from imports.support import csv_bytes, import_and_wait, upload, xlsx_bytes
from scorebridge.audit.models import AuditEvent
from scorebridge.fairness.models import PersonAttributes
from scorebridge.fairness.service import erase_attributes
from scorebridge.organisation.models import Person


async def stored(app: App) -> dict[str, tuple[str | None, int | None]]:
    async with app.db.unit_of_work() as session:
        rows = await session.execute(
            select(Person.employee_no, PersonAttributes.gender, PersonAttributes.birth_year).join(
                PersonAttributes, PersonAttributes.person_id == Person.id
            )
        )
        return {number: (gender, year) for number, gender, year in rows}


async def test_people_import_takes_gender_and_birth_year_in_english_or_chinese(app: App) -> None:
    hr = await app.user_headers("hr")
    english = csv_bytes(
        [
            ["employee_no", "name", "gender", "birth_year"],
            ["E1", "甲", "female", 1990],
            ["E2", "乙", "M", "1985"],
            ["E3", "丙", "", ""],
        ]
    )
    job = await import_and_wait(app, hr, english, "people")
    assert job["status"] == "succeeded", job
    assert job["counts"]["attributes_created"] == 2
    chinese = xlsx_bytes(
        [
            ["工号", "姓名", "性别", "出生年份"],
            ["E3", "丙", "女", "1979年"],
            ["E4", "丁", "其他", 2001.0],
            ["E2", "乙", "", 1986],  # a blank cell keeps what is stored
        ]
    )
    job = await import_and_wait(app, hr, chinese, "people", filename="people.xlsx")
    assert job["status"] == "succeeded", job
    assert await stored(app) == {
        "E1": ("female", 1990),
        "E2": ("male", 1986),
        "E3": ("female", 1979),
        "E4": ("other", 2001),
    }
    again = await import_and_wait(app, hr, chinese, "people", filename="people.xlsx")
    assert "attributes_created" not in again["counts"]
    assert "attributes_updated" not in again["counts"]
    # the answers HR sees never hold the values (ids and timestamps aside: a
    # timestamp's microseconds can spell 1979)
    shown = str(
        {key: value for key, value in job.items() if key != "id" and not key.endswith("_at")}
    )
    assert "female" not in shown
    assert "1979" not in shown


async def test_bad_attribute_cells_are_reported_by_row_and_column(app: App) -> None:
    hr = await app.user_headers("hr")
    content = csv_bytes(
        [
            ["工号", "姓名", "性别", "出生年份"],
            ["E1", "甲", "unicorn", 1990],
            ["E2", "乙", "男", 1850],
            ["E3", "丙", "男", "nineteen"],
            ["E4", "丁", "男", 1990.5],
            ["E5", "戊", "男", datetime.now(UTC).year + 1],
        ]
    )
    response = await upload(app, hr, content, "people", dry_run=True)
    assert response.status_code == 200, response.text  # a dry run answers at once
    job = response.json()
    errors = {(e["row"], e["column"]) for e in job["errors"]}
    assert errors == {
        (2, "性别"),
        (3, "出生年份"),
        (4, "出生年份"),
        (5, "出生年份"),
        (6, "出生年份"),
    }
    assert job["valid_rows"] == 0
    assert await stored(app) == {}


async def person(app: App) -> uuid.UUID:
    async with app.db.unit_of_work() as session:
        row = Person(id=uuid.uuid4(), name="王芳", employee_no=f"E{uuid.uuid4().hex[:6]}")
        session.add(row)
        return row.id


async def test_patch_writes_them_apart_and_never_answers_them(app: App) -> None:
    hr = await app.user_headers("hr")
    person_id = await person(app)
    url = f"/api/v1/people/{person_id}"
    response = await app.client.patch(url, json={"gender": "女", "birth_year": 1991}, headers=hr)
    assert response.status_code == 200, response.text
    assert "gender" not in response.json()
    assert "1991" not in response.text
    async with app.db.unit_of_work() as session:
        row = await session.get(PersonAttributes, person_id)
        assert row is not None
        assert (row.gender, row.birth_year) == ("female", 1991)
        assert (await session.get(Person, person_id)) is not None
    # other fields and the attributes together; null clears one
    response = await app.client.patch(url, json={"name": "王芳芳", "birth_year": None}, headers=hr)
    assert response.status_code == 200
    assert response.json()["name"] == "王芳芳"
    async with app.db.unit_of_work() as session:
        row = await session.get(PersonAttributes, person_id)
        assert row is not None
        assert (row.gender, row.birth_year) == ("female", None)
        event = await session.scalar(
            select(AuditEvent)
            .where(AuditEvent.action == "person.updated", AuditEvent.target_id == str(person_id))
            .order_by(AuditEvent.at)
        )
        assert event is not None
        assert event.detail == {"fields": ["birth_year", "gender"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"gender": "unicorn"}, "gender"),
        ({"gender": 3}, "gender"),
        ({"birth_year": 1850}, "birth_year"),
        ({"birth_year": 3000}, "birth_year"),
        ({"birth_year": "soon"}, "birth_year"),
    ],
)
async def test_patch_refuses_bad_values_naming_the_field(
    app: App, body: dict[str, Any], field: str
) -> None:
    hr = await app.user_headers("hr")
    person_id = await person(app)
    response = await app.client.patch(f"/api/v1/people/{person_id}", json=body, headers=hr)
    assert response.status_code == 422
    assert {e["loc"][1] for e in response.json()["errors"]} == {field}
    async with app.db.unit_of_work() as session:
        assert await session.get(PersonAttributes, person_id) is None


async def test_only_admins_and_auditors_read_them_and_each_read_is_audited(app: App) -> None:
    admin = await app.user_headers("admin")
    person_id = await person(app)
    await app.client.patch(
        f"/api/v1/people/{person_id}", json={"gender": "other", "birth_year": 1970}, headers=admin
    )
    url = f"/api/v1/people/{person_id}/attributes"
    for role in ("admin", "auditor"):
        headers = await app.user_headers(role)
        body = (await app.client.get(url, headers=headers)).json()
        assert (body["gender"], body["birth_year"]) == ("other", 1970)
    for role in ("hr", "dept_head", "interviewer", "employee"):
        headers = await app.user_headers(role)
        assert (await app.client.get(url, headers=headers)).status_code == 403
    auditor = await app.user_headers("auditor")
    missing = await app.client.get(f"/api/v1/people/{uuid.uuid4()}/attributes", headers=auditor)
    assert missing.status_code == 404
    unknown = await app.client.get(
        f"/api/v1/people/{await person(app)}/attributes", headers=auditor
    )
    assert unknown.json()["gender"] is None
    assert unknown.json()["updated_at"] is None
    async with app.db.unit_of_work() as session:
        reads = (
            await session.scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "person.attributes.read",
                    AuditEvent.subject_person_id == person_id,
                )
            )
        ).all()
    assert len(reads) == 2
    assert all("1970" not in str(r.detail) for r in reads)


async def test_the_auditor_sees_no_person_and_no_result(app: App) -> None:
    auditor = await app.user_headers("auditor")
    person_id = await person(app)
    for path in ("/people", f"/people/{person_id}", "/results", f"/people/{person_id}/profile",
                 "/analytics/distribution", "/audit-events"):  # fmt: skip
        assert (await app.client.get("/api/v1" + path, headers=auditor)).status_code == 403, path
    patch = await app.client.patch(
        f"/api/v1/people/{person_id}", json={"gender": "male"}, headers=auditor
    )
    assert patch.status_code == 403
    menus = (await app.client.get("/api/v1/me/permissions", headers=auditor)).json()["menus"]
    assert "fairness" in menus
    assert "analytics" not in menus
    assert "people" not in menus


async def test_erase_attributes(app: App) -> None:
    admin = await app.user_headers("admin")
    person_id = await person(app)
    await app.client.patch(f"/api/v1/people/{person_id}", json={"gender": "male"}, headers=admin)
    async with app.db.unit_of_work() as session:
        assert await erase_attributes(session, person_id) is True
    async with app.db.unit_of_work() as session:
        assert await session.get(PersonAttributes, person_id) is None
        assert await erase_attributes(session, person_id) is False
