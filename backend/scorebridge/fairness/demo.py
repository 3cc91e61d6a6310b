"""``seed-demo``: gender and birth year for the demo's people, and an auditor account.

One position — 销售代表 (``sales-rep``) — is made to show adverse impact: among its
candidates, those scoring below the median are mostly women and those above it mostly men, so
the fairness page has a flagged ratio to show (women's scoring rate about a quarter of men's).
Everyone else gets a gender and birth year from a hash of their 工号 (a few ``other``, which the
audit excludes as too small). Idempotent: the same data gives the same attributes, and only
what differs is written.
"""

from __future__ import annotations

import hashlib
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth import service as auth_service
from scorebridge.auth.models import User
from scorebridge.auth.permissions import Role
from scorebridge.auth.schemas import UserCreate
from scorebridge.demo import DEMO_EXTENSIONS, DEMO_PASSWORD
from scorebridge.fairness import attributes, watch
from scorebridge.fairness.models import PersonAttributes
from scorebridge.kit.db import Database
from scorebridge.notifications.hub import hub_for
from scorebridge.organisation.models import Person, Position
from scorebridge.results.models import InterviewResult, ResultStatus
from scorebridge.settings import Settings

AUDITOR = ("auditor@demo.scorebridge.cn", "孙悦 (公平性审计员)")
FLAGGED_POSITION = "sales-rep"


def _default(key: str) -> tuple[str, int]:
    """A gender and birth year from a hash of the person's 工号 (else id): the same in every
    demo database."""
    h = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    gender = "other" if h % 29 == 0 else ("female", "male")[h % 2]
    return gender, 1966 + (h >> 8) % 36


async def _flagged_candidates(session: AsyncSession) -> list[uuid.UUID]:
    """The position's people by their latest confirmed total, lowest first."""
    when = func.coalesce(InterviewResult.interviewed_at, InterviewResult.received_at)
    rows = await session.execute(
        select(InterviewResult.person_id, InterviewResult.normalized_total, when)
        .join(Position, Position.id == InterviewResult.position_id)
        .where(Position.code == FLAGGED_POSITION, InterviewResult.status == ResultStatus.confirmed)
    )
    latest: dict[uuid.UUID, tuple[object, float]] = {}
    for person_id, total, at in rows:
        if person_id not in latest or str(at) > str(latest[person_id][0]):
            latest[person_id] = (at, total)
    return sorted(latest, key=lambda p: (latest[p][1], str(p)))


async def seed_demo_attributes(
    session: AsyncSession, database: Database, settings: Settings
) -> None:
    people = await session.execute(select(Person.id, Person.employee_no))
    wanted = {pid: _default(number or str(pid)) for pid, number in people}
    ranked = await _flagged_candidates(session)
    half = len(ranked) // 2
    for rank, person_id in enumerate(ranked):  # below the median mostly women, above mostly men
        lower = rank < half
        odd_one = rank % 5 == 2
        gender = "female" if lower != odd_one else "male"
        wanted[person_id] = (gender, wanted[person_id][1])
    stored = {
        row.person_id: (row.gender, row.birth_year)
        for row in (await session.scalars(select(PersonAttributes))).all()
    }
    written = 0
    for person_id, (gender, year) in wanted.items():
        if stored.get(person_id) != (gender, year):
            await attributes.set_attributes(
                session, person_id, {"gender": gender, "birth_year": year}
            )
            written += 1
    if await session.scalar(select(User.id).where(User.email == AUDITOR[0])) is None:
        await auth_service.create_user(
            session,
            UserCreate(
                email=AUDITOR[0], name=AUDITOR[1], password=DEMO_PASSWORD, roles=[Role.auditor]
            ),
        )
    await session.flush()
    alerts = await watch.run(
        session, hub_for(settings.redis_url), ZoneInfo(settings.default_timezone)
    )  # admins and the auditor find the alert about the flagged position
    print(
        f"Demo fairness: gender and birth year for {len(wanted)} people ({written} written); "
        f"{FLAGGED_POSITION} shows adverse impact; auditor account {AUDITOR[0]}; "
        f"{alerts or 0} alerts"
    )


DEMO_EXTENSIONS.append(seed_demo_attributes)
