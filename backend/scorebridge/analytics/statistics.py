"""The statistics behind the analytics endpoints, on plain numpy arrays (checked against
scipy in the tests)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import stats

MIN_N = 10
NOT_ENOUGH = f"not enough data (n < {MIN_N})"
Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)
MAX_POINTS = 2000


def _f(value: Any) -> float | None:
    """A JSON-safe float (NaN and infinities become null)."""
    if value is None:
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def histogram(values: np.ndarray, bins: int) -> list[int]:
    """Counts over ``bins`` equal-width bins on 0–100: bin i holds ``i*w <= v < (i+1)*w``,
    the last bin also holds 100 (the same rule the SQL path uses)."""
    index = np.floor(values * (bins / 100.0)).astype(np.int64)
    index = np.clip(index, 0, bins - 1)
    return [int(c) for c in np.bincount(index, minlength=bins)]


def describe(values: np.ndarray) -> dict[str, float | None]:
    """Mean, median, quartiles (linear interpolation, as PostgreSQL ``percentile_cont``) and
    the sample standard deviation (n − 1)."""
    n = len(values)
    if n == 0:
        return {"mean": None, "median": None, "p25": None, "p75": None, "stdev": None}
    p25, median, p75 = np.percentile(values, [25, 50, 75])
    return {
        "mean": _f(np.mean(values)),
        "median": _f(median),
        "p25": _f(p25),
        "p75": _f(p75),
        "stdev": _f(np.std(values, ddof=1)) if n > 1 else None,
    }


def _sample_points(x: np.ndarray, y: np.ndarray) -> list[list[float]]:
    order = np.lexsort((y, x))
    if len(order) > MAX_POINTS:
        order = order[np.linspace(0, len(order) - 1, MAX_POINTS).astype(np.int64)]
    return [[float(x[i]), float(y[i])] for i in order]


def correlation(x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """Pearson r with its two-sided p and Fisher-z 95% CI, Spearman rho with its p, and the
    least-squares line y = slope·x + intercept."""
    n = len(x)
    out: dict[str, Any] = {
        "n": n,
        "pearson_r": None,
        "pearson_p": None,
        "spearman_rho": None,
        "spearman_p": None,
        "ci95": None,
        "slope": None,
        "intercept": None,
        "points": _sample_points(x, y),
        "enough_data": False,
        "message": NOT_ENOUGH,
    }
    if n < MIN_N:
        return out
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        out["message"] = "no variation in the score or the outcome"
        return out
    pearson = stats.pearsonr(x, y)
    spearman = stats.spearmanr(x, y)
    line = stats.linregress(x, y)
    r = float(pearson.statistic)
    z = math.atanh(max(min(r, 1 - 1e-15), -1 + 1e-15))
    half = Z95 / math.sqrt(n - 3)
    out.update(
        pearson_r=_f(r),
        pearson_p=_f(pearson.pvalue),
        spearman_rho=_f(spearman.statistic),
        spearman_p=_f(spearman.pvalue),
        ci95=[math.tanh(z - half), math.tanh(z + half)],
        slope=_f(line.slope),
        intercept=_f(line.intercept),
        enough_data=True,
        message=None,
    )
    return out


def threshold(x: np.ndarray, y: np.ndarray, cut: float) -> dict[str, Any]:
    """Outcome of people scoring ``>= cut`` vs ``< cut``: means, uplift in % of the lower
    group's mean, and Welch's unequal-variance t-test (two-sided)."""
    above, below = y[x >= cut], y[x < cut]
    out: dict[str, Any] = {
        "threshold": cut,
        "above": {"n": len(above), "mean": _f(np.mean(above)) if len(above) else None},
        "below": {"n": len(below), "mean": _f(np.mean(below)) if len(below) else None},
        "uplift_pct": None,
        "welch_t": None,
        "p_value": None,
        "enough_data": False,
        "message": NOT_ENOUGH + " in each group",
    }
    if len(above) < MIN_N or len(below) < MIN_N:
        return out
    mean_below = float(np.mean(below))
    if mean_below != 0:
        out["uplift_pct"] = _f((float(np.mean(above)) - mean_below) / abs(mean_below) * 100)
    test = stats.ttest_ind(above, below, equal_var=False)
    out.update(welch_t=_f(test.statistic), p_value=_f(test.pvalue), enough_data=True, message=None)
    return out


def two_proportions(kept_a: int, n_a: int, kept_b: int, n_b: int) -> dict[str, Any]:
    """Two-proportion z-test with the pooled proportion (two-sided)."""
    out: dict[str, Any] = {
        "above": {"n": n_a, "retained": kept_a, "share": kept_a / n_a if n_a else None},
        "below": {"n": n_b, "retained": kept_b, "share": kept_b / n_b if n_b else None},
        "difference": None,
        "z": None,
        "p_value": None,
        "enough_data": False,
        "message": NOT_ENOUGH + " in each group",
    }
    if n_a < MIN_N or n_b < MIN_N:
        return out
    p_a, p_b = kept_a / n_a, kept_b / n_b
    out["difference"] = p_a - p_b
    pooled = (kept_a + kept_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0:
        out["message"] = "no variation: every person in both groups had the same outcome"
        return out
    z = (p_a - p_b) / se
    out.update(z=z, p_value=float(2 * stats.norm.sf(abs(z))), enough_data=True, message=None)
    return out


def range_correction(
    r: float | None, selected: np.ndarray, n_all: int, sd_all: float | None
) -> dict[str, Any]:
    """Thorndike's case II: r·u / √(1 − r² + r²·u²), u = SD of the score among all candidates
    / SD among the selected (those with an outcome)."""
    sd_selected = float(np.std(selected, ddof=1)) if len(selected) > 1 else None
    out: dict[str, Any] = {
        "corrected_r": None,
        "sd_all": _f(sd_all),
        "sd_selected": _f(sd_selected),
        "n_all": n_all,
    }
    if r is None or not sd_all or not sd_selected:
        return out
    u = sd_all / sd_selected
    out["corrected_r"] = _f(r * u / math.sqrt(1 - r * r + r * r * u * u))
    return out
