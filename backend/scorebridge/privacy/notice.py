"""The processing notice: versions, acknowledgements and the gate on ``/me/results*``.

Who must acknowledge: a signed-in user linked to a person (an employee whose interview data we
hold) must acknowledge the *current* version before reading their results; until then
``GET /me`` says ``notice_ack_required: true`` and ``/me/results*`` answer 403
``…/notice-required``. A fresh install has no published version: the built-in notice
(``texts.DEFAULT_VERSION``) is then current, so employees acknowledge it too. Publishing a new
version asks everyone again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import authenticate
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import AppError, Conflict
from scorebridge.kit.web import Session
from scorebridge.privacy import texts
from scorebridge.privacy.models import NoticeAcknowledgement, PrivacyNotice
from scorebridge.privacy.schemas import NoticeAckOut, NoticeIn, NoticeOut


class NoticeRequired(AppError):
    status = 403
    slug = "notice-required"
    title = "Privacy notice not acknowledged"


async def current(session: AsyncSession) -> NoticeOut:
    row = await session.scalar(
        select(PrivacyNotice).order_by(PrivacyNotice.created_at.desc()).limit(1)
    )
    if row is None:
        return NoticeOut(
            version=texts.DEFAULT_VERSION,
            body_zh=texts.DEFAULT_BODY_ZH,
            body_en=texts.DEFAULT_BODY_EN,
            published_at=None,
            is_default=True,
        )
    return NoticeOut(
        version=row.version,
        body_zh=row.body_zh,
        body_en=row.body_en,
        published_at=row.created_at,
        is_default=False,
    )


def concerns(caller: Caller) -> bool:
    """Whether the notice concerns the caller: a user whose own interview data we hold."""
    return caller.kind == "user" and caller.person_id is not None


async def acknowledged_at(
    session: AsyncSession, caller: Caller, version: str
) -> NoticeAcknowledgement | None:
    if caller.kind != "user":
        return None
    row: NoticeAcknowledgement | None = await session.scalar(
        select(NoticeAcknowledgement).where(
            NoticeAcknowledgement.user_id == caller.id, NoticeAcknowledgement.version == version
        )
    )
    return row


async def for_caller(session: AsyncSession, caller: Caller) -> NoticeOut:
    notice = await current(session)
    ack = await acknowledged_at(session, caller, notice.version)
    notice.acknowledged_at = ack.at if ack else None
    notice.ack_required = concerns(caller) and ack is None
    return notice


async def ack_required(session: AsyncSession, caller: Caller) -> bool:
    if not concerns(caller):
        return False
    notice = await current(session)
    return await acknowledged_at(session, caller, notice.version) is None


async def require_acknowledged(
    caller: Annotated[Caller, Depends(authenticate)], session: Session
) -> None:
    """Dependency for ``/me/results*``: 403 ``notice-required`` until the current version is
    acknowledged."""
    if await ack_required(session, caller):
        version = (await current(session)).version
        raise NoticeRequired(
            f"Read and acknowledge the privacy notice (version {version}) first",
            version=version,
        )


async def acknowledge(session: AsyncSession, caller: Caller, version: str) -> NoticeAckOut:
    """Acknowledge the current version (again: the first acknowledgement stands)."""
    notice = await current(session)
    if version != notice.version:
        raise Conflict(
            f"Version {version!r} is not the current notice; read version {notice.version}",
            current_version=notice.version,
        )
    existing = await acknowledged_at(session, caller, version)
    if existing is not None:
        return NoticeAckOut(version=version, acknowledged_at=existing.at)
    row = NoticeAcknowledgement(user_id=caller.id, version=version, at=utcnow(), ip=caller.ip)
    session.add(row)
    await session.flush()
    audit.record(
        session,
        caller,
        "privacy_notice.acknowledged",
        subject_person_id=caller.person_id,
        target_type="privacy_notice",
        target_id=version,
    )
    return NoticeAckOut(version=version, acknowledged_at=row.at)


async def publish(session: AsyncSession, caller: Caller, data: NoticeIn) -> NoticeOut:
    taken = await session.scalar(
        select(PrivacyNotice.id).where(PrivacyNotice.version == data.version)
    )
    if taken is not None or data.version == texts.DEFAULT_VERSION:
        raise Conflict(f"Version {data.version!r} was already published; choose a new one")
    row = PrivacyNotice(
        version=data.version,
        body_zh=data.body_zh,
        body_en=data.body_en,
        created_at=utcnow(),
        created_by=caller.id if caller.kind == "user" else None,
    )
    session.add(row)
    await session.flush()
    audit.record(
        session,
        caller,
        "privacy_notice.published",
        target_type="privacy_notice",
        target_id=data.version,
    )
    return await current(session)
