"""GET /analytics/adverse-impact end to end: counts from the database, checked against scipy;
bases, ties at the median, age bands, filters, bad input, who may ask, the XLSX report."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from openpyxl import load_workbook
from scipy import stats
from sqlalchemy import select

from conftest import App
from fairness.support import (
    Candidate,
    batch,
    candidates,
    client_headers,
    group,
    position,
    result,
    vendor,
)
from scorebridge.audit.models import AuditEvent

TOL = 1e-9
URL = "/api/v1/analytics/adverse-impact"


async def ask(app: App, headers: dict[str, str], **params: Any) -> Any:
    response = await app.client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["key"]: g for g in body["groups"]}


async def test_threshold_basis_matches_scipy(app: App) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app)
    await candidates(
        app,
        pos,
        group("female", 8, 12) + group("male", 18, 7) + group("other", 2, 1) + group(None, 1, 3),
    )
    body = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70)
    assert body["n"] == 20 + 25 + 3 + 4
    groups = by_key(body)
    assert set(groups) == {"female", "male"}
    assert (groups["female"]["n"], groups["female"]["selected"]) == (20, 8)  # 70 ≥ 70 selected
    assert (groups["male"]["n"], groups["male"]["selected"]) == (25, 18)
    assert groups["female"]["impact_ratio"] == pytest.approx((8 / 20) / (18 / 25), abs=TOL)
    assert groups["female"]["flag"]
    assert not groups["male"]["flag"]
    assert body["reference"] == "male"
    assert body["flagged"]
    assert body["test"] == "fisher_exact"
    assert body["fisher_p"] == pytest.approx(stats.fisher_exact([[8, 12], [18, 7]]).pvalue, abs=TOL)
    assert body["excluded"] == [
        {"key": "other", "n": 3, "why": "fewer_than_5"},
        {"key": "unknown", "n": 4, "why": "not_recorded"},
    ]
    assert body["position"]["code"] == "rep"
    assert body["threshold"] == 70
    assert body["window"]["first"].startswith("2025-06-10")
    stricter = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70.5)
    assert all(g["selected"] == 0 for g in stricter["groups"])


async def test_median_basis_ties_at_the_median_are_not_selected(app: App) -> None:
    admin = await app.user_headers("admin")
    pos = await position(app)
    female = [50, 50, 50, 55, 55, 60, 62, 40, 45, 50]
    male = [50, 50, 70, 71, 72, 73, 55, 60, 80, 50, 41]
    unknown = [50, 90]
    people = [Candidate("female", s) for s in female] + [Candidate("male", s) for s in male]
    people += [Candidate(None, s) for s in unknown]
    await candidates(app, pos, people)
    median = float(np.median(female + male + unknown))  # everyone analysed, unknown included
    body = await ask(app, admin, position_id=pos, basis="median")
    assert body["median"] == pytest.approx(median, abs=TOL)
    sel_f = sum(s > median for s in female)
    sel_m = sum(s > median for s in male)
    assert median in female + male  # the test has ties at the median
    groups = by_key(body)
    assert (groups["female"]["selected"], groups["male"]["selected"]) == (sel_f, sel_m)
    rates = {"female": sel_f / len(female), "male": sel_m / len(male)}
    top = max(rates.values())
    for key, rate in rates.items():
        assert groups[key]["rate"] == pytest.approx(rate, abs=TOL)
        assert groups[key]["impact_ratio"] == pytest.approx(rate / top, abs=TOL)
    table = [[sel_f, len(female) - sel_f], [sel_m, len(male) - sel_m]]
    assert body["fisher_p"] == pytest.approx(stats.fisher_exact(table).pvalue, abs=TOL)


async def test_median_of_an_even_count_is_the_mean_of_the_middle_two(app: App) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app)
    scores = [40, 50, 60, 70, 61, 62, 30, 80, 59, 58]
    await candidates(app, pos, [Candidate("female" if i % 2 else "male", s)
                                for i, s in enumerate(scores)])  # fmt: skip
    body = await ask(app, auditor, position_id=pos, basis="median")
    assert body["median"] == pytest.approx(float(np.median(scores)), abs=TOL)  # 59.5
    assert sum(g["selected"] for g in body["groups"]) == 5


async def test_age_bands_use_the_interview_year_and_chi_square(app: App) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app)
    at = datetime(2025, 12, 31, 17, 0, tzinfo=UTC)  # 2026-01-01 01:00 in Shanghai
    # ages in 2026: 1997 → 29 (under 30), 1996 → 30, 1987 → 39, 1986 → 40, 1976 → 50
    plan = {1997: (6, 4), 1996: (3, 5), 1987: (2, 2), 1986: (2, 6), 1976: (1, 0)}
    people = []
    for year, (sel, rej) in plan.items():
        people += [Candidate("female", 80.0, year, at) for _ in range(sel)]
        people += [Candidate("male", 20.0, year, at) for _ in range(rej)]
    await candidates(app, pos, people)
    body = await ask(app, auditor, position_id=pos, attribute="age_band", basis="threshold",
                     threshold=50)  # fmt: skip
    groups = by_key(body)
    assert {k: (g["n"], g["selected"]) for k, g in groups.items()} == {
        "under_30": (10, 6), "30_39": (12, 5), "40_49": (8, 2),
    }  # fmt: skip
    assert body["excluded"] == [{"key": "50_plus", "n": 1, "why": "fewer_than_5"}]
    table = [[6, 4], [5, 7], [2, 6]]
    assert body["test"] == "chi_square"
    expected = stats.chi2_contingency(table, correction=False).pvalue
    assert body["fisher_p"] == pytest.approx(expected, abs=TOL)
    assert groups["40_49"]["impact_ratio"] == pytest.approx((2 / 8) / (6 / 10), abs=TOL)


async def test_each_person_counts_once_with_their_latest_result(app: App) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app)
    vendor_id = await vendor(app)
    people = await candidates(app, pos, group("female", 3, 3) + group("male", 3, 3))
    async with app.db.unit_of_work() as session:  # the first female: an older, higher score
        session.add_all(result(people[0], vendor_id, pos, 99.0, datetime(2024, 1, 1, tzinfo=UTC)))
        session.add_all(  # the last female: a newer, higher score replaces a rejection
            result(people[5], vendor_id, pos, 99.0, datetime(2025, 7, 1, tzinfo=UTC))
        )
    body = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70)
    assert (by_key(body)["female"]["n"], by_key(body)["female"]["selected"]) == (6, 4)
    assert body["n"] == 12


async def test_filters_period_batch_vendor_and_status(app: App) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app)
    spring = await batch(app, pos, "spring")
    other_vendor = await vendor(app, "acme")
    early = datetime(2025, 3, 1, tzinfo=UTC)
    await candidates(app, pos, [Candidate("female", 80, at=early) for _ in range(5)]
                     + [Candidate("male", 80, at=early) for _ in range(5)])  # fmt: skip
    await candidates(app, pos, group("female", 1, 5) + group("male", 5, 1), batch_id=spring,
                     vendor_id=other_vendor)  # fmt: skip
    await candidates(app, pos, [Candidate("female", 90, status="pending_review")] * 5)
    everything = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70)
    assert by_key(everything)["female"]["n"] == 11
    in_batch = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70,
                         batch_id=spring)  # fmt: skip
    assert by_key(in_batch)["female"]["selected"] == 1
    assert in_batch["batch_id"] == str(spring)
    by_vendor = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70,
                          vendor_id=other_vendor)  # fmt: skip
    assert by_key(by_vendor)["male"]["n"] == 6
    assert {v["code"] for v in by_vendor["vendors"]} >= {"acme", "import"}
    later = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70,
                      interviewed_from="2025-04-01T00:00:00Z")  # fmt: skip
    assert by_key(later)["female"]["n"] == 6
    before = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70,
                       interviewed_to="2025-04-01T00:00:00Z")  # fmt: skip
    assert by_key(before)["female"]["n"] == 5
    assert before["window"]["last"].startswith("2025-03")
    anything = await ask(app, auditor, position_id=pos, basis="threshold", threshold=70,
                         status="any")  # fmt: skip
    assert by_key(anything)["female"]["n"] == 16


async def test_an_empty_position_answers_no_groups(app: App) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app)
    body = await ask(app, auditor, position_id=pos)
    assert body["n"] == 0
    assert body["groups"] == []
    assert body["fisher_p"] is None
    assert body["window"]["first"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"attribute": "race"}, "attribute"),
        ({"basis": "vibes"}, "basis"),
        ({"basis": "threshold", "threshold": 101}, "threshold"),
        ({"basis": "threshold", "threshold": -1}, "threshold"),
        ({"basis": "threshold"}, "threshold"),
        ({"basis": "standard"}, "basis"),
        ({"position_id": "not-a-uuid"}, "position_id"),
        ({"position_id": str(uuid.uuid4())}, "position_id"),
        ({"status": "maybe"}, "status"),
    ],
)
async def test_bad_input_is_422_naming_the_field(
    app: App, params: dict[str, Any], field: str
) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app)
    await candidates(app, pos, group("female", 3, 3) + group("male", 3, 3))
    query = {"position_id": str(pos), **params}
    for url in (URL, URL + "/report"):
        response = await app.client.get(url, params=query, headers=auditor)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert [e["loc"][-1] for e in response.json()["errors"]] == [field]
    missing = await app.client.get(URL, headers=auditor)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["query", "position_id"]


async def test_only_admins_and_auditors_may_ask(app: App) -> None:
    pos = await position(app)
    for role in ("hr", "dept_head", "interviewer", "employee"):
        headers = await app.user_headers(role)
        for url in (URL, URL + "/report"):
            response = await app.client.get(url, params={"position_id": str(pos)}, headers=headers)
            assert response.status_code == 403, (role, url)
    bearer = await client_headers(app, ["analytics:read", "people:read", "results:read"])
    assert (
        await app.client.get(URL, params={"position_id": str(pos)}, headers=bearer)
    ).status_code == 403
    assert (await app.client.get(URL, params={"position_id": str(pos)})).status_code == 401


async def test_asks_are_audited(app: App) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app)
    await ask(app, auditor, position_id=pos, attribute="age_band")
    async with app.db.unit_of_work() as session:
        events = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "fairness.adverse_impact.read")
            )
        ).all()
    assert len(events) == 1
    assert events[0].target_id == str(pos)
    assert events[0].detail["attribute"] == "age_band"


async def test_xlsx_report_states_date_window_method_and_counts(app: App) -> None:
    auditor = await app.user_headers("auditor")
    pos = await position(app, code="rep", name='=HYPERLINK("http://evil")')
    await candidates(app, pos, group("female", 8, 12) + group("male", 18, 7) + group("other", 1, 1))
    response = await app.client.get(
        URL + "/report",
        params={"position_id": str(pos), "basis": "threshold", "threshold": 70},
        headers=auditor,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "fairness-rep-" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    cells = {row[0]: row[1:] for row in rows if row}
    assert cells["岗位"][0].startswith("'=HYPERLINK")  # kept as text, never a formula
    assert cells["分析人数(每人取该岗位最近一次结果)"] == [47]
    assert cells["选中口径"] == ["总分 ≥ 70"]
    assert cells["女"][:3] == [20, 8, 0.4]
    assert cells["男"][:2] == [25, 18]
    assert cells["其他"] == [2, "人数少于 5"]
    assert "2025-06-10" in cells["数据区间(分析的面试时间)"][0]
    assert "Fisher" in cells["检验"][0]
    assert "四分之五" in cells["方法"][0]
    assert "观察数据" in cells["局限"][0]
    assert str(datetime.now(UTC).year) in cells["生成时间"][0]
    async with app.db.unit_of_work() as session:
        downloaded = await session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "fairness.report.downloaded")
        )
    assert downloaded is not None


async def test_report_in_english(app: App) -> None:
    email = f"auditor-{uuid.uuid4().hex[:6]}@corp.example"
    user_id = await app.create_user(["auditor"], email=email)
    async with app.db.unit_of_work() as session:
        from scorebridge.auth.models import User

        user = await session.get(User, user_id)
        assert user is not None
        user.locale = "en"
    headers = await app.login(email)
    pos = await position(app)
    await candidates(app, pos, group("female", 5, 5, cut=60) + group("male", 5, 5, cut=60))
    response = await app.client.get(
        URL + "/report", params={"position_id": str(pos), "attribute": "gender"}, headers=headers
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    first = [row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]]
    assert "Fairness audit report (adverse impact)" in first
    assert "Female" in first
    assert "Limits" in first


async def test_overview_of_every_position_flagged_first(app: App) -> None:
    auditor = await app.user_headers("auditor")
    fair = await position(app, code="a-fair", name="公平")
    biased = await position(app, code="b-biased", name="偏差")
    empty = await position(app, code="c-empty", name="无数据")
    await candidates(app, fair, group("female", 6, 6) + group("male", 6, 6))
    await candidates(app, biased, group("female", 2, 18) + group("male", 15, 5))
    url = URL + "/positions"
    body = (
        await app.client.get(url, params={"basis": "threshold", "threshold": 70}, headers=auditor)
    ).json()
    assert [p["position"]["code"] for p in body["positions"]] == ["b-biased", "a-fair"]
    first = body["positions"][0]
    assert first["flagged"]
    assert first["lowest"]["key"] == "female"
    assert first["lowest"]["impact_ratio"] == pytest.approx((2 / 20) / (15 / 20), abs=TOL)
    assert first["fisher_p"] == pytest.approx(
        stats.fisher_exact([[2, 18], [15, 5]]).pvalue, abs=TOL
    )
    single = await ask(app, auditor, position_id=biased, basis="threshold", threshold=70)
    assert single["fisher_p"] == pytest.approx(first["fisher_p"], abs=TOL)
    assert str(empty) not in str(body)
    for params, field in (({"basis": "standard"}, "basis"), ({"basis": "threshold"}, "threshold"),
                          ({"attribute": "race"}, "attribute")):  # fmt: skip
        response = await app.client.get(url, params=params, headers=auditor)
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"][-1] == field
    hr = await app.user_headers("hr")
    assert (await app.client.get(url, headers=hr)).status_code == 403


async def test_standard_basis_selects_those_who_passed_the_positions_standard(app: App) -> None:
    """basis=standard counts the verdicts of the position's standard (result_standards)."""
    from fairness.support import result as result_rows
    from scorebridge.fairness.models import PersonAttributes
    from scorebridge.organisation.models import Person

    auditor = await app.user_headers("auditor")
    hr = await app.user_headers("hr")
    pos = await position(app)
    vendor_id = await vendor(app)
    # Communication decides the standard; the vendor's total says the opposite.
    people = [("female", 80, 40)] * 3 + [("female", 50, 90)] * 9
    people += [("male", 80, 40)] * 10 + [("male", 50, 90)] * 4
    async with app.db.unit_of_work() as session:
        for gender, communication, total in people:
            person = Person(id=uuid.uuid4(), name=f"候选人{uuid.uuid4().hex[:6]}")
            session.add(person)
            await session.flush()
            session.add(PersonAttributes(person_id=person.id, gender=gender))
            session.add_all(
                result_rows(
                    person.id, vendor_id, pos, total, datetime(2026, 3, 1, tzinfo=UTC),
                    dimensions={"communication": communication},
                )
            )  # fmt: skip
    response = await app.client.get(URL, params={"position_id": str(pos), "basis": "standard"},
                                    headers=auditor)  # fmt: skip
    assert response.status_code == 422  # no standard yet
    saved = await app.client.put(
        f"/api/v1/positions/{pos}/standard",
        json={"weights": {"communication": 1}, "pass_line": 70, "minimums": {}, "note": "沟通"},
        headers=hr,
    )
    assert saved.status_code == 200, saved.text
    applied = await app.client.post(f"/api/v1/positions/{pos}/standard/apply", headers=hr)
    assert applied.status_code == 202, applied.text
    await app.run_jobs()

    body = await ask(app, auditor, position_id=pos, basis="standard")
    groups = by_key(body)
    assert (groups["female"]["n"], groups["female"]["selected"]) == (12, 3)
    assert (groups["male"]["n"], groups["male"]["selected"]) == (14, 10)
    assert groups["female"]["impact_ratio"] == pytest.approx((3 / 12) / (10 / 14), abs=TOL)
    assert body["fisher_p"] == pytest.approx(stats.fisher_exact([[3, 9], [10, 4]]).pvalue, abs=TOL)
