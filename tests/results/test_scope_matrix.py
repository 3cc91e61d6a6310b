"""Who may do what to which result: role × action × scope, checking status codes and exact rows.

The world (built fresh for every test):

* departments ``hq`` → ``sales`` → ``sales-east`` and ``hq`` → ``tech``;
* people ``S`` (in sales), ``E`` (in sales-east), ``T`` (in tech);
* results ``s1`` (S, sales, interviewer listed, confirmed), ``s_tech`` (S, but a tech interview,
  confirmed), ``e1`` (E, sales-east, pending), ``t1`` (T, tech, interviewer listed, confirmed),
  ``x1`` (T, no department, pending).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import pytest

from conftest import App
from vendor_support import admin, create_vendor, send, standard_data

API = "/api/v1"
ALL = {"s1", "s_tech", "e1", "t1", "x1"}
CALLERS = ["admin", "hr", "head_sales", "head_tech", "interviewer", "employee", "client"]

# What GET /results answers for each caller: a set of interview ids, or a status code.
VISIBLE: dict[str, set[str] | int] = {
    "admin": ALL,
    "hr": ALL,
    "head_sales": {"s1", "e1"},  # sales and its sub-department
    "head_tech": {"s_tech", "t1"},
    "interviewer": {"s1", "t1"},
    "employee": 403,
    "client": ALL,
}
REVIEWERS = {"admin", "hr"}
SEES_EVERYTHING = {"admin", "hr", "client"}

PEOPLE = {
    "S": {"name": "赵销售", "employee_no": "S-001", "dept": "sales", "phone": "13812345678"},
    "E": {"name": "钱华东", "employee_no": "E-001", "dept": "sales-east", "phone": "13987654321"},
    "T": {"name": "孙技术", "employee_no": "T-001", "dept": "tech", "phone": "13700001111"},
}
IV_EMAIL = "matrix-iv@corp.example"
# interview id → (person, department code or None, listed interviewer?, confirmed?)
RESULTS: dict[str, tuple[str, str | None, bool, bool]] = {
    "s1": ("S", "sales", True, True),
    "s_tech": ("S", "tech", False, True),
    "e1": ("E", "sales-east", False, False),
    "t1": ("T", "tech", True, True),
    "x1": ("T", None, False, False),
}


@dataclass
class World:
    departments: dict[str, str]
    people: dict[str, dict[str, Any]]
    results: dict[str, str]  # interview id → result id
    names: dict[str, str] = field(default_factory=dict)  # result id → interview id


async def _world(app: App) -> World:
    headers = await admin(app)
    post = app.client.post
    departments: dict[str, str] = {}
    for code, parent in (("hq", None), ("sales", "hq"), ("sales-east", "sales"), ("tech", "hq")):
        body = {"code": code, "name": code.upper(), "parent_id": departments.get(parent or "")}
        response = await post(f"{API}/departments", json=body, headers=headers)
        assert response.status_code == 201, response.text
        departments[code] = response.json()["id"]
    people: dict[str, dict[str, Any]] = {}
    for key, spec in PEOPLE.items():
        body = {
            "name": spec["name"],
            "employee_no": spec["employee_no"],
            "email": f"{spec['employee_no'].lower()}@mail.example",
            "phone": spec["phone"],
            "department_id": departments[spec["dept"]],
        }
        response = await post(f"{API}/people", json=body, headers=headers)
        assert response.status_code == 201, response.text
        people[key] = response.json()
    await create_vendor(app)
    await app.create_user(["interviewer"], email=IV_EMAIL)
    for n, (interview_id, (person, dept, listed, _)) in enumerate(RESULTS.items()):
        data = standard_data(
            interview_id,
            candidate={"employee_no": PEOPLE[person]["employee_no"]},
            department={"code": dept, "name": dept.upper()} if dept else None,
            position=None,
            batch=None,
            interviewers=[{"email": IV_EMAIL}] if listed else [],
            interviewed_at=f"2026-0{n + 1}-01T00:00:00Z",
            total_score=60 + n * 5,
        )
        response = await send(app, data)
        assert response.status_code == 202, response.text
    await app.run_jobs()
    listed = await app.client.get(f"{API}/results", headers=headers)
    assert listed.status_code == 200, listed.text
    results = {r["interview_id"]: r["id"] for r in listed.json()["items"]}
    assert set(results) == ALL
    confirm = [results[i] for i, spec in RESULTS.items() if spec[3]]
    response = await post(
        f"{API}/results/review", json={"ids": confirm, "action": "confirm"}, headers=headers
    )
    assert response.status_code == 200, response.text
    return World(departments, people, results, {v: k for k, v in results.items()})


async def _client_headers(app: App, scopes: list[str]) -> dict[str, str]:
    created = await app.client.post(
        f"{API}/integration-clients",
        json={"name": "HRIS 同步", "scopes": scopes},
        headers=await admin(app),
    )
    assert created.status_code == 201, created.text
    body = created.json()
    token = await app.client.post(
        f"{API}/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": body["client_id"],
            "client_secret": body["client_secret"],
        },
    )
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def _caller(app: App, world: World, who: str) -> dict[str, str]:
    if who == "admin":
        return await admin(app)
    if who == "hr":
        return await app.user_headers("hr")
    if who == "head_sales":
        return await app.user_headers("dept_head", departments=[world.departments["sales"]])
    if who == "head_tech":
        return await app.user_headers("dept_head", departments=[world.departments["tech"]])
    if who == "interviewer":
        return await app.login(IV_EMAIL)
    if who == "employee":
        return await app.user_headers("employee", person_id=world.people["S"]["id"])
    if who == "client":
        return await _client_headers(app, ["results:read"])
    raise AssertionError(who)


async def _setup(app: App, who: str) -> tuple[World, dict[str, str]]:
    world = await _world(app)
    return world, await _caller(app, world, who)


def _names(world: World, items: list[dict[str, Any]]) -> list[str]:
    return [world.names[r["id"]] for r in items]


@pytest.mark.parametrize("who", CALLERS)
async def test_list_get_and_revisions(app: App, who: str) -> None:
    world, headers = await _setup(app, who)
    expected = VISIBLE[who]
    listed = await app.client.get(f"{API}/results", params={"limit": 200}, headers=headers)
    if isinstance(expected, int):
        assert listed.status_code == expected, listed.text
        visible: set[str] = set()
    else:
        assert listed.status_code == 200, listed.text
        names = _names(world, listed.json()["items"])
        assert len(names) == len(set(names))
        assert set(names) == expected
        visible = expected
    for interview_id, result_id in world.results.items():
        one = await app.client.get(f"{API}/results/{result_id}", headers=headers)
        revisions = await app.client.get(f"{API}/results/{result_id}/revisions", headers=headers)
        want = expected if isinstance(expected, int) else 200 if interview_id in visible else 404
        assert one.status_code == want, (interview_id, one.text)
        assert revisions.status_code == want, (interview_id, revisions.text)
        if want == 200:
            assert one.json()["interview_id"] == interview_id
            assert [r["revision"] for r in revisions.json()["items"]] == [1]
        elif want == 404:
            # Out of scope looks exactly like a result that does not exist.
            assert one.headers["content-type"].startswith("application/problem+json")
            body = one.json()
            assert body["detail"] == f"No result with id {result_id}"
            assert "person" not in body
            assert "interview_id" not in body
    # Filters never widen the scope: asking for another department's rows gives none.
    if not isinstance(expected, int):
        for code in ("sales", "sales-east", "tech"):
            filtered = await app.client.get(
                f"{API}/results",
                params={"department_id": world.departments[code]},
                headers=headers,
            )
            assert filtered.status_code == 200
            in_department = {i for i, spec in RESULTS.items() if spec[1] == code}
            assert set(_names(world, filtered.json()["items"])) == in_department & expected


@pytest.mark.parametrize("who", CALLERS)
async def test_review_one_and_bulk(app: App, who: str) -> None:
    world, headers = await _setup(app, who)
    e1, x1 = world.results["e1"], world.results["x1"]
    one = await app.client.post(
        f"{API}/results/{e1}/review", json={"action": "return", "note": "补充材料"}, headers=headers
    )
    bulk = await app.client.post(
        f"{API}/results/review", json={"ids": [x1], "action": "reject"}, headers=headers
    )
    hr = await admin(app)
    status = {
        world.names[r["id"]]: r["status"]
        for r in (await app.client.get(f"{API}/results", headers=hr)).json()["items"]
    }
    if who in REVIEWERS:
        assert one.status_code == 200, one.text
        assert one.json()["status"] == "returned"
        assert bulk.status_code == 200, bulk.text
        assert [r["status"] for r in bulk.json()["items"]] == ["rejected"]
        assert (status["e1"], status["x1"]) == ("returned", "rejected")
    else:
        assert one.status_code == 403, one.text
        assert bulk.status_code == 403, bulk.text
        assert (status["e1"], status["x1"]) == ("pending_review", "pending_review")


@pytest.mark.parametrize("who", CALLERS)
async def test_export(app: App, who: str) -> None:
    world, headers = await _setup(app, who)
    response = await app.client.get(
        f"{API}/results/export", params={"format": "csv"}, headers=headers
    )
    if who not in REVIEWERS:
        assert response.status_code == 403, response.text
        return
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    no, dept = header.index("工号"), header.index("部门")
    got = sorted((r[no], r[dept]) for r in body)
    want = sorted(
        (PEOPLE[person]["employee_no"], dept_code.upper() if dept_code else "")
        for person, dept_code, _, _ in RESULTS.values()
    )
    assert got == want
    # With a filter the export holds exactly the filtered rows.
    sales = await app.client.get(
        f"{API}/results/export",
        params={"format": "csv", "department_id": world.departments["sales"]},
        headers=headers,
    )
    lines = list(csv.reader(io.StringIO(sales.content.decode("utf-8-sig"))))[1:]
    assert [(r[no], r[dept]) for r in lines] == [("S-001", "SALES")]


# Profile of each person: the interview ids of the confirmed results shown, or a status code.
PROFILE: dict[str, dict[str, set[str] | int]] = {
    "admin": {"S": {"s1", "s_tech"}, "E": set(), "T": {"t1"}},
    "hr": {"S": {"s1", "s_tech"}, "E": set(), "T": {"t1"}},
    # A person in sales: only the results in the head's scope (not the tech interview).
    "head_sales": {"S": {"s1"}, "E": set(), "T": 404},
    "head_tech": {"S": 404, "E": 404, "T": {"t1"}},
    "interviewer": {"S": {"s1"}, "E": 404, "T": {"t1"}},
    "employee": {"S": 403, "E": 403, "T": 403},
    "client": {"S": 403, "E": 403, "T": 403},  # results:read only, no people:read
}


@pytest.mark.parametrize("who", CALLERS)
async def test_talent_profile(app: App, who: str) -> None:
    world, headers = await _setup(app, who)
    for key, expected in PROFILE[who].items():
        person = world.people[key]
        response = await app.client.get(f"{API}/people/{person['id']}/profile", headers=headers)
        if isinstance(expected, int):
            assert response.status_code == expected, (key, response.text)
            continue
        assert response.status_code == 200, (key, response.text)
        body = response.json()
        assert set(_names(world, body["results"])) == expected, key
        assert {p["result_id"] for p in body["total_trend"]} == {world.results[i] for i in expected}
        shown = body["person"]
        if who in SEES_EVERYTHING:
            assert (shown["phone"], shown["email"]) == (person["phone"], person["email"])
        else:
            assert shown["phone"] == person["phone"][:3] + "****" + person["phone"][-4:]
            assert shown["email"] != person["email"]
            assert "***@" in shown["email"]


# GET /people/{id}: 200 masked / 200 in full / 404 / 403.
PEOPLE_ACCESS: dict[str, dict[str, str | int]] = {
    "admin": {"S": "full", "E": "full", "T": "full"},
    "hr": {"S": "full", "E": "full", "T": "full"},
    "head_sales": {"S": "masked", "E": "masked", "T": 404},
    "head_tech": {"S": 404, "E": 404, "T": "masked"},
    "interviewer": {"S": "masked", "E": 404, "T": "masked"},
    "employee": {"S": 403, "E": 403, "T": 403},
    "client": {"S": 403, "E": 403, "T": 403},
}


@pytest.mark.parametrize("who", CALLERS)
async def test_people_contact_details_are_masked(app: App, who: str) -> None:
    world, headers = await _setup(app, who)
    visible = set()
    for key, expected in PEOPLE_ACCESS[who].items():
        person = world.people[key]
        response = await app.client.get(f"{API}/people/{person['id']}", headers=headers)
        if isinstance(expected, int):
            assert response.status_code == expected, (key, response.text)
            continue
        assert response.status_code == 200, (key, response.text)
        visible.add(person["id"])
        body = response.json()
        assert body["name"] == person["name"]
        if expected == "full":
            assert (body["phone"], body["email"]) == (person["phone"], person["email"])
        else:
            assert body["phone"] == person["phone"][:3] + "****" + person["phone"][-4:]
            assert body["email"] == person["email"][:1] + "***@mail.example"
            assert person["phone"] not in response.text
            assert person["email"] not in response.text
    listed = await app.client.get(f"{API}/people", headers=headers)
    if not visible:
        assert listed.status_code == 403
        return
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert {p["id"] for p in items} == visible
    for item in items:
        if who not in SEES_EVERYTHING:
            assert item["phone"] is None or "****" in item["phone"]
            assert item["email"] is None or "***@" in item["email"]


@pytest.mark.parametrize("who", CALLERS)
async def test_audit_events(app: App, who: str) -> None:
    world, headers = await _setup(app, who)
    await app.client.get(f"{API}/results/{world.results['s1']}", headers=await admin(app))
    response = await app.client.get(f"{API}/audit-events", headers=headers)
    if who in REVIEWERS:
        assert response.status_code == 200, response.text
        assert "result.viewed" in {e["action"] for e in response.json()["items"]}
    else:
        assert response.status_code == 403, response.text


async def test_no_token_is_401_everywhere(app: App) -> None:
    world = await _world(app)
    s1 = world.results["s1"]
    person = world.people["S"]["id"]
    for method, path in (
        ("GET", f"{API}/results"),
        ("GET", f"{API}/results/{s1}"),
        ("GET", f"{API}/results/{s1}/revisions"),
        ("POST", f"{API}/results/{s1}/review"),
        ("POST", f"{API}/results/review"),
        ("GET", f"{API}/results/export"),
        ("GET", f"{API}/people/{person}/profile"),
        ("GET", f"{API}/audit-events"),
    ):
        response = await app.client.request(method, path, json={"action": "confirm"})
        assert response.status_code == 401, (method, path, response.text)
