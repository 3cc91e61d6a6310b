"""The demo organisation and accounts (``scorebridge seed-demo``), and ``create-user``.

Idempotent: running it twice changes nothing. Refused in production.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge import migrate
from scorebridge.app import build_queue
from scorebridge.auth import service as auth_service
from scorebridge.auth.models import User
from scorebridge.auth.permissions import Role
from scorebridge.auth.schemas import UserCreate
from scorebridge.kit.db import Database, open_database
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.settings import Environment, Settings, get_settings

DEMO_PASSWORD = "ScoreBridge-demo-2026"

DEPARTMENTS = [  # code, name, parent code
    ("hq", "总公司", None),
    ("sales", "销售部", "hq"),
    ("sales-east", "华东销售部", "sales"),
    ("tech", "技术部", "hq"),
    ("risk", "风控合规部", "hq"),
    ("hr", "人力资源部", "hq"),
]
POSITIONS = [  # code, name, department code
    ("sales-rep", "销售代表", "sales"),
    ("key-account", "大客户经理", "sales-east"),
    ("backend-engineer", "后端工程师", "tech"),
    ("risk-analyst", "风控专员", "risk"),
]
BATCHES = [  # code, name, position code
    ("2026-spring", "2026 春招", "sales-rep"),
    ("2026-autumn", "2026 秋招", "backend-engineer"),
    ("2026-risk-q3", "2026 Q3 风控社招", "risk-analyst"),
]
PEOPLE = [  # employee_no, name, email, phone, department code
    ("E1001", "张伟", "employee@demo.scorebridge.cn", "13800138001", "sales"),
    ("E1002", "王芳", "wang.fang@demo.scorebridge.cn", "13800138002", "sales-east"),
    ("E1003", "李娜", "li.na@demo.scorebridge.cn", "13800138003", "tech"),
]
ACCOUNTS = [  # email, name, role, department codes, person employee_no
    ("admin@demo.scorebridge.cn", "系统管理员", "admin", [], None),
    ("hr@demo.scorebridge.cn", "陈静 (HR)", "hr", [], None),
    ("head.sales@demo.scorebridge.cn", "刘强 (销售部负责人)", "dept_head", ["sales"], None),
    ("interviewer@demo.scorebridge.cn", "赵敏 (面试官)", "interviewer", [], None),
    ("employee@demo.scorebridge.cn", "张伟", "employee", [], "E1001"),
]

# Later domains add demo data (vendors, results …) here; each gets the session and settings.
DEMO_EXTENSIONS: list[Callable[[AsyncSession, Database, Settings], Awaitable[None]]] = []
# Modules that append to DEMO_EXTENSIONS when imported (imported by seed_demo, not at import
# time, because they import this module).
DEMO_MODULES = (
    "scorebridge.intake.demo",
    "scorebridge.imports.demo",
    "scorebridge.privacy.demo",
    "scorebridge.fairness.demo",
    "scorebridge.standards.demo",
    "scorebridge.reports.demo",
)


async def _by_code(
    session: AsyncSession, model: type[Department] | type[Position] | type[Batch], code: str | None
) -> uuid.UUID | None:
    if code is None:
        return None
    return await session.scalar(select(model.id).where(model.code == code))


async def _seed_organisation(session: AsyncSession) -> None:
    for code, name, parent in DEPARTMENTS:
        if await _by_code(session, Department, code) is None:
            session.add(
                Department(
                    code=code, name=name, parent_id=await _by_code(session, Department, parent)
                )
            )
            await session.flush()
    for code, name, department in POSITIONS:
        if await _by_code(session, Position, code) is None:
            session.add(
                Position(
                    code=code,
                    name=name,
                    department_id=await _by_code(session, Department, department),
                )
            )
    await session.flush()
    for code, name, position in BATCHES:
        if await _by_code(session, Batch, code) is None:
            session.add(
                Batch(code=code, name=name, position_id=await _by_code(session, Position, position))
            )
    for employee_no, name, email, phone, department in PEOPLE:
        if await session.scalar(select(Person.id).where(Person.employee_no == employee_no)) is None:
            session.add(
                Person(
                    employee_no=employee_no,
                    name=name,
                    email=email,
                    phone=phone,
                    department_id=await _by_code(session, Department, department),
                )
            )
    await session.flush()


async def _seed_accounts(session: AsyncSession) -> None:
    for email, name, role, departments, employee_no in ACCOUNTS:
        if await session.scalar(select(User.id).where(User.email == email)) is not None:
            continue
        department_ids = [d for c in departments if (d := await _by_code(session, Department, c))]
        person_id = (
            await session.scalar(select(Person.id).where(Person.employee_no == employee_no))
            if employee_no
            else None
        )
        await auth_service.create_user(
            session,
            UserCreate(
                email=email,
                name=name,
                password=DEMO_PASSWORD,
                roles=[Role(role)],
                department_ids=department_ids,
                person_id=person_id,
            ),
        )


async def seed_demo(settings: Settings | None = None, *, sso_emulator: str | None = None) -> None:
    """The demo data; with ``sso_emulator`` (its URL) also WeCom sign-in and messages pointed at
    the WeCom/DingTalk emulator (see identity/demo.py)."""
    settings = settings or get_settings()
    if settings.env is Environment.production:
        raise SystemExit("seed-demo is refused in production")
    await migrate.upgrade_async(settings.database_url, pooler=settings.database_pooler)
    for module in DEMO_MODULES:
        importlib.import_module(module)
    database = open_database(
        settings.database_url, build_queue(settings), pooler=settings.database_pooler
    )
    try:
        async with database.unit_of_work() as session:
            await _seed_organisation(session)
            await _seed_accounts(session)
        for extend in DEMO_EXTENSIONS:
            async with database.unit_of_work() as session:
                await extend(session, database, settings)
        if sso_emulator:
            from scorebridge.identity.demo import seed_emulated_wecom

            async with database.unit_of_work() as session:
                await seed_emulated_wecom(session, sso_emulator)
    finally:
        await database.queue.close()
        await database.dispose()
    print("Demo data ready. Sign in with password", DEMO_PASSWORD, "as:")
    for email, _name, role, _d, _p in ACCOUNTS:
        print(f"  {role:<12} {email}")
    if sso_emulator:
        print(
            f"WeCom sign-in and WeCom messages go to the emulator at {sso_emulator}: run it with\n"
            "  PYTHONPATH=tests .venv/bin/python -m enterprise_emulator\n"
            "and serve with SCOREBRIDGE_OUTBOUND_ALLOW=127.0.0.1; then click 企业微信登录."
        )


async def create_user(
    email: str, name: str, password: str, roles: list[str], department_codes: list[str]
) -> uuid.UUID:
    settings = get_settings()
    database = open_database(
        settings.database_url, build_queue(settings), pooler=settings.database_pooler
    )
    try:
        async with database.unit_of_work() as session:
            department_ids = []
            for code in department_codes:
                department_id = await _by_code(session, Department, code)
                if department_id is None:
                    raise SystemExit(f"no department with code {code!r}")
                department_ids.append(department_id)
            user = await auth_service.create_user(
                session,
                UserCreate(
                    email=email,
                    name=name,
                    password=password,
                    roles=[Role(r) for r in roles],
                    department_ids=department_ids,
                ),
                locale="en",  # the command line speaks English
            )
            return user.id
    finally:
        await database.queue.close()
        await database.dispose()
