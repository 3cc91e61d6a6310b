"""Normalising scores to 0–100 and the flags that ask HR to look twice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scorebridge.intake.schemas import StandardResult

SCORE_OUT_OF_RANGE = "score_out_of_range"
DIMENSION_SET_CHANGED = "dimension_set_changed"
TOTAL_FAR_FROM_DIMENSION_MEAN = "total_far_from_dimension_mean"
LARGE_REVISION_CHANGE = "large_revision_change"

# Points (on 0–100) the total may differ from the mean of its dimensions before it is flagged.
FAR_FROM_MEAN_POINTS = 15.0
# Points a revision may move the total before it is flagged.
LARGE_CHANGE_POINTS = 10.0


def normalize(score: float, max_score: float) -> float:
    """``score / max_score * 100``, clamped to 0–100 and rounded to 2 decimals."""
    if max_score <= 0:
        return 0.0
    return round(min(max(score / max_score * 100, 0.0), 100.0), 2)


@dataclass(frozen=True)
class ScoredDimension:
    code: str
    name: str
    score: float
    max_score: float
    normalized: float
    comment: str | None


@dataclass(frozen=True)
class Scored:
    normalized_total: float
    dimensions: list[ScoredDimension]
    flags: list[str]


def score(data: StandardResult) -> Scored:
    """Normalised total and dimensions, and the flags the result carries on its own."""
    flags: list[str] = []
    dimensions: list[ScoredDimension] = []
    for dim in data.dimensions:
        dim_max = dim.max_score or data.max_score
        if not 0 <= dim.score <= dim_max:
            flags.append(SCORE_OUT_OF_RANGE)
        dimensions.append(
            ScoredDimension(
                code=dim.code,
                name=dim.name or dim.code,
                score=dim.score,
                max_score=dim_max,
                normalized=normalize(dim.score, dim_max),
                comment=dim.comment,
            )
        )
    total = normalize(data.total_score, data.max_score)
    if dimensions:
        mean = sum(d.normalized for d in dimensions) / len(dimensions)
        if abs(total - mean) > FAR_FROM_MEAN_POINTS:
            flags.append(TOTAL_FAR_FROM_DIMENSION_MEAN)
    return Scored(normalized_total=total, dimensions=dimensions, flags=sorted(set(flags)))


def revision_flags(
    previous_codes: Sequence[str], previous_total: float, scored: Scored
) -> list[str]:
    """Flags an update earns by comparison with the version it replaces."""
    flags: list[str] = []
    if previous_codes and set(previous_codes) != {d.code for d in scored.dimensions}:
        flags.append(DIMENSION_SET_CHANGED)
    if abs(previous_total - scored.normalized_total) >= LARGE_CHANGE_POINTS:
        flags.append(LARGE_REVISION_CHANGE)
    return flags
