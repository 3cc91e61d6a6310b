"""Analytics against scipy/numpy on synthetic data with a known answer, and per-role scope."""

from __future__ import annotations

import calendar
import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from scipy import stats

from conftest import App
from scorebridge.imports.writing import import_vendor
from scorebridge.organisation.models import Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.talent.models import PerformanceRecord

TOL = 1e-6


@dataclass
class Seeded:
    departments: dict[str, uuid.UUID] = field(default_factory=dict)
    positions: dict[str, uuid.UUID] = field(default_factory=dict)
    # per person: department code, latest total, latest risk, outcome mean, hired, left
    people: list[dict[str, Any]] = field(default_factory=list)


def _result(
    person_id: uuid.UUID,
    vendor_id: uuid.UUID,
    dept: uuid.UUID,
    pos: uuid.UUID,
    at: datetime,
    total: float,
    risk: float,
    status: str = "confirmed",
) -> list[Any]:
    result = InterviewResult(
        id=uuid.uuid4(),
        vendor_id=vendor_id,
        interview_id=f"t-{uuid.uuid4().hex}",
        person_id=person_id,
        department_id=dept,
        position_id=pos,
        interviewed_at=at,
        total_score=total,
        max_score=100,
        normalized_total=total,
        suggestions=[],
        flags=[],
        status=status,
        published=status == "confirmed",
    )
    dims = [
        ResultDimension(
            result_id=result.id,
            position=0,
            code="risk",
            name="风险意识",
            score=risk,
            max_score=100,
            normalized=risk,
        ),
        ResultDimension(
            result_id=result.id,
            position=1,
            code="comm",
            name="沟通",
            score=round(100 - risk / 2, 2),
            max_score=100,
            normalized=round(100 - risk / 2, 2),
        ),
    ]
    return [result, *dims]


async def seed(app: App) -> Seeded:
    rng = np.random.default_rng(20261126)
    out = Seeded()
    async with app.db.unit_of_work() as session:
        vendor_id = await import_vendor(session)
        sales = Department(id=uuid.uuid4(), code="sales", name="销售部")
        east = Department(id=uuid.uuid4(), code="sales-east", name="华东销售部", parent_id=sales.id)
        tech = Department(id=uuid.uuid4(), code="tech", name="技术部")
        session.add_all([sales, east, tech])
        await session.flush()
        rep = Position(id=uuid.uuid4(), code="rep", name="销售代表", department_id=sales.id)
        dev = Position(id=uuid.uuid4(), code="dev", name="开发", department_id=tech.id)
        session.add_all([rep, dev])
        await session.flush()
        out.departments = {"sales": sales.id, "sales-east": east.id, "tech": tech.id}
        out.positions = {"rep": rep.id, "dev": dev.id}
        base = datetime(2025, 1, 10, 2, 0, tzinfo=UTC)
        for i in range(90):
            dept, pos = (east, rep) if i < 55 else (tech, dev)
            person = Person(id=uuid.uuid4(), name=f"P{i}", employee_no=f"E{i:03d}")
            hired = date(2025, 1, 1) + timedelta(days=int(rng.integers(0, 60))) if i % 3 else None
            person.hired_on = hired
            total = round(float(rng.uniform(30, 99)), 2)
            risk = round(float(np.clip(total + rng.normal(0, 8), 0, 100)), 2)
            at = base + timedelta(days=int(rng.integers(0, 120)), hours=int(rng.integers(0, 24)))
            left = None
            if rng.random() < (0.2 if total >= 65 else 0.5):
                left = date(2025, 3, 1) + timedelta(days=int(rng.integers(0, 500)))
            person.left_on = left
            session.add(person)
            await session.flush()
            if i % 4 == 0:  # an older result: the person's score is the latest one
                session.add_all(
                    _result(
                        person.id, vendor_id, dept.id, pos.id, at - timedelta(days=200), 10.0, 12.0
                    )
                )
            session.add_all(_result(person.id, vendor_id, dept.id, pos.id, at, total, risk))
            if i % 10 == 0:  # pending results are left out by default
                session.add_all(
                    _result(
                        person.id,
                        vendor_id,
                        dept.id,
                        pos.id,
                        at + timedelta(days=1),
                        1.0,
                        1.0,
                        "pending_review",
                    )
                )
            values = [0.4 * risk + rng.normal(0, 6) for _ in range(2)]
            for period, value in zip(("2025-H1", "2025-H2"), values, strict=True):
                session.add(
                    PerformanceRecord(
                        person_id=person.id, period=period, metric="compliance", value=value
                    )
                )
            first = at - timedelta(days=200) if i % 4 == 0 else at
            out.people.append(
                {
                    "dept": "sales-east" if i < 55 else "tech",
                    "total": total,
                    "risk": risk,
                    "first": first,
                    "outcome": float(np.mean(values)),
                    "hired": hired,
                    "left": left,
                }
            )
    return out


def _people(seeded: Seeded, dept: str | None = None) -> list[dict[str, Any]]:
    return [p for p in seeded.people if dept is None or p["dept"] == dept]


def _all_totals(seeded: Seeded, dept: str) -> np.ndarray:
    """Every confirmed total of a department (older results included)."""
    values = []
    for i, p in enumerate(seeded.people):
        if p["dept"] == dept:
            values.append(p["total"])
            if i % 4 == 0:
                values.append(10.0)
    return np.asarray(values)


async def test_distribution_matches_numpy(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    response = await app.client.get(
        "/api/v1/analytics/distribution?dimension=total&group_by=department&bins=10", headers=hr
    )
    assert response.status_code == 200, response.text
    groups = {g["code"]: g for g in response.json()["groups"]}
    assert set(groups) == {"sales-east", "tech"}
    for code, group in groups.items():
        values = _all_totals(seeded, code)
        assert group["n"] == len(values)
        assert group["mean"] == pytest.approx(np.mean(values), abs=TOL)
        assert group["median"] == pytest.approx(np.median(values), abs=TOL)
        assert group["p25"] == pytest.approx(np.percentile(values, 25), abs=TOL)
        assert group["p75"] == pytest.approx(np.percentile(values, 75), abs=TOL)
        assert group["stdev"] == pytest.approx(np.std(values, ddof=1), abs=TOL)
        counts, edges = np.histogram(values, bins=10, range=(0, 100))
        assert [b["count"] for b in group["histogram"]] == counts.tolist()
        assert [b["lo"] for b in group["histogram"]] == pytest.approx(edges[:-1].tolist())
        assert sum(b["count"] for b in group["histogram"]) == group["n"]
        assert group["label"] in ("华东销售部", "技术部")


async def test_correlation_matches_scipy(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    response = await app.client.get(
        "/api/v1/analytics/correlation?dimension=risk&outcome=compliance", headers=hr
    )
    assert response.status_code == 200, response.text
    body = response.json()
    x = np.asarray([p["risk"] for p in seeded.people])
    y = np.asarray([p["outcome"] for p in seeded.people])
    assert body["n"] == len(x) == 90
    assert body["enough_data"] is True
    pearson, spearman, line = stats.pearsonr(x, y), stats.spearmanr(x, y), stats.linregress(x, y)
    assert body["pearson_r"] == pytest.approx(pearson.statistic, abs=TOL)
    assert body["pearson_p"] == pytest.approx(pearson.pvalue, abs=TOL)
    assert body["spearman_rho"] == pytest.approx(spearman.statistic, abs=TOL)
    assert body["spearman_p"] == pytest.approx(spearman.pvalue, abs=TOL)
    assert body["slope"] == pytest.approx(line.slope, abs=TOL)
    assert body["intercept"] == pytest.approx(line.intercept, abs=TOL)
    z, half = math.atanh(pearson.statistic), stats.norm.ppf(0.975) / math.sqrt(len(x) - 3)
    assert body["ci95"] == pytest.approx([math.tanh(z - half), math.tanh(z + half)], abs=TOL)
    assert len(body["points"]) == 90
    assert body["pearson_r"] > 0.5  # the outcome was built from the score


async def test_threshold_matches_welch(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    response = await app.client.get(
        "/api/v1/analytics/threshold?dimension=total&threshold=60&outcome=compliance", headers=hr
    )
    assert response.status_code == 200, response.text
    body = response.json()
    x = np.asarray([p["total"] for p in seeded.people])
    y = np.asarray([p["outcome"] for p in seeded.people])
    above, below = y[x >= 60], y[x < 60]
    test = stats.ttest_ind(above, below, equal_var=False)
    assert body["above"]["n"] == len(above)
    assert body["below"]["n"] == len(below)
    assert body["above"]["mean"] == pytest.approx(np.mean(above), abs=TOL)
    assert body["below"]["mean"] == pytest.approx(np.mean(below), abs=TOL)
    uplift = (np.mean(above) - np.mean(below)) / abs(np.mean(below)) * 100
    assert body["uplift_pct"] == pytest.approx(uplift, abs=TOL)
    assert body["welch_t"] == pytest.approx(test.statistic, abs=TOL)
    assert body["p_value"] == pytest.approx(test.pvalue, abs=TOL)


async def test_retention_two_proportion_z(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    response = await app.client.get(
        "/api/v1/analytics/retention?dimension=total&threshold=65&months=6", headers=hr
    )
    assert response.status_code == 200, response.text
    body = response.json()
    groups = {"above": [0, 0], "below": [0, 0]}
    for p in seeded.people:
        start = p["hired"] or (p["first"] + timedelta(hours=8)).date()
        month = start.month - 1 + 6
        year, month = start.year + month // 12, month % 12 + 1
        mark = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        g = groups["above" if p["total"] >= 65 else "below"]
        g[0] += 1
        g[1] += 1 if p["left"] is None or p["left"] >= mark else 0
    (n1, k1), (n2, k2) = groups["above"], groups["below"]
    assert (body["above"]["n"], body["above"]["retained"]) == (n1, k1)
    assert (body["below"]["n"], body["below"]["retained"]) == (n2, k2)
    pooled = (k1 + k2) / (n1 + n2)
    z = (k1 / n1 - k2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    assert body["z"] == pytest.approx(z, abs=TOL)
    assert body["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), abs=TOL)


async def test_small_samples_give_no_statistics(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    start = min(p["first"] for p in seeded.people)
    end = (start + timedelta(days=6)).isoformat().replace("+00:00", "Z")
    response = await app.client.get(
        "/api/v1/analytics/correlation",
        params={"dimension": "risk", "outcome": "compliance", "interviewed_to": end},
        headers=hr,
    )
    body = response.json()
    assert 0 < body["n"] < 10
    assert body["enough_data"] is False
    assert body["pearson_r"] is None
    assert body["pearson_p"] is None
    assert body["message"] == "not enough data (n < 10)"
    unknown = await app.client.get(
        "/api/v1/analytics/threshold?threshold=50&outcome=nothing", headers=hr
    )
    assert unknown.json()["above"]["n"] == 0
    assert unknown.json()["p_value"] is None


async def test_dept_head_sees_only_their_departments(app: App) -> None:
    seeded = await seed(app)
    head = await app.user_headers("dept_head", departments=[seeded.departments["sales"]])
    dist = await app.client.get("/api/v1/analytics/distribution?group_by=department", headers=head)
    assert dist.status_code == 200
    assert [g["code"] for g in dist.json()["groups"]] == ["sales-east"]
    corr = await app.client.get(
        "/api/v1/analytics/correlation?dimension=risk&outcome=compliance", headers=head
    )
    east = _people(seeded, "sales-east")
    assert corr.json()["n"] == len(east)
    x = np.asarray([p["risk"] for p in east])
    y = np.asarray([p["outcome"] for p in east])
    assert corr.json()["pearson_r"] == pytest.approx(stats.pearsonr(x, y).statistic, abs=TOL)
    other = await app.client.get(
        "/api/v1/analytics/distribution",
        params={"department_id": str(seeded.departments["tech"])},
        headers=head,
    )
    assert other.json()["groups"] == []
    nothing = await app.user_headers("dept_head")
    empty = await app.client.get("/api/v1/analytics/dimension-means", headers=nothing)
    assert empty.json()["groups"] == []
    hr = await app.user_headers("hr")
    everything = await app.client.get("/api/v1/analytics/distribution?group_by=none", headers=hr)
    assert everything.json()["groups"][0]["n"] == sum(
        len(_all_totals(seeded, d)) for d in ("sales-east", "tech")
    )


async def test_outcome_metrics_list_what_was_imported_in_scope(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    listed = await app.client.get("/api/v1/analytics/metrics", headers=hr)
    assert listed.status_code == 200
    with_outcome = [p for p in seeded.people if p["outcome"] is not None]
    assert listed.json()["metrics"] == [
        {
            "metric": "compliance",
            "people": len(with_outcome),
            "records": 2 * len(with_outcome),
            "periods": 2,
            "latest_period": "2025-H2",
        }
    ]
    head = await app.user_headers("dept_head", departments=[seeded.departments["sales"]])
    scoped = (await app.client.get("/api/v1/analytics/metrics", headers=head)).json()
    east = [p for p in _people(seeded, "sales-east") if p["outcome"] is not None]
    assert scoped["metrics"][0]["people"] == len(east) < len(with_outcome)
    nothing = await app.user_headers("dept_head")
    assert (await app.client.get("/api/v1/analytics/metrics", headers=nothing)).json() == {
        "metrics": []
    }


@pytest.mark.parametrize("role", ["interviewer", "employee"])
async def test_other_roles_are_refused(app: App, role: str) -> None:
    headers = await app.user_headers(role)
    for path in (
        "distribution",
        "trends",
        "dimension-means",
        "correlation?outcome=x",
        "threshold?threshold=50&outcome=x",
        "retention?threshold=50",
        "training-needs",
        "metrics",
    ):
        response = await app.client.get(f"/api/v1/analytics/{path}", headers=headers)
        assert response.status_code == 403, path


async def test_trends_dimension_means_and_training_needs(app: App) -> None:
    seeded = await seed(app)
    hr = await app.user_headers("hr")
    trends = await app.client.get("/api/v1/analytics/trends?group_by=position", headers=hr)
    assert trends.status_code == 200
    series = {s["label"]: s for s in trends.json()["series"]}
    assert sum(p["n"] for p in series["开发"]["points"]) == len(_all_totals(seeded, "tech"))
    assert all(len(p["month"]) == 7 for p in series["开发"]["points"])
    means = await app.client.get("/api/v1/analytics/dimension-means?group_by=position", headers=hr)
    dev = next(g for g in means.json()["groups"] if g["label"] == "开发")
    risk = next(d for d in dev["dimensions"] if d["code"] == "risk")
    tech_people = [(i, p) for i, p in enumerate(seeded.people) if p["dept"] == "tech"]
    values = [p["risk"] for _, p in tech_people] + [12.0 for i, _ in tech_people if i % 4 == 0]
    assert risk["n"] == len(values)
    assert risk["mean"] == pytest.approx(np.mean(values), abs=TOL)
    assert risk["name"] == "风险意识"
    needs = await app.client.get("/api/v1/analytics/training-needs", headers=hr)
    assert needs.status_code == 200
    departments = needs.json()["departments"]
    assert {d["code"] for d in departments} == {"sales-east", "tech"}
    for d in departments:  # each department is the only one of its position: gap 0
        assert all(g["gap"] == pytest.approx(0, abs=TOL) for g in d["dimensions"])
    anything = await app.client.get(
        "/api/v1/analytics/distribution?status=any&group_by=none", headers=hr
    )
    assert (
        anything.json()["groups"][0]["n"]
        == sum(len(_all_totals(seeded, d)) for d in ("sales-east", "tech")) + 9
    )
