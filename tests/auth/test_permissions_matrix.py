"""Role × endpoint: exactly who gets 2xx and who gets 403 (and 401 without a token)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import App
from scorebridge.auth import service as auth_service
from scorebridge.auth.permissions import Permission
from scorebridge.auth.schemas import ClientCreate
from scorebridge.organisation.models import Department, Position

ADMIN, HR, DEPT_HEAD, INTERVIEWER, EMPLOYEE, CLIENT = (
    "admin",
    "hr",
    "dept_head",
    "interviewer",
    "employee",
    "client",
)
EVERYONE = {ADMIN, HR, DEPT_HEAD, INTERVIEWER, EMPLOYEE, CLIENT}
ORG_READERS = {ADMIN, HR, DEPT_HEAD, INTERVIEWER, CLIENT}  # the client holds org:read
WRITERS = {ADMIN, HR}


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    allowed: frozenset[str]

    @property
    def ok_status(self) -> int:
        return 201 if self.method == "POST" else 200


def body_for(call: Call, ids: dict[str, str]) -> Any:
    tag = uuid.uuid4().hex[:8]
    if call.method == "PUT":
        return {"roles": ["employee"], "department_ids": [ids["department"]]}
    if call.method != "POST":
        return None
    return {
        "/users": {
            "email": f"new-{tag}@corp.example",
            "name": "新用户",
            "password": "Long-enough-2026",
            "roles": ["employee"],
        },
        "/integration-clients": {"name": f"client {tag}", "scopes": ["people:read"]},
        "/departments": {"code": f"d-{tag}", "name": "部门", "parent_id": ids["department"]},
        "/positions": {"code": f"p-{tag}", "name": "岗位", "department_id": ids["department"]},
        "/batches": {"code": f"b-{tag}", "name": "批次", "position_id": ids["position"]},
        "/people": {"name": "新人", "employee_no": f"E{tag}", "department_id": ids["department"]},
    }[call.path]


CALLS = [
    Call("GET", "/users", frozenset({ADMIN})),
    Call("POST", "/users", frozenset({ADMIN})),
    Call("GET", "/users/{user}", frozenset({ADMIN})),
    Call("GET", "/users/{user}/grants", frozenset({ADMIN})),
    Call("PUT", "/users/{user}/grants", frozenset({ADMIN})),
    Call("GET", "/integration-clients", frozenset({ADMIN})),
    Call("POST", "/integration-clients", frozenset({ADMIN})),
    Call("GET", "/departments", frozenset(ORG_READERS)),
    Call("GET", "/departments/{department}", frozenset(ORG_READERS)),
    Call("POST", "/departments", frozenset(WRITERS)),
    Call("GET", "/positions", frozenset(ORG_READERS)),
    Call("GET", "/positions/{position}", frozenset(ORG_READERS)),
    Call("POST", "/positions", frozenset(WRITERS)),
    Call("GET", "/batches", frozenset(ORG_READERS)),
    Call("POST", "/batches", frozenset(WRITERS)),
    Call("GET", "/people", frozenset(ORG_READERS)),
    Call("POST", "/people", frozenset(WRITERS)),
    Call("GET", "/audit-events", frozenset({ADMIN, HR})),
    Call("GET", "/me", frozenset(EVERYONE)),
    Call("GET", "/me/permissions", frozenset(EVERYONE)),
    Call("GET", "/permissions/roles", frozenset(EVERYONE)),
]


async def fixtures(app: App) -> dict[str, str]:
    """A department, a position and a user to act on, made straight in the database."""
    async with app.db.unit_of_work() as session:
        department = Department(code="sales", name="销售部")
        session.add(department)
        await session.flush()
        position = Position(code="sales-rep", name="销售代表", department_id=department.id)
        session.add(position)
    user = await app.create_user(["employee"])
    return {"department": str(department.id), "position": str(position.id), "user": str(user)}


async def headers_for(app: App, who: str, ids: dict[str, str]) -> dict[str, str]:
    if who != CLIENT:
        return await app.user_headers(who, departments=[uuid.UUID(ids["department"])])
    async with app.db.unit_of_work() as session:
        created = await auth_service.create_client(
            session,
            ClientCreate(name="ERP", scopes=[Permission.org_read, Permission.people_read]),
            uuid.UUID(ids["user"]),
        )
    token = await app.client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": created.client_id,
            "client_secret": created.client_secret,
        },
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


@pytest.mark.parametrize("who", [ADMIN, HR, DEPT_HEAD, INTERVIEWER, EMPLOYEE, CLIENT])
async def test_role_endpoint_matrix(app: App, who: str) -> None:
    ids = await fixtures(app)
    headers = await headers_for(app, who, ids)
    got: dict[str, int] = {}
    expected: dict[str, int] = {}
    for call in CALLS:
        path = "/api/v1" + call.path.format(**ids)
        response = await app.client.request(
            call.method, path, json=body_for(call, ids), headers=headers
        )
        key = f"{call.method} {call.path}"
        got[key] = response.status_code
        expected[key] = call.ok_status if who in call.allowed else 403
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
    assert got == expected


async def test_every_endpoint_needs_a_token(app: App) -> None:
    ids = await fixtures(app)
    got = {}
    for call in CALLS:
        path = "/api/v1" + call.path.format(**ids)
        response = await app.client.request(call.method, path, json=body_for(call, ids))
        got[f"{call.method} {call.path}"] = response.status_code
        assert response.headers["content-type"].startswith("application/problem+json")
    assert set(got.values()) == {401}, got


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        ("admin", {"home", "users", "integration-clients", "people", "audit", "vendors"}, set()),
        (
            "hr",
            {"home", "people", "workbench", "audit", "departments"},
            {"users", "integration-clients", "vendors", "my-results"},
        ),
        (
            "dept_head",
            {"home", "people", "workbench"},
            {"users", "audit", "departments", "my-results"},
        ),
        ("interviewer", {"home", "workbench", "people"}, {"users", "audit", "departments"}),
        (
            "employee",
            {"home", "my-results"},
            {"people", "users", "workbench", "audit", "departments"},
        ),
    ],
)
async def test_menus_per_role(app: App, role: str, present: set[str], absent: set[str]) -> None:
    headers = await app.user_headers(role)
    response = await app.client.get("/api/v1/me/permissions", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["roles"] == [role]
    menus = set(body["menus"])
    assert present <= menus
    assert not (absent & menus)
    roles = (await app.client.get("/api/v1/permissions/roles", headers=headers)).json()
    listed = {r["role"]: set(r["permissions"]) for r in roles["roles"]}
    assert set(body["permissions"]) == listed[role]


async def test_roles_listing_and_grants_round_trip(app: App) -> None:
    admin = await app.user_headers("admin")
    roles = (await app.client.get("/api/v1/permissions/roles", headers=admin)).json()
    by_role = {r["role"]: set(r["permissions"]) for r in roles["roles"]}
    assert set(by_role) == {"admin", "hr", "dept_head", "interviewer", "employee", "auditor"}
    assert by_role["hr"] < by_role["admin"]
    assert by_role["auditor"] == {
        "org:read", "people:attributes", "fairness:read", "vendor-quality:read"
    }  # fmt: skip
    assert "people:attributes" not in by_role["hr"]
    assert "users:manage" not in by_role["hr"]
    assert "users:manage" not in roles["client_scopes"]
    assert by_role["employee"] == {"me:results", "me:feedback"}

    ids = await fixtures(app)
    url = f"/api/v1/users/{ids['user']}/grants"
    assert (await app.client.get(url, headers=admin)).json() == {
        "roles": ["employee"],
        "department_ids": [],
    }
    grants = {"roles": ["dept_head", "hr"], "department_ids": [ids["department"]]}
    assert (await app.client.put(url, json=grants, headers=admin)).status_code == 200
    assert (await app.client.get(url, headers=admin)).json() == grants
    bad = await app.client.put(
        url, json={"roles": ["hr"], "department_ids": [str(uuid.uuid4())]}, headers=admin
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "department_ids", 0]
    unknown_role = await app.client.put(url, json={"roles": ["king"]}, headers=admin)
    assert unknown_role.status_code == 422
    missing = await app.client.get(f"/api/v1/users/{uuid.uuid4()}/grants", headers=admin)
    assert missing.status_code == 404

    # New grants take effect on the user's next request.
    email = (await app.client.get(f"/api/v1/users/{ids['user']}", headers=admin)).json()["email"]
    user_headers = await app.login(email)
    me = (await app.client.get("/api/v1/me", headers=user_headers)).json()
    assert me["roles"] == ["dept_head", "hr"]
    assert me["department_ids"] == [ids["department"]]
    await app.client.put(url, json={"roles": ["employee"]}, headers=admin)
    assert (await app.client.get("/api/v1/audit-events", headers=user_headers)).status_code == 403


async def test_duplicate_user_email_is_409(app: App) -> None:
    admin = await app.user_headers("admin")
    body = {
        "email": "Dup@Corp.Example",
        "name": "A",
        "password": "Long-enough-2026",
        "roles": ["hr"],
    }
    assert (await app.client.post("/api/v1/users", json=body, headers=admin)).status_code == 201
    body["email"] = "dup@corp.example"
    response = await app.client.post("/api/v1/users", json=body, headers=admin)
    assert response.status_code == 409
    assert response.json()["field"] == "email"
    short = await app.client.post(
        "/api/v1/users",
        json=body | {"email": "x@corp.example", "password": "short"},
        headers=admin,
    )
    assert short.status_code == 422
    assert short.json()["errors"][0]["loc"] == ["body", "password"]
