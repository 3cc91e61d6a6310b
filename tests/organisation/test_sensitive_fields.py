"""What only some roles see: performance and training records on the talent profile (HR, admin,
department heads in scope — not interviewers), and search by email or phone (only roles that
see them unmasked: a substring search would rebuild a masked contact)."""

from __future__ import annotations

import uuid
from datetime import date

from conftest import App
from organisation.test_people_scope import org
from scorebridge.talent.models import PerformanceRecord, TrainingRecord
from vendor_support import create_vendor, send, standard_data

IV_EMAIL = "iv-sensitive@corp.example"


async def _records(app: App, *people: uuid.UUID) -> None:
    async with app.db.unit_of_work() as session:
        for person_id in people:
            session.add(
                PerformanceRecord(person_id=person_id, period="2026-H1", metric="kpi", value=91)
            )
            session.add(
                TrainingRecord(
                    person_id=person_id, course="谈判技巧", completed_on=date(2026, 3, 1), score=88
                )
            )


async def _interviewed(app: App, employee_no: str) -> None:
    """A result of ``employee_no`` listing the interviewer (who may then read the person)."""
    await create_vendor(app)
    data = standard_data(candidate={"employee_no": employee_no}, interviewers=[{"email": IV_EMAIL}])
    assert (await send(app, data)).status_code == 202
    await app.run_jobs()


async def test_performance_and_training_are_for_hr_and_heads_in_scope(app: App) -> None:
    ids = await org(app)
    await _records(app, ids["alice"])
    # An interviewer of Alice's, who also heads another department (tech).
    await app.create_user(["interviewer", "dept_head"], email=IV_EMAIL, departments=[ids["tech"]])
    await _interviewed(app, "E1")
    path = f"/api/v1/people/{ids['alice']}/profile"
    callers = {
        "hr": await app.user_headers("hr"),
        "admin": await app.user_headers("admin"),
        "head_sales": await app.user_headers("dept_head", departments=[ids["sales"]]),
        "interviewer": await app.login(IV_EMAIL),
    }
    for who, headers in callers.items():
        response = await app.client.get(path, headers=headers)
        assert response.status_code == 200, (who, response.text)
        body = response.json()
        sees = who != "interviewer"
        assert body["outcomes_visible"] is sees, who
        assert len(body["performance"]) == (1 if sees else 0), who
        assert len(body["training"]) == (1 if sees else 0), who
        if not sees:
            assert "谈判技巧" not in response.text
            assert "kpi" not in response.text


async def test_masked_contacts_cannot_be_searched(app: App) -> None:
    ids = await org(app)
    await app.create_user(["interviewer"], email=IV_EMAIL)
    await _interviewed(app, "E1")
    head = await app.user_headers("dept_head", departments=[ids["sales"]])
    interviewer = await app.login(IV_EMAIL)
    hr = await app.user_headers("hr")

    async def found(headers: dict[str, str], q: str) -> set[str]:
        response = await app.client.get("/api/v1/people", params={"q": q}, headers=headers)
        assert response.status_code == 200, response.text
        return {p["name"] for p in response.json()["items"]}

    for headers in (head, interviewer):
        assert await found(headers, "Alice") == {"Alice"}  # the name, as before
        assert await found(headers, "E1") == {"Alice"}  # the employee number
        for q in ("alice@corp", "e@corp.example", "@corp.ex", "1234", "138123", "5678"):
            assert await found(headers, q) == set(), q
    # HR sees contacts unmasked, and finds people by them.
    assert await found(hr, "alice@corp") == {"Alice"}
    assert await found(hr, "38123456") == {"Alice"}
