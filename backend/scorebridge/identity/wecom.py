"""Sign-in with WeCom (企业微信): inside the WeCom client the in-app OAuth page
(``snsapi_base``), on a PC the QR login page; the code comes back and ``auth/getuserinfo`` (with
the app's cached ``gettoken`` token) names the member's userid.
https://developer.work.weixin.qq.com/document/path/91022 (in-app), /98152 (QR login)"""

from __future__ import annotations

import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import httpx

from scorebridge.enterprise_apps.errors import ProviderError
from scorebridge.enterprise_apps.wecom import WeComApp, WeComUser
from scorebridge.identity.accounts import ProviderAccount
from scorebridge.identity.config import WECOM_API
from scorebridge.identity.refusals import SignInRefused, provider_refusal
from scorebridge.kit import egress

if TYPE_CHECKING:
    from scorebridge.identity.flow import Returned
    from scorebridge.identity.models import SignInAttempt

IN_APP_AUTHORIZE = "https://open.weixin.qq.com/connect/oauth2/authorize"
QR_LOGIN = "https://login.work.weixin.qq.com/wwlogin/sso/login"


def _pages(config: dict[str, Any]) -> tuple[str, str]:
    """The two sign-in pages: WeCom's own, or under ``api_base`` for a private deployment (and
    the emulator) that serves everything from one address."""
    base = str(config.get("api_base") or WECOM_API).rstrip("/")
    if base == WECOM_API:
        return IN_APP_AUTHORIZE, QR_LOGIN
    return f"{base}/connect/oauth2/authorize", f"{base}/wwlogin/sso/login"


def authorization_url(
    config: dict[str, Any], redirect_uri: str, state: str, *, in_app: bool
) -> str:
    in_app_page, qr_page = _pages(config)
    if in_app:
        query = urllib.parse.urlencode(
            {
                "appid": config["corp_id"],
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": "snsapi_base",
                "state": state,
                "agentid": config["agent_id"],
            }
        )
        return f"{in_app_page}?{query}#wechat_redirect"
    query = urllib.parse.urlencode(
        {
            "login_type": "CorpApp",
            "appid": config["corp_id"],
            "agentid": config["agent_id"],
            "redirect_uri": redirect_uri,
            "state": state,
        }
    )
    return f"{qr_page}?{query}"


# A code WeCom no longer knows (used, expired) and a visitor who is no member of the corp.
CODE_REFUSED = frozenset({40029})
NOT_A_MEMBER = frozenset({60111, 60011, 46004})


@asynccontextmanager
async def _app(config: dict[str, Any], locale: str = "en") -> AsyncIterator[WeComApp]:
    """The app's API client; its failures as sign-in refusals (worded in ``locale``)."""
    try:
        async with WeComApp(
            config["corp_id"], config["secret"], api_base=config.get("api_base")
        ) as app:
            yield app
    except ProviderError as exc:
        raise provider_refusal(
            exc, locale, code_refused=CODE_REFUSED, not_a_member=NOT_A_MEMBER
        ) from None
    except httpx.HTTPError as exc:
        raise SignInRefused("sso_provider", egress.describe(exc)) from None


async def account(
    config: dict[str, Any], redirect_uri: str, attempt: SignInAttempt, returned: Returned
) -> ProviderAccount:
    """The member behind the code: their userid (matched as the employee number), and the
    mobile and email the directory gives (when the app may read them)."""
    assert returned.code is not None
    member: WeComUser | None = None
    async with _app(config) as app:
        userid = await app.userid_from_code(returned.code)
        try:
            member = await app.user(userid)
        except ProviderError:  # the app may not read details: the userid alone must match
            member = None
    return ProviderAccount(
        "wecom",
        str(config["corp_id"]),
        userid,
        employee_no=userid,
        verified_emails=(member.email,) if member and member.email else (),
        mobile=member.mobile if member else None,
    )


async def check_token(config: dict[str, Any], locale: str) -> None:
    async with _app(config, locale) as app:
        await app.access_token()
