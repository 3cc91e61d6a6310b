"""Sign-in with DingTalk (钉钉): the OAuth page ``login.dingtalk.com/oauth2/auth``, the code
exchanged at ``v1.0/oauth2/userAccessToken``, the person from ``v1.0/contact/users/me`` and their
userid from ``topapi/user/getbyunionid`` with the app's cached token.
https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information"""

from __future__ import annotations

import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import httpx

from scorebridge.enterprise_apps.dingtalk import DingTalkApp
from scorebridge.enterprise_apps.errors import ProviderError
from scorebridge.identity.accounts import ProviderAccount
from scorebridge.identity.config import DINGTALK_API
from scorebridge.identity.refusals import SignInRefused, provider_refusal
from scorebridge.kit import egress

if TYPE_CHECKING:
    from scorebridge.identity.flow import Returned
    from scorebridge.identity.models import SignInAttempt

AUTHORIZE = "https://login.dingtalk.com/oauth2/auth"


def authorization_url(config: dict[str, Any], redirect_uri: str, state: str) -> str:
    base = str(config.get("api_base") or DINGTALK_API).rstrip("/")
    page = AUTHORIZE if base == DINGTALK_API else f"{base}/oauth2/auth"
    query = urllib.parse.urlencode(
        {
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "client_id": config["client_id"],
            "scope": "openid",
            "state": state,
            "prompt": "consent",
        }
    )
    return f"{page}?{query}"


CODE_REFUSED = frozenset({"invalidAuthCode"})
NOT_A_MEMBER = frozenset({60121, 60111})


@asynccontextmanager
async def _app(config: dict[str, Any], locale: str = "en") -> AsyncIterator[DingTalkApp]:
    """The app's API client; its failures as sign-in refusals (worded in ``locale``)."""
    try:
        async with DingTalkApp(
            config["client_id"],
            config["client_secret"],
            api_base=config.get("api_base"),
            oapi_base=config.get("oapi_base"),
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
    """The person behind the code: their userid in the organisation (matched as the employee
    number), and the mobile and email DingTalk gives."""
    assert returned.code is not None
    async with _app(config) as app:
        me = await app.me(await app.user_access_token(returned.code))
        userid = await app.userid_by_unionid(me.union_id)
    return ProviderAccount(
        "dingtalk",
        str(config["client_id"]),
        userid,
        employee_no=userid,
        verified_emails=(me.email,) if me.email else (),
        mobile=me.mobile,
    )


async def check_token(config: dict[str, Any], locale: str) -> None:
    async with _app(config, locale) as app:
        await app.access_token()
