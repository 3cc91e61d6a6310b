"""Departments (a tree), positions, batches and people: create, get, list, update, conflicts."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from conftest import App

API = "/api/v1"


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    return body


def error_locs(response: httpx.Response) -> list[list[Any]]:
    return [e["loc"] for e in assert_problem(response, 422)["errors"]]


async def test_department_tree(app: App) -> None:
    hr = await app.user_headers("hr")
    c = app.client
    root = await c.post(f"{API}/departments", json={"code": "sales", "name": "销售部"}, headers=hr)
    assert root.status_code == 201, root.text
    root_id = root.json()["id"]
    assert root.json() == {"id": root_id, "code": "sales", "name": "销售部", "parent_id": None}
    child = await c.post(
        f"{API}/departments",
        json={"code": "sales-east", "name": "华东", "parent_id": root_id},
        headers=hr,
    )
    assert child.status_code == 201
    child_id = child.json()["id"]
    grandchild = await c.post(
        f"{API}/departments",
        json={"code": "sales-east-sh", "name": "上海", "parent_id": child_id},
        headers=hr,
    )
    grandchild_id = grandchild.json()["id"]

    got = await c.get(f"{API}/departments/{child_id}", headers=hr)
    assert got.json()["parent_id"] == root_id
    listed = (await c.get(f"{API}/departments", headers=hr)).json()
    assert [d["code"] for d in listed["items"]] == ["sales", "sales-east", "sales-east-sh"]
    assert listed["next_cursor"] is None

    # The parent must exist.
    missing_parent = await c.post(
        f"{API}/departments",
        json={"code": "orphans", "name": "x", "parent_id": str(uuid.uuid4())},
        headers=hr,
    )
    assert error_locs(missing_parent) == [["body", "parent_id"]]
    # No cycles: not under itself, not under a descendant.
    for new_parent in (root_id, child_id, grandchild_id):
        response = await c.patch(
            f"{API}/departments/{root_id}", json={"parent_id": new_parent}, headers=hr
        )
        assert error_locs(response) == [["body", "parent_id"]], new_parent
    # Moving a leaf elsewhere in the tree, then to the top, is fine.
    moved = await c.patch(
        f"{API}/departments/{grandchild_id}", json={"parent_id": root_id}, headers=hr
    )
    assert moved.status_code == 200
    assert moved.json()["parent_id"] == root_id
    top = await c.patch(f"{API}/departments/{grandchild_id}", json={"parent_id": None}, headers=hr)
    assert top.json()["parent_id"] is None
    unknown = await c.patch(
        f"{API}/departments/{child_id}", json={"parent_id": str(uuid.uuid4())}, headers=hr
    )
    assert error_locs(unknown) == [["body", "parent_id"]]
    assert (await c.get(f"{API}/departments/{child_id}", headers=hr)).json()["parent_id"] == root_id


async def test_duplicate_codes_are_409_naming_the_field(app: App) -> None:
    hr = await app.user_headers("hr")
    c = app.client
    for path, extra in (("departments", {}), ("positions", {}), ("batches", {})):
        first = await c.post(
            f"{API}/{path}", json={"code": "same", "name": "A"} | extra, headers=hr
        )
        assert first.status_code == 201, first.text
        again = await c.post(f"{API}/{path}", json={"code": "same", "name": "B"}, headers=hr)
        body = assert_problem(again, 409)
        assert body["field"] == "code"
        assert "same" in body["detail"]
        other = await c.post(f"{API}/{path}", json={"code": "other", "name": "C"}, headers=hr)
        renamed = await c.patch(
            f"{API}/{path}/{other.json()['id']}", json={"code": "same"}, headers=hr
        )
        assert assert_problem(renamed, 409)["field"] == "code"
        # The failed rename left the row as it was.
        kept = await c.get(f"{API}/{path}/{other.json()['id']}", headers=hr)
        assert kept.json()["code"] == "other"


async def test_positions_and_batches(app: App) -> None:
    hr = await app.user_headers("hr")
    c = app.client
    dept = (await c.post(f"{API}/departments", json={"code": "d", "name": "D"}, headers=hr)).json()
    position = await c.post(
        f"{API}/positions",
        json={"code": "sales-rep", "name": "销售代表", "department_id": dept["id"]},
        headers=hr,
    )
    assert position.status_code == 201
    pos = position.json()
    assert pos["department_id"] == dept["id"]
    batch = await c.post(
        f"{API}/batches",
        json={"code": "2026-spring", "name": "2026 春招", "position_id": pos["id"]},
        headers=hr,
    )
    assert batch.status_code == 201
    assert batch.json()["position_id"] == pos["id"]
    assert (await c.get(f"{API}/batches/{batch.json()['id']}", headers=hr)).json() == batch.json()

    bad_dept = await c.post(
        f"{API}/positions",
        json={"code": "x", "name": "x", "department_id": str(uuid.uuid4())},
        headers=hr,
    )
    assert error_locs(bad_dept) == [["body", "department_id"]]
    bad_pos = await c.post(
        f"{API}/batches",
        json={"code": "x", "name": "x", "position_id": str(uuid.uuid4())},
        headers=hr,
    )
    assert error_locs(bad_pos) == [["body", "position_id"]]

    patched = await c.patch(
        f"{API}/positions/{pos['id']}", json={"name": "高级销售代表"}, headers=hr
    )
    assert patched.status_code == 200
    assert patched.json() == pos | {"name": "高级销售代表"}
    searched = await c.get(f"{API}/positions", params={"q": "高级"}, headers=hr)
    assert [p["id"] for p in searched.json()["items"]] == [pos["id"]]


async def test_people_create_update_and_conflicts(app: App) -> None:
    hr = await app.user_headers("hr")
    c = app.client
    created = await c.post(
        f"{API}/people",
        json={
            "name": "张三",
            "email": "zhang@corp.example",
            "phone": "13812345678",
            "employee_no": "E1001",
        },
        headers=hr,
    )
    assert created.status_code == 201, created.text
    person = created.json()
    assert {k: person[k] for k in ("name", "email", "phone", "employee_no")} == {
        "name": "张三",
        "email": "zhang@corp.example",
        "phone": "13812345678",
        "employee_no": "E1001",
    }
    uuid.UUID(person["id"])

    dup = await c.post(f"{API}/people", json={"name": "李四", "employee_no": "E1001"}, headers=hr)
    assert assert_problem(dup, 409)["field"] == "employee_no"
    # No employee number twice is fine (it is unique only when given).
    for _ in range(2):
        assert (
            await c.post(f"{API}/people", json={"name": "无工号"}, headers=hr)
        ).status_code == 201

    bad = await c.post(f"{API}/people", json={"name": "王五", "email": "not-an-email"}, headers=hr)
    assert ["body", "email"] in error_locs(bad)
    bad_many = await c.post(
        f"{API}/people", json={"name": "", "email": "x@", "phone": "call me"}, headers=hr
    )
    assert sorted(map(tuple, error_locs(bad_many))) == [
        ("body", "email"),
        ("body", "name"),
        ("body", "phone"),
    ]
    bad_dept = await c.post(
        f"{API}/people", json={"name": "赵六", "department_id": str(uuid.uuid4())}, headers=hr
    )
    assert error_locs(bad_dept) == [["body", "department_id"]]

    patched = await c.patch(
        f"{API}/people/{person['id']}",
        json={"phone": "+86 139 0000 1111", "hired_on": "2026-03-01"},
        headers=hr,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["phone"] == "+86 139 0000 1111"
    assert patched.json()["hired_on"] == "2026-03-01"
    assert patched.json()["email"] == "zhang@corp.example"
    got = (await c.get(f"{API}/people/{person['id']}", headers=hr)).json()
    assert got == patched.json()

    other = await c.post(f"{API}/people", json={"name": "李四", "employee_no": "E2"}, headers=hr)
    clash = await c.patch(
        f"{API}/people/{other.json()['id']}", json={"employee_no": "E1001"}, headers=hr
    )
    assert assert_problem(clash, 409)["field"] == "employee_no"
    empty_name = await c.patch(f"{API}/people/{person['id']}", json={"name": None}, headers=hr)
    assert error_locs(empty_name) == [["body", "name"]]


async def test_unknown_and_malformed_ids(app: App) -> None:
    hr = await app.user_headers("hr")
    for path in ("departments", "positions", "batches", "people"):
        missing = await app.client.get(f"{API}/{path}/{uuid.uuid4()}", headers=hr)
        assert_problem(missing, 404)
        patch = await app.client.patch(
            f"{API}/{path}/{uuid.uuid4()}", json={"name": "x"}, headers=hr
        )
        assert_problem(patch, 404)
        malformed = await app.client.get(f"{API}/{path}/not-a-uuid", headers=hr)
        assert error_locs(malformed) == [["path", "row_id"]]


async def test_writes_are_audited(app: App) -> None:
    hr_id = await app.create_user(["hr"], email="hr@corp.example")
    hr = await app.login("hr@corp.example")
    person = (await app.client.post(f"{API}/people", json={"name": "张三"}, headers=hr)).json()
    await app.client.patch(f"{API}/people/{person['id']}", json={"name": "张三丰"}, headers=hr)
    events = await app.client.get(
        "/api/v1/audit-events", params={"person_id": person["id"]}, headers=hr
    )
    items = events.json()["items"]
    assert [e["action"] for e in items] == ["person.updated", "person.created"]
    assert all(e["actor_id"] == str(hr_id) for e in items)
    assert items[0]["detail"] == {"fields": ["name"]}
