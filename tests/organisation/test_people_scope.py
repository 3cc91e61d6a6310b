"""Row-level scope of people: department heads see their departments (and below), masked."""

from __future__ import annotations

import uuid

from conftest import App
from scorebridge.organisation.models import Department, Person


async def org(app: App) -> dict[str, uuid.UUID]:
    async with app.db.unit_of_work() as session:
        sales = Department(code="sales", name="销售部")
        tech = Department(code="tech", name="技术部")
        session.add_all([sales, tech])
        await session.flush()
        east = Department(code="sales-east", name="华东销售", parent_id=sales.id)
        session.add(east)
        await session.flush()
        shanghai = Department(code="sales-east-sh", name="上海", parent_id=east.id)
        session.add(shanghai)
        await session.flush()
        people = {
            "alice": Person(
                name="Alice",
                email="alice@corp.example",
                phone="13812345678",
                employee_no="E1",
                department_id=sales.id,
            ),
            "bob": Person(
                name="Bob",
                email="bob@corp.example",
                phone="13900001111",
                employee_no="E2",
                department_id=east.id,
            ),
            "carol": Person(
                name="Carol",
                email="carol@corp.example",
                phone="13700002222",
                employee_no="E3",
                department_id=shanghai.id,
            ),
            "dave": Person(
                name="Dave",
                email="dave@corp.example",
                phone="13600003333",
                employee_no="E4",
                department_id=tech.id,
            ),
            "erin": Person(name="Erin", email="erin@corp.example", employee_no="E5"),
        }
        session.add_all(people.values())
        await session.flush()
        ids = {key: p.id for key, p in people.items()}
        ids |= {"sales": sales.id, "tech": tech.id, "east": east.id}
        return ids


async def test_dept_head_sees_own_tree_masked(app: App) -> None:
    ids = await org(app)
    head = await app.user_headers("dept_head", departments=[ids["sales"]])
    listed = await app.client.get("/api/v1/people", headers=head)
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert {p["name"] for p in items} == {"Alice", "Bob", "Carol"}
    alice = next(p for p in items if p["name"] == "Alice")
    assert alice["email"] == "a***@corp.example"
    assert alice["phone"] == "138****5678"
    assert "13812345678" not in listed.text
    assert "alice@corp.example" not in listed.text

    one = await app.client.get(f"/api/v1/people/{ids['carol']}", headers=head)
    assert one.status_code == 200
    assert one.json()["phone"] == "137****2222"
    for outside in ("dave", "erin"):
        response = await app.client.get(f"/api/v1/people/{ids[outside]}", headers=head)
        assert response.status_code == 404, outside
        assert response.headers["content-type"].startswith("application/problem+json")
    # Looking for someone outside the scope by search finds nothing either.
    found = await app.client.get("/api/v1/people", params={"q": "Dave"}, headers=head)
    assert found.json()["items"] == []
    # A head cannot write people.
    update = await app.client.patch(
        f"/api/v1/people/{ids['alice']}", json={"name": "X"}, headers=head
    )
    assert update.status_code == 403


async def test_sub_department_head_does_not_see_the_parent(app: App) -> None:
    ids = await org(app)
    head = await app.user_headers("dept_head", departments=[ids["east"]])
    items = (await app.client.get("/api/v1/people", headers=head)).json()["items"]
    assert {p["name"] for p in items} == {"Bob", "Carol"}
    assert (await app.client.get(f"/api/v1/people/{ids['alice']}", headers=head)).status_code == 404


async def test_head_of_two_departments_and_head_of_none(app: App) -> None:
    ids = await org(app)
    both = await app.user_headers("dept_head", departments=[ids["east"], ids["tech"]])
    items = (await app.client.get("/api/v1/people", headers=both)).json()["items"]
    assert {p["name"] for p in items} == {"Bob", "Carol", "Dave"}
    nothing = await app.user_headers("dept_head")
    assert (await app.client.get("/api/v1/people", headers=nothing)).json()["items"] == []
    response = await app.client.get(f"/api/v1/people/{ids['alice']}", headers=nothing)
    assert response.status_code == 404


async def test_scope_follows_the_tree_when_it_changes(app: App) -> None:
    ids = await org(app)
    head = await app.user_headers("dept_head", departments=[ids["sales"]])
    hr = await app.user_headers("hr")
    # Move tech under sales: its people come into the head's scope.
    response = await app.client.patch(
        f"/api/v1/departments/{ids['tech']}", json={"parent_id": str(ids["sales"])}, headers=hr
    )
    assert response.status_code == 200, response.text
    assert (await app.client.get(f"/api/v1/people/{ids['dave']}", headers=head)).status_code == 200


async def test_hr_sees_everyone_unmasked(app: App) -> None:
    ids = await org(app)
    hr = await app.user_headers("hr")
    items = (await app.client.get("/api/v1/people", headers=hr)).json()["items"]
    assert {p["name"] for p in items} == {"Alice", "Bob", "Carol", "Dave", "Erin"}
    dave = await app.client.get(f"/api/v1/people/{ids['dave']}", headers=hr)
    assert dave.json()["email"] == "dave@corp.example"
    assert dave.json()["phone"] == "13600003333"


async def test_employee_linked_to_a_person_cannot_list_people(app: App) -> None:
    ids = await org(app)
    employee = await app.user_headers("employee", person_id=ids["alice"])
    me = (await app.client.get("/api/v1/me", headers=employee)).json()
    assert me["person_id"] == str(ids["alice"])
    response = await app.client.get("/api/v1/people", headers=employee)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (
        await app.client.get(f"/api/v1/people/{ids['alice']}", headers=employee)
    ).status_code == 403


async def test_interviewer_sees_no_one_without_interviews(app: App) -> None:
    ids = await org(app)
    interviewer = await app.user_headers("interviewer", departments=[ids["sales"]])
    assert (await app.client.get("/api/v1/people", headers=interviewer)).json()["items"] == []
    response = await app.client.get(f"/api/v1/people/{ids['alice']}", headers=interviewer)
    assert response.status_code == 404
