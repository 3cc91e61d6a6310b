"""Reading results: filters, sorts, cursors, and who may see which result."""

from __future__ import annotations

from typing import Any

from conftest import App
from vendor_support import admin, create_vendor, results, send, standard_data

SALES = {"code": "sales", "name": "销售部"}
SALES_EAST = {"code": "sales-east", "name": "华东销售部"}
TECH = {"code": "tech", "name": "技术部"}


async def _organisation(app: App) -> dict[str, str]:
    headers = await admin(app)
    ids: dict[str, str] = {}
    hq = await app.client.post(
        "/api/v1/departments", json={"code": "hq", "name": "总公司"}, headers=headers
    )
    ids["hq"] = hq.json()["id"]
    for dept, parent in ((SALES, "hq"), (SALES_EAST, "sales"), (TECH, "hq")):
        response = await app.client.post(
            "/api/v1/departments", json={**dept, "parent_id": ids[parent]}, headers=headers
        )
        assert response.status_code == 201, response.text
        ids[dept["code"]] = response.json()["id"]
    return ids


async def _seed(app: App) -> dict[str, Any]:
    departments = await _organisation(app)
    await create_vendor(app)
    interviewer_id = await app.create_user(["interviewer"], email="iv@corp.example")
    await send(app, standard_data("s1", department=SALES, total_score=90,
                                  candidate={"employee_no": "E1", "name": "赵一"},
                                  interviewed_at="2026-01-01T00:00:00Z",
                                  interviewers=[{"email": "iv@corp.example"}]))  # fmt: skip
    await send(app, standard_data("s2", department=SALES_EAST, total_score=70,
                                  candidate={"employee_no": "E2", "name": "钱二"},
                                  interviewed_at="2026-02-01T00:00:00Z"))  # fmt: skip
    await send(app, standard_data("t1", department=TECH, total_score=60,
                                  candidate={"employee_no": "E3", "name": "孙三"},
                                  interviewed_at="2026-03-01T00:00:00Z",
                                  interviewers=[{"email": "iv@corp.example"}],
                                  dimensions=[]))  # fmt: skip
    await app.run_jobs()
    by_id = {r["interview_id"]: r for r in await results(app)}
    return {"departments": departments, "results": by_id, "interviewer_id": interviewer_id}


def _ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.text
    return {r["interview_id"] for r in response.json()["items"]}


async def test_scoping_by_role(app: App) -> None:
    seeded = await _seed(app)
    deps, by_id = seeded["departments"], seeded["results"]
    get = app.client.get
    hr = await app.user_headers("hr")
    assert _ids(await get("/api/v1/results", headers=hr)) == {"s1", "s2", "t1"}
    head = await app.user_headers("dept_head", departments=[deps["sales"]])
    assert _ids(await get("/api/v1/results", headers=head)) == {"s1", "s2"}
    sibling = await app.user_headers("dept_head", departments=[deps["tech"]])
    assert _ids(await get("/api/v1/results", headers=sibling)) == {"t1"}
    s1 = by_id["s1"]["id"]
    assert (await get(f"/api/v1/results/{s1}", headers=head)).status_code == 200
    assert (await get(f"/api/v1/results/{s1}", headers=sibling)).status_code == 404
    assert (await get(f"/api/v1/results/{s1}/revisions", headers=sibling)).status_code == 404
    interviewer = await app.login("iv@corp.example")
    assert _ids(await get("/api/v1/results", headers=interviewer)) == {"s1", "t1"}
    s2 = by_id["s2"]["id"]
    assert (await get(f"/api/v1/results/{s2}", headers=interviewer)).status_code == 404
    other_interviewer = await app.user_headers("interviewer")
    assert _ids(await get("/api/v1/results", headers=other_interviewer)) == set()
    employee = await app.user_headers("employee")
    assert (await get("/api/v1/results", headers=employee)).status_code == 403
    assert (await get(f"/api/v1/results/{s1}", headers=employee)).status_code == 403
    assert (await get("/api/v1/results")).status_code == 401
    # Interviewers read the people they interviewed, no one else.
    person_s1 = by_id["s1"]["person"]["id"]
    person_s2 = by_id["s2"]["person"]["id"]
    assert (await get(f"/api/v1/people/{person_s1}", headers=interviewer)).status_code == 200
    assert (await get(f"/api/v1/people/{person_s2}", headers=interviewer)).status_code == 404


async def test_result_fields_match_the_contract(app: App) -> None:
    seeded = await _seed(app)
    result = seeded["results"]["s1"]
    detail = await app.client.get(f"/api/v1/results/{result['id']}", headers=await admin(app))
    body = detail.json()
    contract = """id vendor interview_id person position department batch interviewers
        interviewed_at total_score max_score normalized_total dimensions comment suggestions
        recommendation status revision published flags received_at reviewed_at"""
    for field in contract.split():
        assert field in body, field
    assert set(body["person"]) == {"id", "name", "employee_no"}
    assert set(body["department"]) == {"id", "code", "name"}
    assert set(body["dimensions"][0]) == {
        "code", "name", "score", "max_score", "normalized", "comment"
    }  # fmt: skip
    assert body["interviewers"][0]["id"] == str(seeded["interviewer_id"])
    assert body["vendor"]["slug"] == "acme"


async def test_filters_sorts_and_cursor(app: App) -> None:
    seeded = await _seed(app)
    deps = seeded["departments"]
    headers = await app.user_headers("hr")

    async def ids(**params: Any) -> list[str]:
        response = await app.client.get("/api/v1/results", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [r["interview_id"] for r in response.json()["items"]]

    assert await ids(sort="total_score") == ["t1", "s2", "s1"]
    assert await ids(sort="-interviewed_at") == ["t1", "s2", "s1"]
    assert await ids(department_id=deps["sales"]) == ["s1"]
    assert sorted(await ids(min_total=65)) == ["s1", "s2"]
    assert await ids(max_total=65) == ["t1"]
    assert await ids(q="钱") == ["s2"]
    assert await ids(q="E3") == ["t1"]
    assert sorted(await ids(status="pending_review")) == ["s1", "s2", "t1"]
    assert await ids(status="confirmed") == []
    assert await ids(interviewer_id=str(seeded["interviewer_id"]), sort="interviewed_at") == [
        "s1",
        "t1",
    ]
    window = {"interviewed_from": "2026-01-15T00:00:00Z", "interviewed_to": "2026-02-15T00:00:00Z"}
    assert await ids(**window) == ["s2"]
    person = seeded["results"]["s1"]["person"]["id"]
    assert await ids(person_id=person) == ["s1"]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 1, "sort": "-total_score"}
        if cursor:
            params["cursor"] = cursor
        page = (await app.client.get("/api/v1/results", params=params, headers=headers)).json()
        seen += [r["interview_id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["s1", "s2", "t1"]
    bad = await app.client.get("/api/v1/results", params={"sort": "name"}, headers=headers)
    assert bad.status_code == 422
    bad_status = await app.client.get("/api/v1/results", params={"status": "x"}, headers=headers)
    assert bad_status.status_code == 422
