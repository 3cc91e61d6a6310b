"""A standard's rules and the verdict they give a result — pure functions, no database.

``weighted_total`` = Σ w·normalized / Σ w over the weighted dimensions the result has (each
dimension row counts, as the SQL of :mod:`scorebridge.standards.sweep` sums them). A result
that has none of them is judged on the vendor's normalised total. It passes when the weighted
total reaches the pass line and every dimension with a minimum that it has reaches that
minimum (a dimension the result lacks is not checked). The vendor's own scores never change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

PASS_LINE = "pass_line"
MINIMUM = "minimum:"


@dataclass(frozen=True)
class Rules:
    """What a standard asks: weights per dimension code, the pass line, minimums (all 0–100)."""

    weights: Mapping[str, float]
    pass_line: float
    minimums: Mapping[str, float] = field(default_factory=dict)
    version: int = 0

    def codes(self) -> set[str]:
        return set(self.weights) | set(self.minimums)


@dataclass(frozen=True)
class Verdict:
    weighted_total: float
    passed: bool
    failed_rules: list[str]


def weighted_total(
    rules: Rules, normalized_total: float, dimensions: Iterable[tuple[str, float]]
) -> float:
    numerator = denominator = 0.0
    for code, normalized in dimensions:
        weight = rules.weights.get(code, 0.0)
        if weight:
            numerator += weight * normalized
            denominator += weight
    return numerator / denominator if denominator > 0 else normalized_total


def evaluate(
    rules: Rules, normalized_total: float, dimensions: Iterable[tuple[str, float]]
) -> Verdict:
    """The verdict on one result: ``dimensions`` are its ``(code, normalized)`` pairs."""
    pairs = list(dimensions)
    total = weighted_total(rules, normalized_total, pairs)
    failed: list[str] = []
    if total < rules.pass_line:
        failed.append(PASS_LINE)
    below = {
        code
        for code, normalized in pairs
        if code in rules.minimums and normalized < rules.minimums[code]
    }
    failed += [MINIMUM + code for code in sorted(below)]
    return Verdict(weighted_total=total, passed=not failed, failed_rules=failed)


def weakest(rules: Rules, dimensions: Mapping[str, float], *, count: int = 2) -> list[str]:
    """The dimensions that hold a person back most under ``rules``: those below their minimum
    first, then the weighted ones by how far they sit below the pass line (weight × gap)."""
    below_minimum = sorted(
        (code for code, v in dimensions.items() if v < rules.minimums.get(code, -1.0)),
        key=lambda c: dimensions[c] - rules.minimums[c],
    )
    gaps = sorted(
        (
            (rules.weights.get(code, 0.0) * (v - rules.pass_line), code)
            for code, v in dimensions.items()
            if rules.weights.get(code, 0.0) > 0 and code not in below_minimum
        )
    )
    ranked = below_minimum + [code for gap, code in gaps if gap < 0]
    if not ranked:  # nothing holds them back: name the lowest weighted dimensions
        ranked = [code for _, code in gaps]
    return ranked[:count]
