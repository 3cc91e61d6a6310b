"""Demo data of the privacy domain: the demo employee has acknowledged the current notice
(so the demo shows results at once; publishing a new version asks again)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import User
from scorebridge.demo import DEMO_EXTENSIONS
from scorebridge.kit.db import Database, utcnow
from scorebridge.privacy import notice
from scorebridge.privacy.models import NoticeAcknowledgement
from scorebridge.settings import Settings

DEMO_EMPLOYEE = "employee@demo.scorebridge.cn"


async def acknowledge_notice(session: AsyncSession, _db: Database, _settings: Settings) -> None:
    user = await session.scalar(select(User).where(User.email == DEMO_EMPLOYEE))
    if user is None:
        return
    version = (await notice.current(session)).version
    known = await session.scalar(
        select(NoticeAcknowledgement.id).where(
            NoticeAcknowledgement.user_id == user.id, NoticeAcknowledgement.version == version
        )
    )
    if known is None:
        session.add(NoticeAcknowledgement(user_id=user.id, version=version, at=utcnow()))


DEMO_EXTENSIONS.append(acknowledge_notice)
