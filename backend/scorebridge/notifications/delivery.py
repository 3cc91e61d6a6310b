"""What one message on one channel is made of (the person's address on it, the page it links
to), and a test message to oneself on a channel (the channel page's "send me a test")."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import User
from scorebridge.identity.accounts import linked_subject
from scorebridge.notifications import channels
from scorebridge.organisation.models import Person
from scorebridge.settings import Settings


async def recipient_userid(
    session: AsyncSession, person: Person | None, provider: str
) -> str | None:
    """The person's user ID in ``provider`` (``wecom`` | ``dingtalk``): the account their last
    enterprise sign-in there linked, else their employee number (companies usually make the
    WeCom/DingTalk userid the employee number)."""
    if person is None:
        return None
    linked = await linked_subject(session, person.id, provider)
    return linked or person.employee_no or None


def page_url(settings: Settings, link: str | None) -> str | None:
    """The absolute address of an in-app ``link`` (needs ``SCOREBRIDGE_PUBLIC_URL``)."""
    if not settings.public_url or not link:
        return None
    return f"{settings.public_url.rstrip('/')}{link}"


async def message_for(
    session: AsyncSession,
    settings: Settings,
    channel: str,
    user: User | None,
    *,
    title: str,
    body: str,
    link: str | None,
) -> channels.Message:
    person = await session.get(Person, user.person_id) if user and user.person_id else None
    userid = None
    if channel in channels.APP_MODELS:
        userid = await recipient_userid(session, person, channel)
    return channels.Message(
        title=title,
        body=body,
        recipient_name=user.name if user else "",
        email=user.email if user else None,
        phone=person.phone if person else None,
        userid=userid,
        url=page_url(settings, link),
        locale=user.locale if user else None,
        user_id=user.id if user else None,
        link=link,
    )
