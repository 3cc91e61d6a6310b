"""GET /analytics/vendor-quality: monthly summaries and shifts per vendor, validity r against
an outcome, checked against numpy/scipy; who may ask."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from scipy import stats

from conftest import App
from fairness.support import client_headers, result, vendor
from scorebridge.organisation.models import Person
from scorebridge.talent.models import PerformanceRecord

TOL = 1e-9
URL = "/api/v1/analytics/vendor-quality"
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def seed(app: App) -> dict[str, object]:
    """Two vendors over eight months; ``acme`` jumps by 20 points in the last month. Each
    person has two results per vendor (the latest counts for validity) and an outcome."""
    rng = np.random.default_rng(17)
    acme, beta = await vendor(app, "acme"), await vendor(app, "beta")
    months: dict[tuple[uuid.UUID, str], list[float]] = {}
    risk: dict[tuple[uuid.UUID, str], list[float]] = {}
    async with app.db.unit_of_work() as session:
        for i in range(48):
            person = Person(id=uuid.uuid4(), name=f"P{i}")
            session.add(person)
            await session.flush()
            ability = float(rng.uniform(40, 90))
            outcome = [round(0.5 * ability + float(rng.normal(0, 5)), 2) for _ in range(2)]
            for period, value in zip(("2025-H1", "2025-H2"), outcome, strict=True):
                session.add(PerformanceRecord(person_id=person.id, period=period, metric="销售",
                                              value=value))  # fmt: skip
            for vendor_id, noise in ((acme, 4.0), (beta, 15.0)):
                for month in (i % 8 + 1, (i + 3) % 8 + 1):
                    # the 1st of the month 03:00 Shanghai is still the previous day in UTC
                    at = datetime(2025, month, 1, 3, 0, tzinfo=SHANGHAI).astimezone(UTC)
                    score = float(np.clip(ability + rng.normal(0, noise), 0, 100))
                    if vendor_id == acme and month == 8:
                        score = min(100.0, score + 20)
                    score = round(score, 2)
                    dims = {"risk": round(score / 2, 2)}
                    session.add_all(result(person.id, vendor_id, None, score, at, dimensions=dims))
                    months.setdefault((vendor_id, f"2025-{month:02d}"), []).append(score)
                    risk.setdefault((vendor_id, f"2025-{month:02d}"), []).append(dims["risk"])
    return {"acme": acme, "beta": beta, "months": months, "risk": risk}


async def test_months_shifts_and_validity_match_numpy_and_scipy(app: App) -> None:
    hr = await app.user_headers("hr")
    seeded = await seed(app)
    response = await app.client.get(URL, params={"outcome": "销售"}, headers=hr)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["metrics"] == ["销售"]
    assert body["dimension"] == "total"
    assert body["outcome"] == "销售"
    rows = {row["vendor"]["code"]: row for row in body["vendors"]}
    assert set(rows) == {"acme", "beta"}
    months = seeded["months"]
    assert isinstance(months, dict)
    for code in ("acme", "beta"):
        vendor_id = seeded[code]
        for m in rows[code]["months"]:
            values = np.array(months[(vendor_id, m["month"])])
            assert m["n"] == len(values)
            assert m["mean"] == pytest.approx(float(np.mean(values)), rel=TOL)
            assert m["sd"] == pytest.approx(float(np.std(values, ddof=1)), rel=1e-8)
        assert [m["month"] for m in rows[code]["months"]] == [f"2025-{i:02d}" for i in range(1, 9)]
        assert rows[code]["n"] == 96
    august = rows["acme"]["months"][-1]
    base = np.concatenate([months[(seeded["acme"], f"2025-{i:02d}")] for i in range(2, 8)])
    assert august["baseline_n"] == len(base)
    z = (august["mean"] - np.mean(base)) / (np.std(base, ddof=1) / np.sqrt(august["n"]))
    assert august["z"] == pytest.approx(float(z), rel=1e-8)
    assert rows["acme"]["shifted_months"] == ["2025-08"]
    assert rows["beta"]["shifted_months"] == []
    for code in ("acme", "beta"):
        validity = rows[code]["validity"]
        assert validity["n"] == 48
        assert validity["enough_data"]
        assert -1 < validity["ci95"][0] < validity["r"] < validity["ci95"][1] < 1
    assert rows["acme"]["validity"]["r"] > rows["beta"]["validity"]["r"]


async def test_validity_pairs_each_persons_latest_score_with_their_mean_outcome(app: App) -> None:
    auditor = await app.user_headers("auditor")
    acme = await vendor(app, "acme")
    rng = np.random.default_rng(2)
    xs, ys = [], []
    async with app.db.unit_of_work() as session:
        for i in range(25):
            person = Person(id=uuid.uuid4(), name=f"P{i}")
            session.add(person)
            await session.flush()
            old, new = float(rng.uniform(0, 100)), round(float(rng.uniform(30, 95)), 2)
            session.add_all(result(person.id, acme, None, old, datetime(2025, 1, 5, tzinfo=UTC)))
            session.add_all(result(person.id, acme, None, new, datetime(2025, 2, 5, tzinfo=UTC)))
            values = [round(new / 3 + float(rng.normal(0, 6)), 2) for _ in range(3)]
            for p, v in enumerate(values):
                session.add(PerformanceRecord(person_id=person.id, period=f"P{p}", metric="合规",
                                              value=v))  # fmt: skip
            xs.append(new)
            ys.append(float(np.mean(values)))
        lonely = Person(id=uuid.uuid4(), name="no outcome")
        session.add(lonely)
        await session.flush()
        session.add_all(result(lonely.id, acme, None, 50.0, datetime(2025, 2, 6, tzinfo=UTC)))
    body = (await app.client.get(URL, params={"outcome": "合规"}, headers=auditor)).json()
    validity = body["vendors"][0]["validity"]
    expected = stats.pearsonr(xs, ys)
    assert validity["n"] == 25
    assert validity["r"] == pytest.approx(expected.statistic, abs=TOL)
    assert validity["p_value"] == pytest.approx(expected.pvalue, abs=1e-8)
    assert validity["fisher_z"] == pytest.approx(float(np.arctanh(expected.statistic)), abs=TOL)
    lo, hi = expected.confidence_interval(0.95)
    assert validity["ci95"] == pytest.approx([lo, hi], abs=1e-6)
    no_outcome = (await app.client.get(URL, headers=auditor)).json()
    assert no_outcome["vendors"][0]["validity"] is None
    unknown = (await app.client.get(URL, params={"outcome": "none"}, headers=auditor)).json()
    assert unknown["vendors"][0]["validity"]["enough_data"] is False


async def test_a_dimension_and_filters(app: App) -> None:
    admin = await app.user_headers("admin")
    seeded = await seed(app)
    body = (await app.client.get(URL, params={"dimension": "risk"}, headers=admin)).json()
    risk = seeded["risk"]
    assert isinstance(risk, dict)
    acme = next(r for r in body["vendors"] if r["vendor"]["code"] == "acme")
    first = acme["months"][0]
    assert first["mean"] == pytest.approx(
        float(np.mean(risk[(seeded["acme"], "2025-01")])), rel=TOL
    )
    later = (
        await app.client.get(
            URL, params={"interviewed_from": "2025-06-30T16:00:00Z"}, headers=admin
        )
    ).json()
    assert [m["month"] for m in later["vendors"][0]["months"]] == ["2025-07", "2025-08"]
    one = (
        await app.client.get(URL, params={"vendor_id": str(seeded["beta"])}, headers=admin)
    ).json()
    assert [r["vendor"]["code"] for r in one["vendors"]] == ["beta"]
    none = (await app.client.get(URL, params={"dimension": "nope"}, headers=admin)).json()
    assert none["vendors"] == []


async def test_who_may_ask_and_bad_input(app: App) -> None:
    for role in ("admin", "hr", "auditor"):
        headers = await app.user_headers(role)
        assert (await app.client.get(URL, headers=headers)).status_code == 200, role
    for role in ("dept_head", "interviewer", "employee"):
        headers = await app.user_headers(role)
        assert (await app.client.get(URL, headers=headers)).status_code == 403, role
    client = await client_headers(app, ["analytics:read"])
    assert (await app.client.get(URL, headers=client)).status_code == 403
    hr = await app.user_headers("hr")
    for params, field in (
        ({"dimension": ""}, "dimension"),
        ({"outcome": "x" * 65}, "outcome"),
        ({"status": "nope"}, "status"),
        ({"interviewed_from": "yesterday"}, "interviewed_from"),
    ):
        response = await app.client.get(URL, params=params, headers=hr)
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["query", field]
