"""谁查看了我的成绩 and 下载我的数据: the employee's own access log and the copy of their data."""

from __future__ import annotations

import uuid

from conftest import App
from selfservice.support import employee, hr, publish, unpublished
from vendor_support import admin, send, standard_data


async def log(app: App, headers: dict[str, str]) -> list[dict]:  # type: ignore[type-arg]
    response = await app.client.get("/api/v1/me/access-log", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict] = response.json()["items"]  # type: ignore[type-arg]
    return items


async def test_employee_sees_who_read_their_scores_and_only_their_own(app: App) -> None:
    me = await employee(app)
    other = await employee(app, "王五")
    result = await publish(app, me.employee_no)
    hr_id = await app.create_user(["hr"], email="chen@corp.example", name="陈静")
    reader = await app.login("chen@corp.example")

    assert await log(app, me.headers) == []
    assert (await app.client.get(f"/api/v1/results/{result}", headers=reader)).status_code == 200
    await app.client.get("/api/v1/results", params={"person_id": me.person_id}, headers=reader)
    await app.client.get(f"/api/v1/people/{me.person_id}/profile", headers=reader)
    # The employee's own reads are not "someone viewed my scores".
    await app.client.get(f"/api/v1/me/results/{result}", headers=me.headers)

    entries = await log(app, me.headers)
    assert [e["action"] for e in entries] == ["profile.read", "results.listed", "result.viewed"]
    viewed = entries[-1]
    assert viewed["viewer"] == {"kind": "user", "name": "陈静", "roles": ["hr"]}
    assert viewed["what"] == {"type": "result", "id": result, "label": "销售代表"}
    assert "chen@corp.example" not in str(entries)
    assert str(hr_id) not in str(entries)
    # Another employee's log stays empty; the query is scoped to the caller.
    assert await log(app, other.headers) == []
    paged = await app.client.get("/api/v1/me/access-log", params={"limit": 1}, headers=me.headers)
    assert paged.json()["next_cursor"]
    bad = await app.client.get("/api/v1/me/access-log", params={"limit": 0}, headers=me.headers)
    assert bad.status_code == 422
    assert (await app.client.get("/api/v1/me/access-log")).status_code == 401


async def test_integration_client_reads_are_named_by_client(app: App) -> None:
    me = await employee(app)
    result = await publish(app, me.employee_no)
    created = await app.client.post(
        "/api/v1/integration-clients",
        json={"name": "北森 HRIS", "scopes": ["results:read"]},
        headers=await admin(app),
    )
    token = await app.client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": created.json()["client_id"],
            "client_secret": created.json()["client_secret"],
            "scope": "results:read",
        },
    )
    client = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert (await app.client.get(f"/api/v1/results/{result}", headers=client)).status_code == 200
    [entry] = await log(app, me.headers)
    assert entry["viewer"] == {"kind": "client", "name": "北森 HRIS", "roles": []}


async def test_my_data_holds_everything_but_never_unpublished_values(app: App) -> None:
    me = await employee(app, "<b>李雷</b>")
    auto = await publish(app, me.employee_no, total_score=77, comment="<script>x</script>")
    await app.client.post(
        "/api/v1/feedback", json={"result_id": auto, "message": "为什么?"}, headers=me.headers
    )
    # HR confirms a manual vendor's result (published), then the vendor updates it: the
    # update waits for review and its value is never part of the copy.
    reviewed = await unpublished(app, me.employee_no)
    confirm = await app.client.post(
        f"/api/v1/results/{reviewed}/review", json={"action": "confirm"}, headers=await hr(app)
    )
    assert confirm.status_code == 200, confirm.text
    interview_id = (
        await app.client.get(f"/api/v1/results/{reviewed}", headers=await hr(app))
    ).json()["interview_id"]
    update = standard_data(
        interview_id,
        candidate={"employee_no": me.employee_no},
        total_score=12,
        updated_at="2026-11-21T10:00:00Z",
    )
    await send(app, update, slug="manual", kind="interview.result.updated")
    await app.run_jobs()
    await unpublished(app, me.employee_no)  # a third interview, never reviewed
    await app.client.post(
        "/api/v1/me/privacy-requests",
        json={"kind": "explanation", "message": "AI 如何打分?"},
        headers=me.headers,
    )

    response = await app.client.get("/api/v1/me/data", headers=me.headers)
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    data = response.json()
    assert set(data) >= {
        "person",
        "results",
        "feedback",
        "notifications",
        "identities",
        "acknowledgements",
        "access_log",
        "privacy_requests",
    }
    assert data["identities"] == []
    assert data["person"]["employee_no"] == me.employee_no
    assert len(data["acknowledgements"]) == 1
    by_id = {r["id"]: r for r in data["results"]}
    assert set(by_id) == {auto, reviewed}
    assert [v["total_score"] for v in by_id[auto]["revisions"]] == [77]
    assert by_id[auto]["current"]["total_score"] == 77
    assert [v["total_score"] for v in by_id[reviewed]["revisions"]] == [82]
    # the pending update (12) is not shown: the revision published before it is
    assert by_id[reviewed]["current"]["total_score"] == 82
    assert "12" not in {str(v["total_score"]) for r in data["results"] for v in r["revisions"]}
    assert data["feedback"][0]["message"] == "为什么?"
    assert data["privacy_requests"][0]["kind"] == "explanation"

    page = await app.client.get("/api/v1/me/data", params={"format": "html"}, headers=me.headers)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<script>x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<b>李雷" not in html
    assert "&lt;b&gt;李雷" in html
    assert "default-src 'none'" in html
    bad = await app.client.get("/api/v1/me/data", params={"format": "pdf"}, headers=me.headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "format"]
    audit = await app.client.get(
        "/api/v1/audit-events",
        params={"action": "person.data_exported", "person_id": me.person_id},
        headers=await admin(app),
    )
    assert len(audit.json()["items"]) == 2


async def test_a_user_without_a_person_gets_an_empty_copy(app: App) -> None:
    headers = await app.user_headers("hr")
    data = (await app.client.get("/api/v1/me/data", headers=headers)).json()
    assert data["person"] is None
    assert data["results"] == []
    assert data["access_log"] == []
    assert data["account"]["roles"] == ["hr"]
    assert uuid.UUID(data["account"]["id"])
