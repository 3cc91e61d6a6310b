"""Shared by tests/selfservice, tests/feedback and tests/notifications: people with user
accounts and results published to them (an auto-confirming vendor, or review by HR)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from conftest import App
from vendor_support import admin, create_vendor, results, send, standard_data


@dataclass
class Employee:
    person_id: str
    headers: dict[str, str]
    employee_no: str
    email: str


async def hr(app: App) -> dict[str, str]:
    cached = getattr(app, "_hr_headers", None)
    if cached is None:
        cached = await app.user_headers("hr")
        app._hr_headers = cached  # type: ignore[attr-defined]
    return cached


async def employee(
    app: App, name: str = "李雷", *, locale: str | None = None, phone: str | None = None
) -> Employee:
    """A person registered by HR and an employee account linked to it."""
    employee_no = f"E{uuid.uuid4().hex[:6]}"
    body: dict[str, Any] = {"name": name, "employee_no": employee_no}
    if phone:
        body["phone"] = phone
    created = await app.client.post("/api/v1/people", json=body, headers=await hr(app))
    assert created.status_code == 201, created.text
    person_id = created.json()["id"]
    email = f"emp-{uuid.uuid4().hex[:8]}@corp.example"
    await app.create_user(["employee"], email=email, person_id=uuid.UUID(person_id), name=name)
    headers = await app.login(email)
    await acknowledge_notice(app, headers)
    if locale:
        response = await app.client.patch("/api/v1/me", json={"locale": locale}, headers=headers)
        assert response.status_code == 200, response.text
    return Employee(person_id, headers, employee_no, email)


async def acknowledge_notice(app: App, headers: dict[str, str]) -> None:
    """Employees acknowledge the current privacy notice before they see results."""
    version = (await app.client.get("/api/v1/privacy-notice", headers=headers)).json()["version"]
    response = await app.client.post(
        "/api/v1/me/privacy-notice/ack", json={"version": version}, headers=headers
    )
    assert response.status_code == 200, response.text


async def auto_vendor(app: App, slug: str = "auto") -> None:
    if not getattr(app, f"_vendor_{slug}", False):
        await create_vendor(app, slug=slug, auto_confirm=True)
        setattr(app, f"_vendor_{slug}", True)


async def publish(
    app: App,
    employee_no: str,
    *,
    interview_id: str | None = None,
    slug: str = "auto",
    run: bool = True,
    **overrides: Any,
) -> str:
    """Send a result for ``employee_no`` through an auto-confirming vendor; returns its id."""
    await auto_vendor(app, slug)
    interview_id = interview_id or f"pub-{uuid.uuid4().hex[:8]}"
    data = standard_data(
        interview_id, candidate={"employee_no": employee_no, "name": "李雷"}, **overrides
    )
    response = await send(app, data, slug=slug)
    assert response.status_code == 202, response.text
    if run:
        await app.run_jobs()
    rows = [r for r in await results(app) if r["interview_id"] == interview_id]
    assert len(rows) == 1, rows
    result_id: str = rows[0]["id"]
    return result_id


async def unpublished(app: App, employee_no: str) -> str:
    """A result waiting for review (a vendor that does not auto-confirm)."""
    if not getattr(app, "_vendor_manual", False):
        await create_vendor(app, slug="manual")
        app._vendor_manual = True  # type: ignore[attr-defined]
    interview_id = f"pend-{uuid.uuid4().hex[:8]}"
    data = standard_data(interview_id, candidate={"employee_no": employee_no, "name": "李雷"})
    assert (await send(app, data, slug="manual")).status_code == 202
    await app.run_jobs()
    rows = [r for r in await results(app) if r["interview_id"] == interview_id]
    assert rows[0]["published"] is False
    result_id: str = rows[0]["id"]
    return result_id


async def notifications(app: App, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = await app.client.get("/api/v1/notifications", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


__all__ = ["admin"]
