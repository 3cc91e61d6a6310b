"""The processing notice: the built-in default, acknowledgement before results, new versions,
and the acknowledgements an admin exports."""

from __future__ import annotations

import uuid

from conftest import App
from selfservice.support import hr, publish
from vendor_support import admin

NOTICE = "/api/v1/privacy-notice"
ACK = "/api/v1/me/privacy-notice/ack"
BODY_ZH = "个人信息处理告知:我们处理您的面试结果,用于招聘决策,HR 复核每一条结果。"
BODY_EN = "Processing notice: we process your interview results for hiring; HR reviews each."


async def linked_employee(app: App, name: str = "韩梅梅") -> tuple[dict[str, str], str]:
    """An employee account linked to a person, NOT yet acknowledged."""
    employee_no = f"E{uuid.uuid4().hex[:6]}"
    person = await app.client.post(
        "/api/v1/people", json={"name": name, "employee_no": employee_no}, headers=await hr(app)
    )
    email = f"n-{uuid.uuid4().hex[:8]}@corp.example"
    await app.create_user(["employee"], email=email, person_id=uuid.UUID(person.json()["id"]))
    return await app.login(email), employee_no


async def test_fresh_install_requires_the_default_notice_before_results(app: App) -> None:
    headers, employee_no = await linked_employee(app)
    result = await publish(app, employee_no)
    me = (await app.client.get("/api/v1/me", headers=headers)).json()
    assert me["notice_ack_required"] is True
    notice = (await app.client.get(NOTICE, headers=headers)).json()
    assert notice["is_default"] is True
    assert notice["ack_required"] is True
    assert "HR" in notice["body_zh"]
    assert "human review" in notice["body_en"].lower()

    for path in (
        "/api/v1/me/results",
        "/api/v1/me/results/history",
        f"/api/v1/me/results/{result}",
    ):
        blocked = await app.client.get(path, headers=headers)
        assert blocked.status_code == 403, path
        assert blocked.headers["content-type"].startswith("application/problem+json")
        assert blocked.json()["type"].endswith("notice-required")
        assert blocked.json()["version"] == notice["version"]

    ack = await app.client.post(ACK, json={"version": notice["version"]}, headers=headers)
    assert ack.status_code == 200, ack.text
    again = await app.client.post(ACK, json={"version": notice["version"]}, headers=headers)
    assert again.json()["acknowledged_at"] == ack.json()["acknowledged_at"]
    assert (await app.client.get("/api/v1/me", headers=headers)).json()[
        "notice_ack_required"
    ] is False
    listed = await app.client.get("/api/v1/me/results", headers=headers)
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()["items"]] == [result]


async def test_staff_and_unlinked_accounts_are_not_asked(app: App) -> None:
    for headers in (await hr(app), await admin(app), await app.user_headers("employee")):
        me = (await app.client.get("/api/v1/me", headers=headers)).json()
        assert me["notice_ack_required"] is False
    unlinked = await app.user_headers("employee")
    assert (await app.client.get("/api/v1/me/results", headers=unlinked)).status_code == 200


async def test_a_new_version_asks_again_and_bad_input_is_named(app: App) -> None:
    headers, _ = await linked_employee(app)
    first = (await app.client.get(NOTICE, headers=headers)).json()["version"]
    assert (await app.client.post(ACK, json={"version": first}, headers=headers)).status_code == 200

    body = {"version": "2026-12", "body_zh": BODY_ZH, "body_en": BODY_EN}
    assert (await app.client.put(NOTICE, json=body, headers=await hr(app))).status_code == 403
    assert (await app.client.put(NOTICE, json=body, headers=headers)).status_code == 403
    published = await app.client.put(NOTICE, json=body, headers=await admin(app))
    assert published.status_code == 200, published.text
    assert published.json()["version"] == "2026-12"
    assert published.json()["is_default"] is False

    duplicate = await app.client.put(NOTICE, json=body, headers=await admin(app))
    assert duplicate.status_code == 409
    for field, value in (("version", "bad version!"), ("body_en", "short"), ("version", "")):
        bad = await app.client.put(NOTICE, json={**body, field: value}, headers=await admin(app))
        assert bad.status_code == 422, field
        assert bad.json()["errors"][0]["loc"] == ["body", field]
    extra = await app.client.put(NOTICE, json={**body, "x": 1}, headers=await admin(app))
    assert extra.status_code == 422

    assert (await app.client.get("/api/v1/me", headers=headers)).json()["notice_ack_required"]
    stale = await app.client.post(ACK, json={"version": first}, headers=headers)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == "2026-12"
    malformed = await app.client.post(ACK, json={"version": "a b"}, headers=headers)
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["loc"] == ["body", "version"]
    assert (await app.client.post(ACK, json={}, headers=headers)).status_code == 422
    ok = await app.client.post(ACK, json={"version": "2026-12"}, headers=headers)
    assert ok.status_code == 200


async def test_acknowledgements_are_listed_and_exported_by_admin_only(app: App) -> None:
    headers, _ = await linked_employee(app, name="=HYPERLINK(1)")
    version = (await app.client.get(NOTICE, headers=headers)).json()["version"]
    await app.client.post(ACK, json={"version": version}, headers=headers)
    url = f"{NOTICE}/acknowledgements"
    assert (await app.client.get(url, headers=await hr(app))).status_code == 403
    listed = await app.client.get(url, headers=await admin(app))
    assert listed.status_code == 200
    [row] = listed.json()["items"]
    assert row["version"] == version
    assert row["ip"] == "203.0.113.7"
    exported = await app.client.get(f"{url}/export", headers=await admin(app))
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    text = exported.content.decode("utf-8-sig")
    assert version in text
    assert "测试用户" in text
    assert (await app.client.get(f"{url}/export", headers=headers)).status_code == 403
    audit = await app.client.get(
        "/api/v1/audit-events",
        params={"action": "privacy_notice.acknowledged"},
        headers=await admin(app),
    )
    assert len(audit.json()["items"]) == 1


async def test_integration_clients_cannot_acknowledge(app: App) -> None:
    created = await app.client.post(
        "/api/v1/integration-clients",
        json={"name": "HRIS", "scopes": ["results:read"]},
        headers=await admin(app),
    )
    assert created.status_code == 201, created.text
    token = await app.client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": created.json()["client_id"],
            "client_secret": created.json()["client_secret"],
            "scope": "results:read",
        },
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert (await app.client.post(ACK, json={"version": "x"}, headers=headers)).status_code == 403
    assert (await app.client.get("/api/v1/me/data", headers=headers)).status_code == 403
    assert (await app.client.get("/api/v1/me/access-log", headers=headers)).status_code == 403
