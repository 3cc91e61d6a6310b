"""Sign-in with DingTalk (钉钉): the OAuth page ``login.dingtalk.com/oauth2/auth``, the code
exchanged at ``v1.0/oauth2/userAccessToken``, the person from ``v1.0/contact/users/me`` and their
userid from ``topapi/user/getbyunionid`` with the app's cached token.
https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information"""

from __future__ import annotations

import urllib.parse
from typing import Any

from scorebridge.identity.accounts import ProviderAccount
from scorebridge.identity.config import DINGTALK_API
from scorebridge.identity.refusals import SignInRefused

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


async def account(
    config: dict[str, Any], redirect_uri: str, attempt: Any, returned: Any
) -> ProviderAccount:
    raise SignInRefused("sso_unavailable", "DingTalk sign-in is not available yet")


async def check_token(config: dict[str, Any]) -> None:
    raise SignInRefused("sso_unavailable", "not available yet")
