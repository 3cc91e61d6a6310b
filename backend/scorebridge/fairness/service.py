"""The fairness audit and vendor quality, as the endpoints and the watch ask for them.

:func:`erase_attributes` (re-exported from :mod:`scorebridge.fairness.attributes`) is what a
person's erasure calls to forget their gender and birth year.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics.queries import Filters
from scorebridge.fairness import queries, standard, statistics
from scorebridge.fairness.attributes import erase_attributes
from scorebridge.fairness.queries import AuditFilters
from scorebridge.fairness.schemas import (
    AdverseImpact,
    DataWindow,
    ImpactOverview,
    Named,
    PositionImpact,
    Validity,
    VendorMonth,
    VendorQuality,
    VendorQualityRow,
)
from scorebridge.intake.models import Vendor
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import InvalidInput
from scorebridge.organisation.models import Position
from scorebridge.talent.models import PerformanceRecord

__all__ = [
    "AuditQuestion",
    "adverse_impact",
    "erase_attributes",
    "impact_overview",
    "vendor_quality",
]


@dataclass(frozen=True)
class AuditQuestion:
    """What an adverse-impact audit asks: one position, one attribute, one basis."""

    filters: AuditFilters
    attribute: str
    basis: str
    threshold: float | None = None


async def _named(session: AsyncSession, model: type[Position] | type[Vendor]) -> list[Named]:
    code = model.code if model is Position else model.slug  # type: ignore[union-attr]
    rows = await session.execute(select(model.id, code, model.name).order_by(code))
    return [Named(id=i, code=c, name=n) for i, c, n in rows]


async def adverse_impact(
    session: AsyncSession, question: AuditQuestion, zone: ZoneInfo
) -> AdverseImpact:
    """The audit of one position (see :func:`statistics.impact`); 422 naming the field for a
    position that does not exist, a threshold missing for ``basis=threshold`` or a position
    without a standard for ``basis=standard``."""
    f = question.filters
    assert f.position_id is not None
    position = await session.get(Position, f.position_id)
    if position is None:
        raise InvalidInput(["query", "position_id"], f"No position with id {f.position_id}")
    if question.basis == "threshold" and question.threshold is None:
        raise InvalidInput(["query", "threshold"], "basis=threshold needs a threshold (0–100)")
    version = None
    passed = None
    if question.basis == "standard":
        version = await standard.standard_version(session, position.id)
        if version is None:
            raise InvalidInput(
                ["query", "basis"],
                "This position has no interview standard; use basis=threshold or median",
            )
        passed = standard.selected_by_standard()
    found = await queries.selection_counts(
        session,
        f,
        attribute=question.attribute,
        basis=question.basis,
        zone=zone,
        threshold=question.threshold,
        passed=passed,
    )
    counts = found.get(position.id, queries.PositionCounts({}))
    outcome = statistics.impact(question.attribute, counts.counts)
    return AdverseImpact.model_validate(
        {
            **outcome,
            "position": Named(id=position.id, code=position.code, name=position.name),
            "attribute": question.attribute,
            "basis": question.basis,
            "threshold": question.threshold if question.basis == "threshold" else None,
            "median": counts.median if question.basis == "median" else None,
            "standard_version": version,
            "window": DataWindow(
                first=counts.first,
                last=counts.last,
                interviewed_from=f.interviewed_from,
                interviewed_to=f.interviewed_to,
            ),
            "status": f.status,
            "batch_id": f.batch_id,
            "vendor_id": f.vendor_id,
            "computed_at": utcnow(),
            "vendors": await _named(session, Vendor),
        }
    )


async def impact_overview(
    session: AsyncSession, question: AuditQuestion, zone: ZoneInfo
) -> ImpactOverview:
    """Every position at once (one query), on the threshold or median basis: for the page's
    overview and the watch."""
    if question.basis == "threshold" and question.threshold is None:
        raise InvalidInput(["query", "threshold"], "basis=threshold needs a threshold (0–100)")
    found = await queries.selection_counts(
        session,
        question.filters,
        attribute=question.attribute,
        basis=question.basis,
        zone=zone,
        threshold=question.threshold,
    )
    names = {p.id: p for p in await _named(session, Position)}
    rows = []
    for position_id, counts in found.items():
        outcome = statistics.impact(question.attribute, counts.counts)
        compared = [g for g in outcome["groups"] if g["impact_ratio"] is not None]
        lowest = min(compared, key=lambda g: g["impact_ratio"], default=None)
        rows.append(
            PositionImpact(
                position=names[position_id],
                n=outcome["n"],
                reference=outcome["reference"],
                lowest=lowest,
                excluded=sum(e["n"] for e in outcome["excluded"]),
                test=outcome["test"],
                fisher_p=outcome["fisher_p"],
                flagged=outcome["flagged"],
            )
        )
    rows.sort(
        key=lambda r: (
            not r.flagged,
            r.lowest.impact_ratio if r.lowest and r.lowest.impact_ratio is not None else 2.0,
            r.position.code,
        )
    )
    return ImpactOverview(
        attribute=question.attribute,
        basis=question.basis,
        threshold=question.threshold if question.basis == "threshold" else None,
        positions=rows,
    )


async def vendor_quality(
    session: AsyncSession,
    f: Filters,
    dimension: str,
    outcome: str | None,
    zone: ZoneInfo,
    vendor_id: uuid.UUID | None = None,
) -> VendorQuality:
    """Per vendor: months with n, mean, sd and the shift against the trailing six months;
    with ``outcome``, the validity r of its scores against that performance metric."""
    months: dict[uuid.UUID, list[statistics.Month]] = {}
    monthly = await queries.vendor_months(session, f, dimension, zone, vendor_id)
    for vendor, month, n, mean, sd in monthly:
        months.setdefault(vendor, []).append(statistics.Month(month, n, mean, sd))
    validity = (
        await queries.vendor_validity(session, f, dimension, outcome, vendor_id) if outcome else {}
    )
    vendors = {v.id: v for v in await _named(session, Vendor)}
    rows = []
    for vendor in sorted(set(months) | set(validity), key=lambda v: vendors[v].code):
        series = [VendorMonth(**m) for m in statistics.shifts(months.get(vendor, []))]
        found = validity.get(vendor, (0, None)) if outcome else None
        rows.append(
            VendorQualityRow(
                vendor=vendors[vendor],
                n=sum(m.n for m in series),
                months=series,
                shifted_months=[m.month for m in series if m.shift],
                validity=Validity(**statistics.validity(*found)) if found else None,
            )
        )
    metrics = await session.scalars(
        select(PerformanceRecord.metric).distinct().order_by(PerformanceRecord.metric)
    )
    return VendorQuality(
        dimension=dimension, outcome=outcome, vendors=rows, metrics=list(metrics.all())
    )
