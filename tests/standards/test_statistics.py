"""The statistics of standards against independent references (numpy.linalg, scipy) to 1e-6:
suggested weights (NNLS), cross-validated r, range-corrected r and the what-if's Welch test."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from scipy import stats

from conftest import App
from scorebridge.standards import weights
from scorebridge.standards.rules import Rules, evaluate
from standards.support import CODES, SALES_STANDARD, START, save_standard, seed

TOL = 1e-6


def reference_nnls(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Brute force over active sets with ordinary least squares (numpy.linalg.lstsq): the
    feasible (all ≥ 0) fit with the smallest residual, intercept free."""
    xc, yc = x - x.mean(axis=0), y - y.mean()
    best, best_residual = np.zeros(x.shape[1]), float(yc @ yc)
    for size in range(1, x.shape[1] + 1):
        for subset in itertools.combinations(range(x.shape[1]), size):
            coef, *_ = np.linalg.lstsq(xc[:, subset], yc, rcond=None)
            if np.any(coef < 0):
                continue
            full = np.zeros(x.shape[1])
            full[list(subset)] = coef
            residual = float(np.sum((yc - xc @ full) ** 2))
            if residual < best_residual - 1e-12:
                best, best_residual = full, residual
    return best


def _data(n: int, seed_: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed_)
    x = rng.uniform(40, 100, size=(n, 4))
    x[:, 3] = 0.7 * x[:, 0] + rng.normal(0, 5, n)  # correlated with the first
    y = 10 + 0.5 * x[:, 0] + 0.2 * x[:, 1] - 0.3 * x[:, 2] + rng.normal(0, 4, n)
    return x, y


def test_nnls_weights_match_the_brute_force_reference() -> None:
    for n, s in ((40, 1), (120, 2), (300, 3)):
        x, y = _data(n, s)
        got = weights.nnls_weights(x, y)
        expected = reference_nnls(x, y)
        assert np.all(got >= 0)
        np.testing.assert_allclose(got, expected, atol=TOL)
        assert got[2] == 0  # the dimension that counts against the outcome gets no weight


def test_cross_validated_r_matches_a_refit_per_fold() -> None:
    x, y = _data(90)
    folds = weights.fold_of(len(y))
    assert sorted(np.bincount(folds).tolist()) == [18] * 5
    predicted = np.empty(len(y))
    for k in range(5):
        test = folds == k
        predicted[test] = x[test] @ reference_nnls(x[~test], y[~test])
    expected = stats.pearsonr(predicted, y).statistic
    assert weights.cross_validated_r(x, y) == pytest.approx(expected, abs=TOL)
    w = np.array([1.0, 2.0, 0.0, 1.0])
    assert weights.fixed_r(x, y, w) == pytest.approx(stats.pearsonr(x @ w, y).statistic, abs=TOL)


def test_range_corrected_r_matches_thorndike_case_two() -> None:
    rng = np.random.default_rng(11)
    applicants = rng.normal(70, 12, 5000)
    performance = 0.5 * applicants + rng.normal(0, 6, 5000)
    hired = applicants > 75
    r = stats.pearsonr(applicants[hired], performance[hired]).statistic
    big_s, small_s = np.std(applicants, ddof=1), np.std(applicants[hired], ddof=1)
    # Thorndike (1949) case II as usually printed: R = r(S/s) / sqrt(1 - r^2 + r^2 S^2/s^2)
    expected = (r * big_s / small_s) / math.sqrt(1 - r**2 + (r**2) * (big_s**2) / (small_s**2))
    got = weights.range_corrected_r(float(r), float(big_s), float(small_s))
    assert got == pytest.approx(expected, abs=TOL)
    full = stats.pearsonr(applicants, performance).statistic
    assert abs(got - full) < abs(r - full)  # the correction recovers most of the loss


async def test_correlation_card_reports_the_corrected_r(app: App) -> None:
    seeded = await seed(app, people=80, unhired_every=4)
    hr = await app.user_headers("hr")
    response = await app.client.get(
        "/api/v1/analytics/correlation",
        params={"dimension": "communication", "outcome": "销售业绩"},
        headers=hr,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    confirmed = [r for r in seeded.results if r["status"] == "confirmed"]
    everyone = np.array([r["scores"]["communication"] for r in confirmed])
    pairs = [r for r in confirmed if r["person"] in seeded.outcome]
    x = np.array([r["scores"]["communication"] for r in pairs])
    y = np.array([seeded.outcome[r["person"]] for r in pairs])
    r = stats.pearsonr(x, y).statistic
    big_s, small_s = np.std(everyone, ddof=1), np.std(x, ddof=1)
    expected = (r * big_s / small_s) / math.sqrt(1 - r**2 + (r**2) * (big_s**2) / (small_s**2))
    assert body["pearson_r"] == pytest.approx(r, abs=TOL)  # existing fields unchanged
    assert body["n_all"] == len(confirmed)
    assert body["sd_all"] == pytest.approx(big_s, abs=TOL)
    assert body["sd_selected"] == pytest.approx(small_s, abs=TOL)
    assert body["corrected_r"] == pytest.approx(expected, abs=TOL)


async def test_suggested_weights_endpoint_against_the_reference(app: App) -> None:
    seeded = await seed(app, people=60)
    await save_standard(app, seeded.position_id)
    hr = await app.user_headers("hr")
    response = await app.client.get(
        "/api/v1/analytics/weights",
        params={"position_id": str(seeded.position_id), "outcome": "销售业绩"},
        headers=hr,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    people = sorted(
        (r for r in seeded.results if r["status"] == "confirmed"), key=lambda r: str(r["id"])
    )
    codes = sorted(CODES)
    x = np.array([[r["scores"][c] for c in codes] for r in people])
    y = np.array([seeded.outcome[r["person"]] for r in people])
    assert body["n"] == len(people) == 48
    assert body["dimensions"] == codes
    assert body["enough_data"] is True
    assert body["method"] == "nnls"
    assert body["folds"] == 5
    assert "restricted" in body["caveat"]
    raw = reference_nnls(x, y)
    for code, w in zip(codes, raw / raw.sum(), strict=True):
        assert body["suggested"][code] == pytest.approx(w, abs=TOL)
    assert body["suggested"]["communication"] > 0.5
    folds = weights.fold_of(len(y))
    predicted = np.empty(len(y))
    for k in range(5):
        test = folds == k
        predicted[test] = x[test] @ reference_nnls(x[~test], y[~test])
    cv = body["cv_r"]
    assert cv["suggested"] == pytest.approx(stats.pearsonr(predicted, y).statistic, abs=TOL)
    current = np.array([SALES_STANDARD["weights"][c] for c in codes], dtype=float)
    assert cv["current"] == pytest.approx(stats.pearsonr(x @ current, y).statistic, abs=TOL)
    assert cv["equal"] == pytest.approx(stats.pearsonr(x.sum(axis=1), y).statistic, abs=TOL)


async def test_suggested_weights_need_thirty_people(app: App) -> None:
    seeded = await seed(app, people=20)
    hr = await app.user_headers("hr")
    body = (
        await app.client.get(
            "/api/v1/analytics/weights",
            params={"position_id": str(seeded.position_id), "outcome": "销售业绩"},
            headers=hr,
        )
    ).json()
    assert body["enough_data"] is False
    assert body["suggested"] is None
    assert body["cv_r"] == {"suggested": None, "current": None, "equal": None}
    assert "n < 30" in body["message"]
    params = {"position_id": str(seeded.position_id), "outcome": "销售业绩"}
    interviewer = await app.user_headers("interviewer")
    denied = await app.client.get("/api/v1/analytics/weights", params=params, headers=interviewer)
    assert denied.status_code == 403
    elsewhere = await app.user_headers("dept_head", departments=[seeded.departments["back"]])
    scoped = await app.client.get("/api/v1/analytics/weights", params=params, headers=elsewhere)
    assert scoped.json()["n"] < body["n"]  # a department head fits on their departments only


def _expected_simulation(
    seeded: Any, current: Rules, draft: Rules, window: tuple[Any, Any] | None
) -> dict[str, Any]:
    rows = [r for r in seeded.results if window is None or window[0] <= r["at"] < window[1]]
    out: dict[str, Any] = {"n": len(rows), "now": 0, "draft": 0, "to_pass": 0, "to_fail": 0}
    per_department: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    groups: dict[bool, list[float]] = {True: [], False: []}
    for r in rows:
        now = evaluate(current, r["total"], r["scores"].items())
        then = evaluate(draft, r["total"], r["scores"].items())
        out["now"] += now.passed
        out["draft"] += then.passed
        out["to_pass"] += then.passed and not now.passed
        out["to_fail"] += now.passed and not then.passed
        d = per_department[r["department"]]
        d[0] += 1
        d[1] += now.passed
        d[2] += then.passed
        if r["person"] in seeded.outcome:
            groups[then.passed].append(seeded.outcome[r["person"]])
    out["departments"] = dict(per_department)
    out["groups"] = groups
    return out


async def test_what_if_matches_the_rules_and_welch(app: App) -> None:
    seeded = await seed(app, people=90)
    await save_standard(app, seeded.position_id)
    draft_body = {
        "weights": {"communication": 1, "logic": 2, "expertise": 1},
        "pass_line": 68,
        "minimums": {"expertise": 50},
    }
    hr = await app.user_headers("hr")
    window = (START + timedelta(days=10), START + timedelta(days=80))
    response = await app.client.post(
        f"/api/v1/positions/{seeded.position_id}/standard/simulate",
        json={
            "draft": draft_body,
            "interviewed_from": window[0].isoformat(),
            "interviewed_to": window[1].isoformat(),
            "outcome": "销售业绩",
        },
        headers=hr,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    current = Rules(SALES_STANDARD["weights"], 70, SALES_STANDARD["minimums"], 1)
    draft = Rules(draft_body["weights"], 68, draft_body["minimums"])
    expected = _expected_simulation(seeded, current, draft, window)
    assert body["n"] == expected["n"] == 70
    assert body["current"]["version"] == 1
    assert body["current"]["pass_rate"] == pytest.approx(expected["now"] / 70)
    assert body["draft"]["pass_rate"] == pytest.approx(expected["draft"] / 70)
    assert body["flips"]["to_pass"] == expected["to_pass"]
    assert body["flips"]["to_fail"] == expected["to_fail"]
    assert expected["to_pass"] + expected["to_fail"] > 0
    assert len(body["flips"]["who_to_pass"]) == min(20, expected["to_pass"])
    draft_totals = [f["draft_total"] for f in body["flips"]["who_to_pass"]]
    assert draft_totals == sorted(draft_totals, reverse=True)
    assert all(f["person"]["name"].startswith("候选人") for f in body["flips"]["who_to_fail"])
    by_code = {d["department"]["code"]: d for d in body["by_department"]}
    for code, (n, now, then) in expected["departments"].items():
        assert by_code[code]["n"] == n
        assert by_code[code]["current_rate"] == pytest.approx(now / n)
        assert by_code[code]["draft_rate"] == pytest.approx(then / n)
    passed, failed = expected["groups"][True], expected["groups"][False]
    welch = stats.ttest_ind(passed, failed, equal_var=False)
    outcome = body["outcome"]
    assert outcome["passed_n"] == len(passed)
    assert outcome["failed_n"] == len(failed)
    assert outcome["passed_mean"] == pytest.approx(np.mean(passed), abs=TOL)
    assert outcome["failed_mean"] == pytest.approx(np.mean(failed), abs=TOL)
    assert outcome["welch_t"] == pytest.approx(welch.statistic, abs=TOL)
    assert outcome["p_value"] == pytest.approx(welch.pvalue, abs=TOL)


async def test_what_if_without_a_current_standard(app: App) -> None:
    seeded = await seed(app, people=12, with_outcome=False)
    hr = await app.user_headers("hr")
    response = await app.client.post(
        f"/api/v1/positions/{seeded.position_id}/standard/simulate",
        json={"draft": SALES_STANDARD, "outcome": "销售业绩"},
        headers=hr,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    rules = Rules(SALES_STANDARD["weights"], 70, SALES_STANDARD["minimums"])
    passing = sum(evaluate(rules, r["total"], r["scores"].items()).passed for r in seeded.results)
    assert body["current"] == {"version": None, "pass_rate": None, "passed": 0}
    assert body["draft"]["pass_rate"] == pytest.approx(passing / 12)
    assert body["flips"]["to_pass"] == 0
    assert body["outcome"]["enough_data"] is False
