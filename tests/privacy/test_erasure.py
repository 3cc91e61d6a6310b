"""Erasure: one transaction, pseudonym, contacts and raw bodies gone, scores kept, audit rows
pseudonymised, tombstones stop a later vendor message from re-creating the identity, and the
refusals (admin, caller, open request, twice)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from conftest import App
from scorebridge.intake.models import Delivery
from scorebridge.organisation.models import Person
from scorebridge.privacy.models import ErasureTombstone
from selfservice.support import auto_vendor, employee, hr, publish
from vendor_support import admin, results, send, standard_data

MINE = "/api/v1/me/privacy-requests"


def erase_url(person_id: str) -> str:
    return f"/api/v1/people/{person_id}/erase"


async def test_erasure_anonymises_and_a_later_vendor_update_does_not_recreate(app: App) -> None:
    me = await employee(app, "韩梅梅", phone="13900001111")
    await auto_vendor(app)
    first = standard_data(
        "iv-erase",
        candidate={"employee_no": me.employee_no, "external_id": "cand-7", "email": me.email},
        comment="韩梅梅表现很好",
    )
    assert (await send(app, first, slug="auto")).status_code == 202
    await app.run_jobs()
    [result] = [r["id"] for r in await results(app) if r["interview_id"] == "iv-erase"]
    await app.client.get(f"/api/v1/results/{result}", headers=await hr(app))

    assert (
        await app.client.post(erase_url(me.person_id), headers=await hr(app))
    ).status_code == 403
    erased = await app.client.post(erase_url(me.person_id), headers=await admin(app))
    assert erased.status_code == 200, erased.text
    pseudonym = f"已删除 #{uuid.UUID(me.person_id).hex[:8]}"
    assert erased.json()["name"] == pseudonym
    assert erased.json()["counts"]["raw_bodies"] == 1
    assert erased.json()["counts"]["tombstones"] == 3

    person = (
        await app.client.get(f"/api/v1/people/{me.person_id}", headers=await admin(app))
    ).json()
    assert person["name"] == pseudonym
    assert person["email"] is None
    assert person["phone"] is None
    assert person["employee_no"] is None
    kept = (await app.client.get(f"/api/v1/results/{result}", headers=await admin(app))).json()
    assert kept["total_score"] == 82
    assert kept["comment"] is None
    assert kept["person"]["name"] == pseudonym
    async with app.db.sessionmaker() as session:
        bodies = await session.scalars(select(func.length(Delivery.body)))
        assert set(bodies.all()) == {0}
        digests = (await session.scalars(select(ErasureTombstone.digest))).all()
        assert me.employee_no not in str(digests)
        assert me.email not in str(digests)
    # Its audit rows show the pseudonym; the account can no longer sign in.
    audit = await app.client.get("/api/v1/audit-events", headers=await admin(app))
    assert me.email not in audit.text
    assert pseudonym in audit.text
    actions = [e["action"] for e in audit.json()["items"]]
    assert "person.erased" in actions
    assert "auth.login" in actions

    login = await app.client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": me.email, "password": "Correct-Horse-2026"},
    )
    assert login.status_code == 401

    # The vendor updates the interview and sends a new one naming the old identifiers.
    for data in (
        standard_data(
            "iv-erase",
            candidate={"employee_no": me.employee_no, "name": "韩梅梅"},
            total_score=90,
            updated_at="2026-11-22T10:00:00Z",
        ),
        standard_data("iv-new", candidate={"external_id": "cand-7", "name": "韩梅梅"}),
        standard_data("iv-mail", candidate={"email": me.email.upper(), "name": "韩梅梅"}),
    ):
        assert (await send(app, data, slug="auto")).status_code == 202
    await app.run_jobs()
    async with app.db.sessionmaker() as session:
        names = (await session.scalars(select(Person.name))).all()
    assert "韩梅梅" not in names
    people = await app.client.get(
        "/api/v1/results", params={"person_id": me.person_id}, headers=await admin(app)
    )
    assert {r["interview_id"] for r in people.json()["items"]} == {"iv-erase", "iv-new", "iv-mail"}

    twice = await app.client.post(erase_url(me.person_id), headers=await admin(app))
    assert twice.status_code == 409
    assert twice.json()["reason"] == "already_erased"
    assert twice.json()["type"].endswith("not-erasable")


async def test_refusals_leave_everything_as_it_was(app: App) -> None:
    admin_headers = await admin(app)
    missing = await app.client.post(erase_url(str(uuid.uuid4())), headers=admin_headers)
    assert missing.status_code == 404
    malformed = await app.client.post(erase_url("not-a-uuid"), headers=admin_headers)
    assert malformed.status_code == 422

    # A person with an admin account.
    boss = await app.client.post(
        "/api/v1/people", json={"name": "老板", "employee_no": "B1"}, headers=admin_headers
    )
    await app.create_user(["admin"], person_id=uuid.UUID(boss.json()["id"]))
    refused = await app.client.post(erase_url(boss.json()["id"]), headers=admin_headers)
    assert refused.status_code == 409
    assert refused.json()["reason"] == "admin"

    # The caller's own person.
    own = await app.client.post(
        "/api/v1/people", json={"name": "自己", "employee_no": "S1"}, headers=admin_headers
    )
    await app.create_user(
        ["admin"], email="self@corp.example", person_id=uuid.UUID(own.json()["id"])
    )
    self_headers = await app.login("self@corp.example")
    mine = await app.client.post(erase_url(own.json()["id"]), headers=self_headers)
    assert mine.status_code == 409
    assert mine.json()["reason"] == "caller"

    # A person with an open request.
    me = await employee(app, "李雷")
    await app.client.post(MINE, json={"kind": "correction", "message": "改"}, headers=me.headers)
    pending = await app.client.post(erase_url(me.person_id), headers=admin_headers)
    assert pending.status_code == 409
    assert pending.json()["reason"] == "open_request"
    person = (await app.client.get(f"/api/v1/people/{me.person_id}", headers=admin_headers)).json()
    assert person["name"] == "李雷"
    assert person["employee_no"] == me.employee_no


async def test_a_deletion_request_erases_only_when_hr_confirms(app: App) -> None:
    me = await employee(app, "韩梅梅")
    await publish(app, me.employee_no)
    filed = await app.client.post(
        MINE, json={"kind": "deletion", "message": "请删除我的数据"}, headers=me.headers
    )
    request_id = filed.json()["id"]
    # Filing alone deletes nothing.
    person = (await app.client.get(f"/api/v1/people/{me.person_id}", headers=await hr(app))).json()
    assert person["name"] == "韩梅梅"
    declined = await app.client.post(
        MINE, json={"kind": "correction", "message": "另一件事"}, headers=me.headers
    )
    assert declined.status_code == 201
    # Another open request blocks the erasure: HR must answer it first (nothing changes).
    blocked = await app.client.post(
        f"/api/v1/privacy-requests/{request_id}/resolve",
        json={"resolution": "done", "note": "已确认"},
        headers=await hr(app),
    )
    assert blocked.status_code == 409
    assert blocked.json()["reason"] == "open_request"
    still = (await app.client.get("/api/v1/privacy-requests", headers=await hr(app))).json()
    assert {r["status"] for r in still["items"]} == {"open"}
    await app.client.post(
        f"/api/v1/privacy-requests/{declined.json()['id']}/resolve",
        json={"resolution": "declined", "note": "无需更正"},
        headers=await hr(app),
    )
    done = await app.client.post(
        f"/api/v1/privacy-requests/{request_id}/resolve",
        json={"resolution": "done", "note": "已确认删除"},
        headers=await hr(app),
    )
    assert done.status_code == 200, done.text
    assert done.json()["erased"] is True
    assert done.json()["message"] == ""
    person = (await app.client.get(f"/api/v1/people/{me.person_id}", headers=await hr(app))).json()
    assert person["name"].startswith("已删除 #")


async def test_erasure_forgets_gender_and_birth_year(app: App) -> None:
    me = await employee(app, "李雷")
    headers = await admin(app)
    patched = await app.client.patch(
        f"/api/v1/people/{me.person_id}",
        json={"gender": "male", "birth_year": 1990},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    erased = await app.client.post(erase_url(me.person_id), headers=headers)
    assert erased.status_code == 200, erased.text
    assert erased.json()["counts"]["sensitive_attributes"] == 1
    stored = await app.client.get(f"/api/v1/people/{me.person_id}/attributes", headers=headers)
    assert stored.status_code == 200, stored.text
    assert stored.json()["gender"] is None
    assert stored.json()["birth_year"] is None
