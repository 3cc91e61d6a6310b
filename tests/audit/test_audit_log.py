"""The audit log: who may read it, its filters, and what gets written."""

from __future__ import annotations

import uuid

from conftest import App


async def test_only_admin_and_hr_read_the_log(app: App) -> None:
    for role, status in (
        ("admin", 200),
        ("hr", 200),
        ("dept_head", 403),
        ("interviewer", 403),
        ("employee", 403),
    ):
        headers = await app.user_headers(role)
        response = await app.client.get("/api/v1/audit-events", headers=headers)
        assert response.status_code == status, role
    assert (await app.client.get("/api/v1/audit-events")).status_code == 401


async def test_filters_by_person_actor_and_action(app: App) -> None:
    hr_id = await app.create_user(["hr"], email="hr@corp.example")
    admin_id = await app.create_user(["admin"], email="admin@corp.example")
    hr = await app.login("hr@corp.example")
    admin = await app.login("admin@corp.example")
    a = (await app.client.post("/api/v1/people", json={"name": "甲"}, headers=hr)).json()
    b = (await app.client.post("/api/v1/people", json={"name": "乙"}, headers=admin)).json()
    await app.client.patch(f"/api/v1/people/{a['id']}", json={"name": "甲甲"}, headers=admin)

    async def actions(**params: str) -> list[tuple[str, str | None]]:
        response = await app.client.get("/api/v1/audit-events", params=params, headers=hr)
        assert response.status_code == 200, response.text
        return [(e["action"], e["actor_id"]) for e in response.json()["items"]]

    assert await actions(person_id=a["id"]) == [
        ("person.updated", str(admin_id)),
        ("person.created", str(hr_id)),
    ]
    assert await actions(person_id=b["id"]) == [("person.created", str(admin_id))]
    assert await actions(person_id=str(uuid.uuid4())) == []
    by_admin = await actions(actor_id=str(admin_id))
    assert [x[0] for x in by_admin] == ["person.updated", "person.created", "auth.login"]
    assert await actions(action="person.created", actor_id=str(hr_id)) == [
        ("person.created", str(hr_id))
    ]
    assert len(await actions(action="auth.login")) == 2


async def test_admin_actions_are_recorded(app: App) -> None:
    admin_id = await app.create_user(["admin"], email="admin@corp.example")
    admin = await app.login("admin@corp.example")
    user = await app.client.post(
        "/api/v1/users",
        json={
            "email": "new@corp.example",
            "name": "新人",
            "password": "Long-enough-2026",
            "roles": ["employee"],
        },
        headers=admin,
    )
    user_id = user.json()["id"]
    await app.client.put(f"/api/v1/users/{user_id}/grants", json={"roles": ["hr"]}, headers=admin)
    client = await app.client.post(
        "/api/v1/integration-clients",
        json={"name": "ERP", "scopes": ["people:read"]},
        headers=admin,
    )
    items = (
        await app.client.get(
            "/api/v1/audit-events", params={"actor_id": str(admin_id)}, headers=admin
        )
    ).json()["items"]
    by_action = {e["action"]: e for e in items}
    assert by_action["user.created"]["target_id"] == user_id
    assert by_action["user.created"]["detail"] == {"roles": ["employee"]}
    assert by_action["user.grants_changed"]["detail"]["roles"] == ["hr"]
    created = by_action["integration_client.created"]
    assert created["target_id"] == client.json()["id"]
    # The client secret is never written to the log.
    assert client.json()["client_secret"] not in str(items)
    assert all(e["ip"] == "203.0.113.7" for e in items)
    # Passwords never reach the log either.
    assert "Long-enough-2026" not in str(items)


async def test_actors_are_found_by_name_not_by_id(app: App) -> None:
    wang = await app.create_user(["hr"], email="wang.hr@corp.example", name="王人事")
    await app.create_user(["hr"], email="li@corp.example", name="李_经理")
    hr = await app.login("wang.hr@corp.example")
    url = "/api/v1/audit-events/actors"

    found = await app.client.get(url, params={"q": "王"}, headers=hr)
    assert found.status_code == 200, found.text
    assert [(a["name"], a["kind"]) for a in found.json()] == [("王人事", "user")]
    by_email = await app.client.get(url, params={"q": "WANG.HR"}, headers=hr)
    assert [a["id"] for a in by_email.json()] == [str(wang)]
    chosen = await app.client.get(url, params={"actor_id": str(wang)}, headers=hr)
    assert [a["name"] for a in chosen.json()] == ["王人事"]
    # LIKE wildcards in the search are plain characters
    underscore = await app.client.get(url, params={"q": "_"}, headers=hr)
    assert [a["name"] for a in underscore.json()] == ["李_经理"]

    assert (
        await app.client.get(url, headers=await app.user_headers("dept_head"))
    ).status_code == 403
    bad = await app.client.get(url, params={"limit": 0}, headers=hr)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "limit" in bad.text
    bad_id = await app.client.get(url, params={"actor_id": "nope"}, headers=hr)
    assert bad_id.status_code == 422
    assert "actor_id" in bad_id.text
