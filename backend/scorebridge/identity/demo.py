"""``scorebridge seed-demo --with-sso-emulator``: WeCom sign-in (and WeCom app messages) pointed
at the in-repo WeCom/DingTalk emulator (``PYTHONPATH=tests python -m enterprise_emulator``), so
"企业微信登录" on the demo signs in as the demo employee 张伟 (userid E1001) without internet.
The emulator accepts exactly these credentials (tests/enterprise_emulator)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import User
from scorebridge.identity.models import IdentityProvider
from scorebridge.notifications.models import NotificationChannel, NotificationPreference

EMULATED_WECOM = {"corp_id": "ww-emulated-corp", "agent_id": "1000002"}
EMULATED_WECOM_SECRET = "wecom-secret-0123456789"
DEMO_EMPLOYEE = "employee@demo.scorebridge.cn"


def _wecom(url: str) -> dict[str, Any]:
    return {**EMULATED_WECOM, "secret": EMULATED_WECOM_SECRET, "api_base": url.rstrip("/")}


async def seed_emulated_wecom(session: AsyncSession, url: str) -> None:
    """The WeCom provider (sign-in) and the WeCom channel in app mode, both at ``url``; the
    demo employee receives notices on WeCom."""
    provider = await session.get(IdentityProvider, "wecom")
    if provider is None:
        provider = IdentityProvider(kind="wecom")
        session.add(provider)
    provider.enabled = True
    provider.config = {**_wecom(url), "provision": True}
    channel = await session.get(NotificationChannel, "wecom")
    if channel is None:
        channel = NotificationChannel(kind="wecom")
        session.add(channel)
    channel.enabled = True
    channel.config = {"mode": "app", **_wecom(url)}
    employee = await session.scalar(select(User.id).where(User.email == DEMO_EMPLOYEE))
    if employee is not None:
        preference = await session.get(NotificationPreference, employee)
        if preference is None:
            preference = NotificationPreference(user_id=employee, channels={})
            session.add(preference)
        preference.channels = {**preference.channels, "wecom": True}
