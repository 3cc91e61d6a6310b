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
