"""``seed-demo``: a standard for each demo position, every result judged under it, and a
season of training with later re-assessments, so "training that works" has evidence.

Idempotent: a position that has a standard keeps it; only results without a verdict are
evaluated; the training and the re-assessments are imports keyed by natural keys.
"""

from __future__ import annotations

import csv
import io
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.auth.models import User
from scorebridge.auth.permissions import Role
from scorebridge.demo import DEMO_EXTENSIONS
from scorebridge.imports import reading
from scorebridge.imports import service as imports
from scorebridge.imports.writing import Writer
from scorebridge.kit.db import Database
from scorebridge.organisation.models import Department, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension
from scorebridge.settings import Settings
from scorebridge.standards import repository, service
from scorebridge.standards.models import ResultStandard
from scorebridge.standards.schemas import StandardIn

STANDARDS: dict[str, dict[str, Any]] = {
    "sales-rep": {
        "weights": {"communication": 3, "logic": 1, "expertise": 1, "resilience": 1.5,
                    "teamwork": 1},
        "pass_line": 70, "minimums": {"communication": 60},
        "note": "提高销售岗位的沟通能力权重:客户沟通是销售代表的第一能力",
    },
    "key-account": {
        "weights": {"communication": 2.5, "expertise": 2, "logic": 1.5, "resilience": 1,
                    "teamwork": 1},
        "pass_line": 72, "minimums": {"communication": 65},
        "note": "大客户经理:沟通与专业并重",
    },
    "backend-engineer": {
        "weights": {"expertise": 3, "logic": 2.5, "teamwork": 1, "communication": 0.5,
                    "resilience": 0.5},
        "pass_line": 70, "minimums": {"expertise": 65},
        "note": "提高技术岗位的专业技能权重;沟通能力得分低的员工更适合后台岗位",
    },
    "risk-analyst": {
        "weights": {"risk-awareness": 3, "logic": 1.5, "expertise": 1.5, "communication": 0.5},
        "pass_line": 70, "minimums": {"risk-awareness": 70},
        "note": "风控专员:风险意识是门槛",
    },
}  # fmt: skip
# course → (dimension it helps, mean later change)
COURSES = {"沟通技巧": ("communication", 7.0), "Excel 数据分析": ("expertise", 4.0),
           "时间管理": ("resilience", 0.5)}  # fmt: skip
HISTORY_END = datetime(2026, 1, 1, tzinfo=UTC)  # the imported history ends before this
TRAINED = 60  # history people who took a course in 2026-Q2/Q3 and were re-assessed later


async def _hr(session: AsyncSession) -> Caller:
    user = await session.scalar(select(User).where(User.email == "hr@demo.scorebridge.cn"))
    if user is None:
        return Caller(kind="client", id=uuid.UUID(int=0), name="seed-demo")
    return Caller(kind="user", id=user.id, name=user.name, roles=frozenset({Role.hr}))


async def _standards(session: AsyncSession) -> int:
    caller = await _hr(session)
    made = 0
    for code, body in STANDARDS.items():
        position_id = await session.scalar(select(Position.id).where(Position.code == code))
        if position_id is None or await repository.current(session, position_id) is not None:
            continue
        await service.save(session, caller, position_id, StandardIn.model_validate(body))
        made += 1
    return made


async def _judge_the_rest(session: AsyncSession) -> int:
    unjudged = (
        await session.scalars(
            select(InterviewResult.id).where(
                InterviewResult.position_id.is_not(None),
                ~InterviewResult.id.in_(select(ResultStandard.result_id)),
            )
        )
    ).all()
    return await service.evaluate_results(session, unjudged)


async def _reassessments(session: AsyncSession) -> dict[str, list[list[Any]]]:
    """Training records and later re-assessments of some history people, always the same."""
    rng = random.Random(2026)  # noqa: S311 - made-up data
    rows = await session.execute(
        select(Person.employee_no, Person.name, Department.code, Position.code, InterviewResult.id)
        .join(InterviewResult, InterviewResult.person_id == Person.id)
        .join(Department, Department.id == InterviewResult.department_id)
        .join(Position, Position.id == InterviewResult.position_id)
        .where(
            Person.employee_no.like("H2%"),
            InterviewResult.interviewed_at < datetime(2026, 1, 1, tzinfo=UTC),
        )
        .order_by(Person.employee_no)
    )
    people = [r for r in rows][:TRAINED]
    scores: dict[Any, dict[str, float]] = {}
    for result_id, code, normalized in await session.execute(
        select(ResultDimension.result_id, ResultDimension.code, ResultDimension.normalized).where(
            ResultDimension.result_id.in_([p[4] for p in people])
        )
    ):
        scores.setdefault(result_id, {})[code] = normalized
    codes = sorted({c for dims in scores.values() for c in dims})
    training: list[list[Any]] = [["工号", "课程", "完成时间"]]
    results: list[list[Any]] = [
        ["工号", "姓名", "部门", "岗位", "面试时间", "总分", *(f"维度:{c}" for c in codes)]
    ]
    for i, (number, name, department, position, result_id) in enumerate(people):
        course = list(COURSES)[i % len(COURSES)]
        helped, effect = COURSES[course]
        completed = date(2026, 6, 1) + timedelta(days=i)
        training.append([number, course, completed.isoformat()])
        before = scores.get(result_id, {})
        after = {
            c: round(min(100.0, max(0.0, v + (effect if c == helped else 0) + rng.gauss(0, 3))), 1)
            for c, v in before.items()
        }
        total = round(sum(after.values()) / max(len(after), 1), 1)
        when = completed + timedelta(days=45)
        results.append(
            [number, name, department, position, f"{when.isoformat()} 10:00", total,
             *(after.get(c, "") for c in codes)]
        )  # fmt: skip
    return {"training": training, "results": results}


async def _write(session: AsyncSession, kind: str, table: list[list[Any]], zone: ZoneInfo) -> None:
    text = io.StringIO()
    csv.writer(text).writerows(table)
    sheet = reading.open_sheet(text.getvalue().encode())
    header = imports.header_of(sheet, kind, {})
    writer = Writer(kind, None)
    async for batch in imports.parse_batches(sheet, kind, header, zone, 1):
        assert not batch.issues, batch.issues
        await writer.apply(session, await writer.prepare(session, batch.records))


async def seed_demo_standards(
    session: AsyncSession, database: Database, settings: Settings
) -> None:
    made = await _standards(session)
    zone = ZoneInfo(settings.default_timezone)
    tables = await _reassessments(session)
    await _write(session, "training", tables["training"], zone)
    await _write(session, "results", tables["results"], zone)
    judged = await _judge_the_rest(session)
    print(f"Demo standards: {made} new, {judged} results judged; {TRAINED} people re-assessed")


DEMO_EXTENSIONS.append(seed_demo_standards)
