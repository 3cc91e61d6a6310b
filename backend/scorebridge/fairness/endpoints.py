"""Fairness audit (admin, auditor), vendor quality (admin, HR, auditor) and people's
sensitive attributes (admin, auditor). Every answer built from the attributes is audited."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics import queries as analytics_queries
from scorebridge.analytics.endpoints import AnalyticsFilters, Dimension
from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.fairness import attributes, report, service
from scorebridge.fairness.queries import AuditFilters
from scorebridge.fairness.schemas import (
    AdverseImpact,
    Attribute,
    Basis,
    ImpactOverview,
    PersonAttributesOut,
    VendorQuality,
)
from scorebridge.intake.models import Vendor
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import NotFound, responses
from scorebridge.kit.fields import Instant
from scorebridge.kit.web import AppSettings, Session
from scorebridge.organisation.models import Batch, Person

router = APIRouter(tags=["fairness"])

Auditor = Annotated[Caller, Depends(requires(Permission.fairness_read))]
AttributeReader = Annotated[Caller, Depends(requires(Permission.attributes_read))]
QualityReader = Annotated[Caller, Depends(requires(Permission.vendor_quality_read))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

METHOD = (
    "Each person counts once per position: their latest result in scope (by interview time, "
    "else receipt). People are grouped by `attribute` — `gender` (female, male, other) or "
    "`age_band` (under_30, 30_39, 40_49, 50_plus: the interview year minus the birth year, in "
    "the organisation's time zone); people without it are the excluded group `unknown` "
    "(`not_recorded`). **Selected**: `threshold` — normalised total ≥ `threshold`; `median` — "
    "normalised total strictly above the median of everyone analysed for the position (NYC "
    "LL 144's scoring rate: ties at the median are not selected); `standard` — the result "
    "passed the position's interview standard (422 naming `basis` when it has none). "
    "**Groups** with fewer than 5 people or under 2% of everyone analysed (unknown included) "
    "are excluded and named with `why`. For the others: rate = selected / n, impact ratio = "
    "rate / the highest rate (`reference`; ties: the larger group), `flag` below 0.8 (the "
    "four-fifths rule). `fisher_p` is the two-sided p of the groups × (selected, not "
    "selected) table: Fisher's exact test for two groups, Pearson's chi-square without "
    "continuity correction for more (`test` says which; 1.0 when nobody or everybody was "
    "selected; null for fewer than two groups). Only `confirmed` results unless `status` says "
    "otherwise. The data are observational: a low ratio shows a difference in outcomes, not "
    "its cause, and small groups make ratios unstable. Each ask is audited "
    "(`fairness.adverse_impact.read`)."
)


def overview_filters(
    interviewed_from: Instant | None = None,
    interviewed_to: Instant | None = None,
    batch_id: uuid.UUID | None = None,
    vendor_id: uuid.UUID | None = None,
    department_id: uuid.UUID | None = None,
    status: Annotated[
        Literal["confirmed", "pending_review", "returned", "rejected", "any"],
        Query(description="Result status to include (default confirmed; `any` for all)"),
    ] = "confirmed",
) -> AuditFilters:
    return AuditFilters(
        department_id=department_id,
        batch_id=batch_id,
        vendor_id=vendor_id,
        interviewed_from=interviewed_from,
        interviewed_to=interviewed_to,
        status=None if status == "any" else status,
    )


OverviewFilters = Annotated[AuditFilters, Depends(overview_filters)]


def audit_filters(
    filters: OverviewFilters,
    position_id: Annotated[uuid.UUID, Query(description="The position audited")],
) -> AuditFilters:
    return replace(filters, position_id=position_id)


Filters = Annotated[AuditFilters, Depends(audit_filters)]
AttributeParam = Annotated[Attribute, Query(description="`gender` or `age_band`")]
BasisParam = Annotated[Basis, Query(description="What counts as selected (see above)")]
Cut = Annotated[
    float | None,
    Query(ge=0, le=100, description="Score cut on the 0–100 scale (basis=threshold)"),
]


async def _audit(
    session: AsyncSession,
    caller: Caller,
    settings: AppSettings,
    f: AuditFilters,
    attribute: str,
    basis: str,
    threshold: float | None,
    action: str,
) -> AdverseImpact:
    await analytics_queries.tune_for_analysis(session)
    question = service.AuditQuestion(f, attribute, basis, threshold)
    answer = await service.adverse_impact(session, question, ZoneInfo(settings.default_timezone))
    audit.record(
        session,
        caller,
        action,
        target_type="position",
        target_id=f.position_id,
        detail={"attribute": attribute, "basis": basis, "flagged": answer.flagged},
    )
    return answer


@router.get(
    "/analytics/adverse-impact",
    operation_id="getAdverseImpact",
    summary="Adverse impact of a position's interviews per gender or age band (admin, auditor)",
    description=METHOD,
    responses=responses(401, 403, 422),
)
async def get_adverse_impact(
    caller: Auditor,
    session: Session,
    settings: AppSettings,
    filters: Filters,
    attribute: AttributeParam = "gender",
    basis: BasisParam = "median",
    threshold: Cut = None,
) -> AdverseImpact:
    return await _audit(
        session, caller, settings, filters, attribute, basis, threshold,
        "fairness.adverse_impact.read",
    )  # fmt: skip


@router.get(
    "/analytics/adverse-impact/report",
    operation_id="downloadAdverseImpactReport",
    summary="The adverse-impact audit as an XLSX report to file (admin, auditor)",
    description="The same audit as `GET /analytics/adverse-impact` with its date, data window, "
    "method, counts, excluded groups and limits, in the caller's language and time zone. "
    "Audited as `fairness.report.downloaded`.",
    responses={
        **responses(401, 403, 422),
        200: {"content": {XLSX: {}}, "description": "The report"},
    },
    response_class=Response,
)
async def download_adverse_impact_report(
    caller: Auditor,
    session: Session,
    settings: AppSettings,
    filters: Filters,
    attribute: AttributeParam = "gender",
    basis: BasisParam = "median",
    threshold: Cut = None,
) -> Response:
    answer = await _audit(
        session, caller, settings, filters, attribute, basis, threshold,
        "fairness.report.downloaded",
    )  # fmt: skip
    zone = ZoneInfo(caller.extras.get("timezone") or settings.default_timezone)
    body = report.xlsx(
        answer, caller.extras.get("locale"), zone, await _filters_text(session, filters, zone)
    )
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    return Response(
        body,
        media_type=XLSX,
        headers={
            "Content-Disposition": (
                f'attachment; filename="fairness-{answer.position.code}-{stamp}.xlsx"'
            ),
            "Cache-Control": "no-store",
        },
    )


async def _filters_text(session: AsyncSession, f: AuditFilters, zone: ZoneInfo) -> str:
    parts = []
    if f.batch_id and (batch := await session.get(Batch, f.batch_id)):
        parts.append(f"batch {batch.code}")
    if f.vendor_id and (vendor := await session.get(Vendor, f.vendor_id)):
        parts.append(f"vendor {vendor.slug}")
    if f.interviewed_from:
        parts.append(f"from {f.interviewed_from.astimezone(zone):%Y-%m-%d %H:%M}")
    if f.interviewed_to:
        parts.append(f"before {f.interviewed_to.astimezone(zone):%Y-%m-%d %H:%M}")
    parts.append(f"status {f.status or 'any'}")
    return "; ".join(parts)


@router.get(
    "/analytics/adverse-impact/positions",
    operation_id="getAdverseImpactOverview",
    summary="Adverse impact of every position at once (admin, auditor)",
    description="The audit of `GET /analytics/adverse-impact` for every position with results "
    "in scope, in one pass, on the `median` or `threshold` basis (the `standard` basis is per "
    "position): each position's n, reference group, the compared group with the lowest ratio, "
    "the people excluded, the test and its p, and whether it is flagged — flagged positions "
    "first, then by lowest ratio. Audited as `fairness.adverse_impact.overview`.",
    responses=responses(401, 403, 422),
)
async def get_adverse_impact_overview(
    caller: Auditor,
    session: Session,
    settings: AppSettings,
    filters: OverviewFilters,
    attribute: AttributeParam = "gender",
    basis: Annotated[
        Literal["threshold", "median"], Query(description="What counts as selected")
    ] = "median",
    threshold: Cut = None,
) -> ImpactOverview:
    await analytics_queries.tune_for_analysis(session)
    question = service.AuditQuestion(filters, attribute, basis, threshold)
    answer = await service.impact_overview(session, question, ZoneInfo(settings.default_timezone))
    audit.record(
        session,
        caller,
        "fairness.adverse_impact.overview",
        target_type="positions",
        detail={"attribute": attribute, "basis": basis},
    )
    return answer


@router.get(
    "/analytics/vendor-quality",
    operation_id="getVendorQuality",
    summary="Per vendor: monthly mean, spread and shifts; validity against an outcome",
    description="Per vendor and calendar month of interview (organisation's time zone): n, "
    "mean and sample sd of the normalised `dimension` (`total` or a code); `baseline_mean` "
    "of the six calendar months before, `z` = (mean − baseline mean) / (baseline sd / √n) "
    'and `shift` when |z| > 3 ("the vendor changed their model"; null without a baseline of '
    "at least 10 results). With `outcome` (a performance metric: each person's mean over all "
    "periods), each vendor's validity: Pearson's r of each person's latest score from that "
    "vendor against the outcome, with n, the 95% interval by Fisher's z-transform, z = "
    "atanh(r) and the two-sided p (null with n < 10). Organisation-wide; filtered like "
    "analytics; only `confirmed` results unless `status` says otherwise.",
    responses=responses(401, 403, 422),
)
async def get_vendor_quality(
    caller: QualityReader,
    session: Session,
    settings: AppSettings,
    filters: AnalyticsFilters,
    dimension: Dimension = "total",
    outcome: Annotated[
        str | None, Query(min_length=1, max_length=64, description="A performance metric")
    ] = None,
    vendor_id: Annotated[uuid.UUID | None, Query(description="One vendor only")] = None,
) -> VendorQuality:
    await analytics_queries.tune_for_analysis(session)
    zone = ZoneInfo(settings.default_timezone)
    return await service.vendor_quality(session, filters, dimension, outcome, zone, vendor_id)


@router.get(
    "/people/{person_id}/attributes",
    operation_id="getPersonAttributes",
    summary="A person's gender and birth year (admin, auditor)",
    description="Sensitive attributes, kept apart from the person and used only by the "
    "fairness audit. HR and admins write them (people import columns `gender`/性别 and "
    "`birth_year`/出生年份, or `PATCH /people/{id}`); only admins and auditors read them, "
    "and every read is audited (`person.attributes.read`).",
    responses=responses(401, 403, 404, 422),
)
async def get_person_attributes(
    caller: AttributeReader, session: Session, person_id: uuid.UUID
) -> PersonAttributesOut:
    if await session.get(Person, person_id) is None:
        raise NotFound(f"No person with id {person_id}")
    row = await attributes.attributes_of(session, person_id)
    audit.record(
        session,
        caller,
        "person.attributes.read",
        target_type="person",
        target_id=person_id,
        subject_person_id=person_id,
    )
    return PersonAttributesOut(
        person_id=person_id,
        gender=row.gender if row else None,
        birth_year=row.birth_year if row else None,
        updated_at=row.updated_at if row else None,
    )
