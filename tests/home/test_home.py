"""GET /me/home: each role's "what needs me now" counts, in the caller's scope only."""

from __future__ import annotations

import uuid

from conftest import App
from selfservice.support import employee, hr, publish
from vendor_support import admin, create_vendor, send, standard_data

API = "/api/v1"
IV_EMAIL = "home-iv@corp.example"
SALES = {"code": "sales", "name": "销售部"}
TECH = {"code": "tech", "name": "技术部"}


async def home(app: App, headers: dict[str, str]) -> dict[str, int | None]:
    response = await app.client.get(f"{API}/me/home", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, int | None] = response.json()
    return body


async def pending(app: App, department: dict[str, str], *, listed: bool = False) -> None:
    """A result waiting for review (a vendor that does not auto-confirm)."""
    data = standard_data(
        f"pend-{uuid.uuid4().hex[:8]}",
        department=department,
        interviewers=[{"email": IV_EMAIL}] if listed else [],
    )
    assert (await send(app, data, slug="manual")).status_code == 202


async def department_id(app: App, code: str) -> uuid.UUID:
    listed = await app.client.get(f"{API}/departments", headers=await hr(app))
    assert listed.status_code == 200, listed.text
    body = listed.json()
    rows = body["items"] if isinstance(body, dict) else body
    return uuid.UUID(next(d["id"] for d in rows if d["code"] == code))


async def test_counts_per_role_and_scope(app: App) -> None:
    await create_vendor(app, slug="manual")
    await app.create_user(["interviewer"], email=IV_EMAIL)
    me = await employee(app)
    in_sales = await publish(app, me.employee_no, department=SALES)
    await publish(app, me.employee_no, department=TECH)
    await pending(app, SALES, listed=True)
    await pending(app, SALES)
    await pending(app, TECH)
    await app.run_jobs()
    asked = await app.client.post(
        f"{API}/feedback", json={"result_id": in_sales, "message": "请解释"}, headers=me.headers
    )
    assert asked.status_code == 201, asked.text

    staff = await home(app, await hr(app))
    assert staff["pending_reviews"] == 3
    assert staff["new_results_this_week"] == 5
    assert (staff["open_feedback"], staff["overdue_feedback"]) == (1, 0)
    assert (staff["open_privacy_requests"], staff["overdue_privacy_requests"]) == (0, 0)
    assert staff["failed_deliveries"] is None  # an admin's concern

    sales_id = await department_id(app, "sales")
    sales = await home(app, await app.user_headers("dept_head", departments=[sales_id]))
    assert (sales["pending_reviews"], sales["new_results_this_week"]) == (2, 3)
    assert sales["open_feedback"] == 1
    assert sales["open_privacy_requests"] is None

    tech_id = await department_id(app, "tech")
    tech = await home(app, await app.user_headers("dept_head", departments=[tech_id]))
    assert (tech["pending_reviews"], tech["new_results_this_week"], tech["open_feedback"]) == (
        1,
        2,
        0,
    )

    interviewer = await home(app, await app.login(IV_EMAIL))
    assert (interviewer["pending_reviews"], interviewer["new_results_this_week"]) == (1, 1)
    assert interviewer["open_feedback"] is None

    boss = await home(app, await admin(app))
    assert boss["pending_reviews"] == 3
    assert (boss["failed_deliveries"], boss["failed_webhook_messages"]) == (0, 0)

    own = await home(app, me.headers)
    assert all(value is None for value in own.values())


async def test_failed_deliveries_counted_for_admin(app: App) -> None:
    await create_vendor(app, slug="manual")
    broken = standard_data(total_score="not a number")
    assert (await send(app, broken, slug="manual")).status_code == 202
    await app.run_jobs()
    assert (await home(app, await admin(app)))["failed_deliveries"] == 1


async def test_needs_sign_in(app: App) -> None:
    response = await app.client.get(f"{API}/me/home")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
