"""Suggested weights from data: non-negative least squares of the outcome on the dimensions,
judged by k-fold cross-validated correlation against the current and equal weights.

Why NNLS rather than ridge regression clipped at zero: a standard's weights must be ≥ 0 (a
dimension never counts against a candidate), and NNLS finds the best least-squares fit *under*
that constraint, while clipping ridge's negative coefficients to 0 leaves the others fitted
for a model that is no longer the one used. NNLS has no penalty to tune (ridge needs its λ
chosen by a nested cross-validation, which small samples cannot afford) and gives a dimension
that adds nothing a weight of exactly 0, which HR can read. Its weakness — with strongly
correlated dimensions it may keep one and drop the other — is what the cross-validated r
against equal weights shows honestly.

The intercept is free: NNLS runs on centred dimensions and outcome, which gives exactly the
least-squares fit of ``y ≈ a + Xw`` with ``w ≥ 0``. Weights are scaled to sum to 1 (a
standard's weights are relative).
"""

from __future__ import annotations

import math
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import optimize
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics.queries import visible_departments
from scorebridge.auth.caller import Caller
from scorebridge.results.models import InterviewResult, ResultDimension, ResultStatus
from scorebridge.talent.models import PerformanceRecord

MIN_PEOPLE = 30
FOLDS = 5
SEED = 20261129
COVERAGE = 0.8  # a dimension is fitted when at least this share of the people have it
METHOD = "nnls"
CAVEAT = (
    "Only people who were hired have an outcome: the sample is restricted to those who passed "
    "earlier interviews, so correlations (and the weights fitted on them) are usually weaker "
    "than they would be among all candidates, and a dimension that was already used to select "
    "people can look less useful than it is. Treat the suggestion as a prompt to look, not as "
    "the answer; the correlation card shows r corrected for range restriction (Thorndike II)."
)


def nnls_weights(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Non-negative weights of ``y ≈ a + x·w`` (least squares, free intercept), unscaled."""
    centred = x - x.mean(axis=0)
    weights, _ = optimize.nnls(centred, y - y.mean())
    return np.asarray(weights, dtype=np.float64)


def pearson(a: np.ndarray, b: np.ndarray) -> float | None:
    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])


def fold_of(n: int, folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """The fold (0…folds−1) of each of ``n`` rows: a seeded shuffle dealt round-robin."""
    order = np.random.default_rng(seed).permutation(n)
    assignment = np.empty(n, dtype=np.int64)
    assignment[order] = np.arange(n) % folds
    return assignment


def cross_validated_r(
    x: np.ndarray, y: np.ndarray, folds: int = FOLDS, seed: int = SEED
) -> float | None:
    """Pearson r between ``y`` and the out-of-fold predictions ``x·w`` of NNLS weights fitted
    on the other folds (pooled over the folds)."""
    assignment = fold_of(len(y), folds, seed)
    predicted = np.empty(len(y), dtype=np.float64)
    for k in range(folds):
        test = assignment == k
        weights = nnls_weights(x[~test], y[~test])
        predicted[test] = x[test] @ weights
    return pearson(predicted, y)


def fixed_r(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> float | None:
    """r of a composite with fixed weights (nothing is fitted, so no fold can leak)."""
    if not np.any(weights > 0):
        return None
    return pearson(x @ weights, y)


def range_corrected_r(r: float, sd_all: float, sd_restricted: float) -> float | None:
    """Thorndike's case II: r corrected for direct range restriction on the predictor,
    r·u / √(1 − r² + r²·u²) with u = SD among all candidates / SD among those selected."""
    if sd_restricted <= 0 or sd_all <= 0 or not math.isfinite(r):
        return None
    u = sd_all / sd_restricted
    return r * u / math.sqrt(1 - r * r + r * r * u * u)


@dataclass(frozen=True)
class Fitted:
    n: int
    codes: list[str]
    suggested: dict[str, float] | None
    r_suggested: float | None
    r_current: float | None
    r_equal: float | None
    message: str | None


def suggest(
    x: np.ndarray, y: np.ndarray, codes: list[str], current: Mapping[str, float] | None
) -> Fitted:
    n = len(y)
    if n < MIN_PEOPLE or not codes:
        return Fitted(n, codes, None, None, None, None, f"not enough data (n < {MIN_PEOPLE})")
    raw = nnls_weights(x, y)
    suggested = None
    message = None
    if raw.sum() > 0:
        suggested = {c: float(w / raw.sum()) for c, w in zip(codes, raw, strict=True)}
    else:
        message = "no dimension predicts the outcome (every fitted weight is 0)"
    current_weights = np.array([float((current or {}).get(c, 0.0)) for c in codes])
    return Fitted(
        n=n,
        codes=codes,
        suggested=suggested,
        r_suggested=cross_validated_r(x, y),
        r_current=fixed_r(x, y, current_weights) if current else None,
        r_equal=fixed_r(x, y, np.ones(len(codes))),
        message=message,
    )


async def training_data(
    session: AsyncSession, caller: Caller, position_id: uuid.UUID, metric: str
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per person with the outcome: the dimensions of their latest confirmed result of the
    position (in the caller's scope) and their mean of ``metric``. Dimensions that fewer than
    80% of them have are left out, then the people lacking any of the rest."""
    r = InterviewResult
    when = func.coalesce(r.interviewed_at, r.received_at)
    outcome = (
        select(PerformanceRecord.person_id, func.avg(PerformanceRecord.value).label("y"))
        .where(PerformanceRecord.metric == metric)
        .group_by(PerformanceRecord.person_id)
        .subquery("outcome")
    )
    ranked = (
        select(
            r.id.label("result_id"),
            outcome.c.y,
            func.row_number()
            .over(partition_by=r.person_id, order_by=(when.desc(), r.id.desc()))
            .label("rn"),
        )
        .join(outcome, outcome.c.person_id == r.person_id)
        .where(r.position_id == position_id, r.status == ResultStatus.confirmed)
    )
    visible = visible_departments(caller)
    if visible is not None:
        ranked = ranked.where(r.department_id.in_(visible))
    latest = ranked.subquery("ranked")
    rows = await session.execute(
        select(latest.c.result_id, latest.c.y, ResultDimension.code, ResultDimension.normalized)
        .join(ResultDimension, ResultDimension.result_id == latest.c.result_id)
        .where(latest.c.rn == 1)
    )
    scores: dict[uuid.UUID, dict[str, float]] = defaultdict(dict)
    outcomes: dict[uuid.UUID, float] = {}
    for result_id, y, code, normalized in rows:
        scores[result_id][code] = float(normalized)
        outcomes[result_id] = float(y)
    coverage = Counter(code for dims in scores.values() for code in dims)
    codes = sorted(c for c, k in coverage.items() if k >= COVERAGE * len(scores))
    people = sorted((rid for rid, dims in scores.items() if all(c in dims for c in codes)), key=str)
    x = np.array([[scores[p][c] for c in codes] for p in people], dtype=np.float64)
    y = np.array([outcomes[p] for p in people], dtype=np.float64)
    return x.reshape(len(people), len(codes)), y, codes
