"""The statistics of the fairness audit and of vendor quality, on counts and per-month
summaries (checked against scipy in the tests)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

FOUR_FIFTHS = 0.8
MIN_GROUP = 5  # groups smaller than this are excluded (LL 144 practice) …
MIN_SHARE = 0.02  # … and so are groups under 2% of everyone analysed
UNKNOWN = "unknown"
ORDER = {
    "gender": ("female", "male", "other"),
    "age_band": ("under_30", "30_39", "40_49", "50_plus"),
}
SHIFT_SE = 3.0  # a month's mean this many standard errors from its baseline is a shift
BASELINE_MONTHS = 6
MIN_BASELINE = 10
MIN_N = 10
NOT_ENOUGH = f"not enough data (n < {MIN_N})"
Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)


def age_band(age: int) -> str:
    if age < 30:
        return "under_30"
    if age < 40:
        return "30_39"
    if age < 50:
        return "40_49"
    return "50_plus"


def _f(value: Any) -> float | None:
    if value is None:
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def impact(attribute: str, counts: Mapping[str, tuple[int, int]]) -> dict[str, Any]:
    """Adverse impact from ``group key → (n, selected)`` (``unknown``: attribute not recorded).

    Groups with n < 5 or under 2% of all people analysed (unknown included) are excluded and
    named; for the others: rate = selected / n, impact ratio = rate / the highest rate (the
    reference group: highest rate, then larger n), flagged below 0.8. The p-value tests the
    groups × (selected, not selected) table: Fisher's exact test (two-sided) for two groups,
    Pearson's chi-square (no continuity correction, k − 1 degrees of freedom) for more; 1.0
    when nobody or everybody was selected (no variation to test)."""
    total = sum(n for n, _ in counts.values())
    known = [k for k in ORDER[attribute] if counts.get(k, (0, 0))[0] > 0]
    known += sorted(k for k in counts if k not in ORDER[attribute] and k != UNKNOWN)
    excluded: list[dict[str, Any]] = []
    included: list[tuple[str, int, int]] = []
    for key in known:
        n, selected = counts[key]
        if n < MIN_GROUP:
            excluded.append({"key": key, "n": n, "why": "fewer_than_5"})
        elif n < MIN_SHARE * total:
            excluded.append({"key": key, "n": n, "why": "under_2_percent"})
        else:
            included.append((key, n, selected))
    if counts.get(UNKNOWN, (0, 0))[0] > 0:
        excluded.append({"key": UNKNOWN, "n": counts[UNKNOWN][0], "why": "not_recorded"})
    rates = {key: selected / n for key, n, selected in included}
    best = max(included, key=lambda g: (rates[g[0]], g[1]), default=None)
    top = rates[best[0]] if best else 0.0
    groups = []
    for key, n, selected in included:
        ratio = rates[key] / top if top > 0 else None
        groups.append(
            {
                "key": key,
                "n": n,
                "selected": selected,
                "rate": rates[key],
                "impact_ratio": ratio,
                "flag": ratio is not None and ratio < FOUR_FIFTHS,
            }
        )
    test, p = selection_test([(n, selected) for _, n, selected in included])
    return {
        "n": total,
        "reference": best[0] if best and top > 0 else None,
        "groups": groups,
        "excluded": excluded,
        "test": test,
        "fisher_p": p,
        "flagged": any(g["flag"] for g in groups),
    }


def selection_test(table: Sequence[tuple[int, int]]) -> tuple[str | None, float | None]:
    """``(test, p)`` for rows of ``(n, selected)``: see :func:`impact`."""
    if len(table) < 2:
        return None, None
    observed = np.array([[s, n - s] for n, s in table], dtype=np.int64)
    test = "fisher_exact" if len(table) == 2 else "chi_square"
    if (observed.sum(axis=0) == 0).any():
        return test, 1.0
    if test == "fisher_exact":
        return test, _f(stats.fisher_exact(observed, alternative="two-sided").pvalue)
    return test, _f(stats.chi2_contingency(observed, correction=False).pvalue)


# -- vendor quality -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    n: int
    mean: float
    sd: float | None


def _index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def pooled(months: Sequence[Month]) -> tuple[int, float | None, float | None]:
    """``(n, mean, sample sd)`` of the results of several months, from their summaries."""
    n = sum(m.n for m in months)
    if n == 0:
        return 0, None, None
    mean = sum(m.n * m.mean for m in months) / n
    if n < 2:
        return n, mean, None
    squares = sum((m.n - 1) * (m.sd or 0.0) ** 2 + m.n * (m.mean - mean) ** 2 for m in months)
    return n, mean, math.sqrt(squares / (n - 1))


def shifts(months: Sequence[Month]) -> list[dict[str, Any]]:
    """Each month with its baseline — the results of the six calendar months before it — and
    ``z`` = (mean − baseline mean) / (baseline sd / √n): a shift when |z| > 3. Without a
    baseline of at least 10 results (or with no spread in it) ``z`` and ``shift`` are null."""
    ordered = sorted(months, key=lambda m: m.month)
    out = []
    for m in ordered:
        at = _index(m.month)
        window = [b for b in ordered if at - BASELINE_MONTHS <= _index(b.month) < at]
        base_n, base_mean, base_sd = pooled(window)
        z = None
        if base_n >= MIN_BASELINE and base_mean is not None and base_sd and m.n > 0:
            z = (m.mean - base_mean) / (base_sd / math.sqrt(m.n))
        out.append(
            {
                "month": m.month,
                "n": m.n,
                "mean": m.mean,
                "sd": m.sd,
                "baseline_n": base_n,
                "baseline_mean": base_mean,
                "z": _f(z),
                "shift": None if z is None else abs(z) > SHIFT_SE,
            }
        )
    return out


def validity(n: int, r: float | None) -> dict[str, Any]:
    """Pearson's r of n pairs with its 95% interval by Fisher's z-transform
    (tanh(atanh r ± 1.96/√(n − 3))) and its two-sided p (as ``scipy.stats.pearsonr``)."""
    if n < MIN_N or r is None or not math.isfinite(r):
        return {
            "n": n,
            "r": None,
            "ci95": None,
            "fisher_z": None,
            "p_value": None,
            "enough_data": False,
            "message": NOT_ENOUGH if n < MIN_N else "no spread in the scores or the outcome",
        }
    r = max(-1.0, min(1.0, r))
    z = math.atanh(r) if abs(r) < 1 else math.copysign(math.inf, r)
    half = Z95 / math.sqrt(n - 3)
    ci = [math.tanh(z - half), math.tanh(z + half)] if math.isfinite(z) else [r, r]
    ab = n / 2 - 1
    p = 2 * stats.beta(ab, ab, loc=-1, scale=2).cdf(-abs(r))
    return {
        "n": n,
        "r": r,
        "ci95": ci,
        "fisher_z": _f(z),
        "p_value": _f(p),
        "enough_data": True,
        "message": None,
    }
