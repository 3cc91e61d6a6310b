"""Quarterly analysis packs (分析报告): make one, list them, download XLSX or PDF."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import undefer

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit.errors import Conflict, NotFound, responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import AppSettings, Session
from scorebridge.organisation.models import Department
from scorebridge.reports import service
from scorebridge.reports.models import AnalysisReport, ReportStatus
from scorebridge.reports.schemas import ReportIn, ReportOut
from scorebridge.results.schemas import OrgRef

router = APIRouter(prefix="/reports", tags=["reports"])

Reader = Annotated[Caller, Depends(requires(Permission.reports_read))]
Paging = Annotated[PageParams, Depends(page_params)]
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
QUESTIONS = (
    "Three questions, one sheet (XLSX, with a native Excel chart) or one page (PDF) each: are "
    "the score distributions per position reasonable (n, mean, quartiles, SD, histogram, pass "
    "rate under the standard, warnings)? Is the score ↔ performance link significant (r, p, "
    "95% CI, r corrected for range restriction, for the two metrics most people have)? Do "
    "training needs match the weak dimensions (gaps to the positions' benchmarks, the course "
    "with evidence for each, courses completed in the quarter)?"
)


async def _render(session: Session, rows: list[AnalysisReport]) -> list[ReportOut]:
    ids = {r.department_id for r in rows if r.department_id}
    departments = {
        d.id: d
        for d in (
            await session.scalars(select(Department).where(Department.id.in_(list(ids))))
        ).all()
    }
    return [
        ReportOut(
            id=r.id,
            period=r.period,
            department=OrgRef(
                id=departments[r.department_id].id,
                code=departments[r.department_id].code,
                name=departments[r.department_id].name,
            )
            if r.department_id in departments
            else None,
            status=r.status,
            automatic=r.automatic_key is not None,
            locale=r.locale,
            summary=r.summary or {},
            error=r.error,
            created_at=r.created_at,
            finished_at=r.finished_at,
        )
        for r in rows
    ]


@router.post(
    "",
    operation_id="createReport",
    summary="Make a quarterly analysis pack (generated in the background)",
    description=QUESTIONS + " For the organisation (HR, admin) or a department and those "
    "below it (a department head: one of theirs, else 404; without `department_id` 403). "
    "In the caller's language; the caller is notified when it is ready. The quarterly job "
    "also makes them after each quarter for the organisation and each department head.",
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(401, 403, 404, 422),
)
async def create_report(
    caller: Reader, session: Session, settings: AppSettings, data: ReportIn
) -> ReportOut:
    zone = ZoneInfo(settings.default_timezone)
    locale = caller.extras.get("locale", "zh-CN")
    report = await service.create(session, caller, data, zone, locale)
    audit.record(
        session,
        caller,
        "report.requested",
        target_type="report",
        target_id=report.id,
        detail={"period": data.period, "department_id": str(data.department_id or "")},
    )
    return (await _render(session, [report]))[0]


@router.get(
    "",
    operation_id="listReports",
    summary="Packs in the caller's scope, newest first",
    responses=responses(401, 403, 422),
)
async def list_reports(caller: Reader, session: Session, page: Paging) -> Page[ReportOut]:
    rows, cursor = await paginate(
        session,
        service.readable_by(caller),
        sort=Sort(AnalysisReport.created_at, True),
        id_column=AnalysisReport.id,
        params=page,
    )
    return Page(items=await _render(session, list(rows)), next_cursor=cursor)


@router.get(
    "/{report_id}",
    operation_id="getReport",
    summary="One pack (its status while it is made)",
    responses=responses(401, 403, 404, 422),
)
async def get_report(caller: Reader, session: Session, report_id: uuid.UUID) -> ReportOut:
    row = await session.scalar(service.readable_by(caller).where(AnalysisReport.id == report_id))
    if row is None:
        raise NotFound(f"No report with id {report_id}")
    return (await _render(session, [row]))[0]


@router.get(
    "/{report_id}/download",
    operation_id="downloadReport",
    summary="Download a pack as XLSX or PDF",
    description="409 while it is still being made (or failed). Audited as `report.downloaded`.",
    responses={
        **responses(401, 403, 404, 409, 422),
        200: {"content": {MEDIA["xlsx"]: {}, MEDIA["pdf"]: {}}, "description": "The file"},
    },
    response_class=Response,
)
async def download_report(
    caller: Reader,
    session: Session,
    report_id: uuid.UUID,
    format: Annotated[Literal["xlsx", "pdf"], Query()] = "xlsx",
) -> Response:
    row = await session.scalar(
        service.readable_by(caller)
        .where(AnalysisReport.id == report_id)
        .options(undefer(AnalysisReport.xlsx), undefer(AnalysisReport.pdf))
    )
    if row is None:
        raise NotFound(f"No report with id {report_id}")
    body = row.xlsx if format == "xlsx" else row.pdf
    if row.status != ReportStatus.succeeded or body is None:
        raise Conflict(f"The report is {row.status}", current_status=row.status)
    audit.record(
        session,
        caller,
        "report.downloaded",
        target_type="report",
        target_id=row.id,
        detail={"format": format},
    )
    name = f"scorebridge-{row.period}-{str(row.department_id or 'all')[:8]}.{format}"
    return Response(
        content=body,
        media_type=MEDIA[format],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
