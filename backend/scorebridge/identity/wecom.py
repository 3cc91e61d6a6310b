"""Sign-in with WeCom (企业微信): inside the WeCom client the in-app OAuth page
(``snsapi_base``), on a PC the QR login page; the code comes back and ``auth/getuserinfo`` (with
the app's cached ``gettoken`` token) names the member's userid.
https://developer.work.weixin.qq.com/document/path/91022 (in-app), /98152 (QR login)"""

from __future__ import annotations

import urllib.parse
from typing import Any

from scorebridge.identity.accounts import ProviderAccount
from scorebridge.identity.config import WECOM_API
from scorebridge.identity.refusals import SignInRefused

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


async def account(
    config: dict[str, Any], redirect_uri: str, attempt: Any, returned: Any
) -> ProviderAccount:
    raise SignInRefused("sso_unavailable", "WeCom sign-in is not available yet")


async def check_token(config: dict[str, Any]) -> None:
    raise SignInRefused("sso_unavailable", "not available yet")
