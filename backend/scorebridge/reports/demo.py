"""``seed-demo``: the 2026-Q3 pack of the whole organisation, made as the quarterly job would
(once: it carries the job's key) and sent to HR."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.demo import DEMO_EXTENSIONS
from scorebridge.kit.db import Database, utcnow
from scorebridge.reports import service
from scorebridge.reports.models import AnalysisReport, ReportStatus
from scorebridge.settings import Settings

PERIOD = "2026-Q3"


async def seed_demo_report(session: AsyncSession, database: Database, settings: Settings) -> None:
    key = f"{PERIOD}:all"
    if utcnow().date().isoformat() < "2026-10-01":
        return  # the quarter has not ended yet
    report_id = await session.scalar(
        select(AnalysisReport.id).where(AnalysisReport.automatic_key == key)
    )
    if report_id is None:
        report_id = uuid.uuid4()
        session.add(
            AnalysisReport(
                id=report_id, period=PERIOD, status=ReportStatus.pending, automatic_key=key,
                locale="zh-CN", summary={}, created_at=utcnow(),
            )
        )  # fmt: skip
        await session.commit()
    await service.generate(database, settings, report_id)
    print(f"Demo report: the {PERIOD} analysis pack is on the 分析报告 page")


DEMO_EXTENSIONS.append(seed_demo_report)
