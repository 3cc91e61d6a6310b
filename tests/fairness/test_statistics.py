"""The audit's and vendor quality's statistics against scipy/numpy on hand-built tables."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from scorebridge.fairness import statistics

TOL = 1e-9


def test_two_groups_use_fishers_exact_test() -> None:
    out = statistics.impact("gender", {"female": (20, 8), "male": (25, 18)})
    female, male = out["groups"]
    assert (female["key"], female["n"], female["selected"]) == ("female", 20, 8)
    assert female["rate"] == pytest.approx(8 / 20, abs=TOL)
    assert male["rate"] == pytest.approx(18 / 25, abs=TOL)
    assert out["reference"] == "male"
    assert male["impact_ratio"] == pytest.approx(1.0, abs=TOL)
    assert female["impact_ratio"] == pytest.approx((8 / 20) / (18 / 25), abs=TOL)
    assert female["flag"]
    assert not male["flag"]
    assert out["flagged"]
    expected = stats.fisher_exact([[8, 12], [18, 7]], alternative="two-sided").pvalue
    assert out["test"] == "fisher_exact"
    assert out["fisher_p"] == pytest.approx(expected, abs=TOL)


def test_more_groups_use_chi_square_without_correction() -> None:
    counts = {"under_30": (10, 7), "30_39": (12, 6), "40_49": (8, 1), "50_plus": (30, 9)}
    out = statistics.impact("age_band", counts)
    assert [g["key"] for g in out["groups"]] == ["under_30", "30_39", "40_49", "50_plus"]
    table = [[s, n - s] for n, s in counts.values()]
    expected = stats.chi2_contingency(table, correction=False).pvalue
    assert out["test"] == "chi_square"
    assert out["fisher_p"] == pytest.approx(expected, abs=TOL)
    top = 7 / 10
    for g, (n, s) in zip(out["groups"], counts.values(), strict=True):
        assert g["impact_ratio"] == pytest.approx((s / n) / top, abs=TOL)
        assert g["flag"] is ((s / n) / top < 0.8)
    assert out["reference"] == "under_30"


def test_tiny_and_small_share_groups_are_excluded_and_named() -> None:
    # 4 people "other" (n < 5); 5 people aged 50+ out of 300 (under 2%); unknown: not recorded
    out = statistics.impact("gender", {"female": (140, 50), "male": (150, 70), "other": (4, 4),
                                       "unknown": (6, 1)})  # fmt: skip
    assert out["n"] == 300
    assert out["excluded"] == [
        {"key": "other", "n": 4, "why": "fewer_than_5"},
        {"key": "unknown", "n": 6, "why": "not_recorded"},
    ]
    assert [g["key"] for g in out["groups"]] == ["female", "male"]
    expected = stats.fisher_exact([[50, 90], [70, 80]]).pvalue
    assert out["fisher_p"] == pytest.approx(expected, abs=TOL)
    ages = statistics.impact("age_band", {"under_30": (145, 60), "30_39": (150, 70),
                                          "50_plus": (5, 5)})  # fmt: skip
    assert ages["excluded"] == [{"key": "50_plus", "n": 5, "why": "under_2_percent"}]


def test_a_group_of_exactly_five_at_two_percent_is_kept() -> None:
    out = statistics.impact("gender", {"female": (5, 1), "male": (245, 100)})  # 5 = 2% of 250
    assert [g["key"] for g in out["groups"]] == ["female", "male"]
    assert out["excluded"] == []
    expected = stats.fisher_exact([[1, 4], [100, 145]]).pvalue
    assert out["fisher_p"] == pytest.approx(expected, abs=TOL)


def test_nobody_or_everybody_selected() -> None:
    none = statistics.impact("gender", {"female": (6, 0), "male": (7, 0)})
    assert none["reference"] is None
    assert [g["impact_ratio"] for g in none["groups"]] == [None, None]
    assert not none["flagged"]
    assert none["fisher_p"] == pytest.approx(stats.fisher_exact([[0, 6], [0, 7]]).pvalue, abs=TOL)
    everyone = statistics.impact("age_band", {"under_30": (6, 6), "30_39": (7, 7), "40_49": (5, 5)})
    assert everyone["fisher_p"] == 1.0
    assert not everyone["flagged"]
    assert all(g["impact_ratio"] == pytest.approx(1.0) for g in everyone["groups"])


def test_one_group_has_no_test() -> None:
    out = statistics.impact("gender", {"female": (9, 3), "other": (2, 1)})
    assert out["test"] is None
    assert out["fisher_p"] is None
    assert out["groups"][0]["impact_ratio"] == pytest.approx(1.0)


def test_equal_rates_take_the_larger_group_as_reference() -> None:
    out = statistics.impact("gender", {"female": (10, 5), "male": (20, 10)})
    assert out["reference"] == "male"


def test_age_bands() -> None:
    assert [statistics.age_band(a) for a in (18, 29, 30, 39, 40, 49, 50, 70)] == [
        "under_30", "under_30", "30_39", "30_39", "40_49", "40_49", "50_plus", "50_plus",
    ]  # fmt: skip


def test_shift_against_the_trailing_six_months() -> None:
    rng = np.random.default_rng(5)
    values = {f"2025-{m:02d}": rng.normal(70, 8, 40) for m in range(1, 8)}
    values["2025-08"] = rng.normal(79, 8, 40)  # the vendor changed their model
    months = [
        statistics.Month(k, len(v), float(np.mean(v)), float(np.std(v, ddof=1)))
        for k, v in values.items()
    ]
    out = {m["month"]: m for m in statistics.shifts(months)}
    assert out["2025-01"]["z"] is None
    assert out["2025-01"]["shift"] is None
    august = out["2025-08"]
    base = np.concatenate([values[f"2025-{m:02d}"] for m in range(2, 8)])
    assert august["baseline_n"] == len(base)
    assert august["baseline_mean"] == pytest.approx(float(np.mean(base)), abs=TOL)
    z = (np.mean(values["2025-08"]) - np.mean(base)) / (np.std(base, ddof=1) / math.sqrt(40))
    assert august["z"] == pytest.approx(float(z), rel=TOL)
    assert august["shift"] is True
    assert out["2025-07"]["shift"] is False


def test_pooled_summary_matches_numpy() -> None:
    rng = np.random.default_rng(9)
    parts = [rng.normal(60, 10, n) for n in (1, 2, 17, 30)]
    months = [
        statistics.Month(f"2025-0{i + 1}", len(p), float(np.mean(p)),
                         float(np.std(p, ddof=1)) if len(p) > 1 else None)
        for i, p in enumerate(parts)
    ]  # fmt: skip
    n, mean, sd = statistics.pooled(months)
    allv = np.concatenate(parts)
    assert n == len(allv)
    assert mean == pytest.approx(float(np.mean(allv)), rel=TOL)
    assert sd == pytest.approx(float(np.std(allv, ddof=1)), rel=TOL)


def test_validity_matches_pearsonr() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(40, 95, 60)
    y = 0.4 * x + rng.normal(0, 8, 60)
    r = float(np.corrcoef(x, y)[0, 1])
    out = statistics.validity(60, r)
    expected = stats.pearsonr(x, y)
    assert out["r"] == pytest.approx(expected.statistic, abs=TOL)
    assert out["p_value"] == pytest.approx(expected.pvalue, abs=TOL)
    lo, hi = expected.confidence_interval(0.95)
    assert out["ci95"][0] == pytest.approx(lo, abs=1e-6)
    assert out["ci95"][1] == pytest.approx(hi, abs=1e-6)
    assert out["fisher_z"] == pytest.approx(math.atanh(r), abs=TOL)
    small = statistics.validity(9, 0.9)
    assert small["enough_data"] is False
    assert small["r"] is None
    assert small["message"] == "not enough data (n < 10)"
