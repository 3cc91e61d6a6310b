"""Quarterly packs: made on demand or by the quarterly job, generated in a job, read in scope.

HR and admin read every pack; a department head those of departments in their scope (their
granted departments and those below). A pack for the whole organisation is sent to HR and
admin users; a department's to the heads whose scope holds it; one made on demand to whoever
asked for it — in-app and on each recipient's own channels (``notifications.notify``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, false, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics.tasks import ORGANISATION, department_head
from scorebridge.auth.caller import Caller
from scorebridge.auth.models import User, UserDepartment, UserRole
from scorebridge.auth.permissions import Role
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.errors import Forbidden, InvalidInput, NotFound
from scorebridge.kit.jobs import enqueue
from scorebridge.notifications import templates
from scorebridge.notifications.hub import hub_for
from scorebridge.notifications.service import notify, users_with_roles
from scorebridge.organisation.models import Department
from scorebridge.organisation.scope import with_descendants
from scorebridge.reports import content, pdf, xlsx
from scorebridge.reports.models import AnalysisReport, ReportStatus
from scorebridge.reports.schemas import ReportIn
from scorebridge.reports.texts import answers, words
from scorebridge.settings import Settings

logger = logging.getLogger(__name__)
GENERATE_JOB = "reports.generate"

templates.TEMPLATES["report.ready"] = {
    "zh-CN": templates.Text(
        "季度分析报告已生成", "{scope} {period} 的 AI 面试成绩分析报告已生成,可下载 XLSX 和 PDF。"
    ),
    "en": templates.Text(
        "Quarterly analysis ready",
        "The {period} AI interview analysis for {scope} is ready to download (XLSX, PDF).",
    ),
}


def readable_by(caller: Caller) -> Select[AnalysisReport]:
    statement = select(AnalysisReport)
    if caller.sees_everything:
        return statement
    if caller.is_dept_head and caller.department_scope:
        return statement.where(AnalysisReport.department_id.in_(caller.department_scope))
    return statement.where(false())


async def create(
    session: AsyncSession, caller: Caller, data: ReportIn, zone: ZoneInfo, locale: str
) -> AnalysisReport:
    start, _ = content.quarter_bounds(data.period, zone)
    if start > utcnow():
        raise InvalidInput(["body", "period"], f"{data.period} has not started yet")
    if data.department_id is None and not caller.sees_everything:
        raise Forbidden("Department heads make packs for their own departments: give one")
    if data.department_id is not None:
        visible = caller.sees_everything or data.department_id in caller.department_scope
        if not visible or await session.get(Department, data.department_id) is None:
            raise NotFound(f"No department with id {data.department_id}")
    report = AnalysisReport(
        id=uuid.uuid4(),
        period=data.period,
        department_id=data.department_id,
        status=ReportStatus.pending,
        locale=locale,
        summary={},
        created_by=caller.id if caller.kind == "user" else None,
        created_at=utcnow(),
    )
    session.add(report)
    await session.flush()
    enqueue(session, GENERATE_JOB, str(report.id), job_id=f"report:{report.id}")
    return report


async def _caller_for(session: AsyncSession, report: AnalysisReport) -> Caller:
    if report.department_id is None:
        return ORGANISATION
    return department_head(await with_descendants(session, [report.department_id]))


async def generate(db: Database, settings: Settings, report_id: uuid.UUID) -> None:
    """Compute the pack, write XLSX and PDF, tell the recipients. Safe to run twice."""
    zone = ZoneInfo(settings.default_timezone)
    async with db.unit_of_work() as session:
        report = await session.get(AnalysisReport, report_id)
        if report is None or report.status == ReportStatus.succeeded:
            return
        report.status = ReportStatus.running
    try:
        async with db.unit_of_work() as session:
            report = await session.get(AnalysisReport, report_id)
            assert report is not None
            caller = await _caller_for(session, report)
            scope = await content.scope_name(session, report.department_id, report.locale)
            pack = await content.gather(
                session, db, caller, report.period, scope, report.department_id, zone,
                total_name=words(report.locale)["total"],
            )  # fmt: skip
            generated = utcnow()
            report.xlsx = xlsx.build(pack, report.locale, zone, generated)
            report.pdf = pdf.build(pack, report.locale, zone, generated)
            report.summary = {**pack.summary(), "answers": answers(pack, report.locale)}
            report.status = ReportStatus.succeeded
            report.error = None
            report.finished_at = generated
            recipients = await _recipients(session, report)
            await notify(
                session,
                hub_for(settings.redis_url),
                recipients,
                "report.ready",
                {"scope": scope, "period": report.period},
                link=f"/reports?id={report.id}",
                data={"report_id": str(report.id)},
                dedupe=f"report:{report.id}",
            )
    except Exception as exc:
        logger.exception("reports: generating %s failed", report_id)
        async with db.unit_of_work() as session:
            failed = await session.get(AnalysisReport, report_id)
            if failed is not None:
                failed.status = ReportStatus.failed
                failed.error = f"{type(exc).__name__}: {exc}"[:2000]
                failed.finished_at = utcnow()


async def _recipients(session: AsyncSession, report: AnalysisReport) -> list[User]:
    if report.automatic_key is None:
        if report.created_by is None:
            return []
        user = await session.get(User, report.created_by)
        return [user] if user is not None and user.is_active else []
    if report.department_id is None:
        return await users_with_roles(session, [Role.hr, Role.admin])
    heads = await session.execute(
        select(User, UserDepartment.department_id)
        .join(UserDepartment, UserDepartment.user_id == User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.is_active.is_(True), UserRole.role == Role.dept_head)
    )
    granted: dict[uuid.UUID, tuple[User, set[uuid.UUID]]] = {}
    for user, department_id in heads:
        granted.setdefault(user.id, (user, set()))[1].add(department_id)
    out = []
    for user, departments in granted.values():
        if report.department_id in await with_descendants(session, departments):
            out.append(user)
    return out


async def make_quarterly(db: Database, settings: Settings, today: datetime) -> list[uuid.UUID]:
    """The packs of the quarter before ``today`` (organisation's zone): one for the whole
    organisation and one per department a department head is granted; each made once."""
    zone = ZoneInfo(settings.default_timezone)
    period = content.previous_quarter(today.astimezone(zone).date())
    async with db.unit_of_work() as session:
        granted = await session.scalars(
            select(UserDepartment.department_id)
            .join(UserRole, UserRole.user_id == UserDepartment.user_id)
            .where(UserRole.role == Role.dept_head)
            .distinct()
        )
        departments: list[uuid.UUID | None] = [None, *sorted(set(granted.all()), key=str)]
    made = []
    for department_id in departments:
        key = f"{period}:{department_id or 'all'}"
        try:
            async with db.unit_of_work() as session:
                exists = await session.scalar(
                    select(AnalysisReport.id).where(AnalysisReport.automatic_key == key)
                )
                if exists is not None:
                    continue
                report = AnalysisReport(
                    id=uuid.uuid4(),
                    period=period,
                    department_id=department_id,
                    status=ReportStatus.pending,
                    automatic_key=key,
                    locale="zh-CN",
                    summary={},
                    created_at=utcnow(),
                )
                session.add(report)
                await session.flush()
                enqueue(session, GENERATE_JOB, str(report.id), job_id=f"report:{report.id}")
                made.append(report.id)
        except IntegrityError:  # another process made it first
            continue
    return made
