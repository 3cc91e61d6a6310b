"""DingTalk (钉钉) server API of an internal app (企业内部应用): the app token
(``v1.0/oauth2/accessToken``), work notifications (``topapi/message/corpconversation/
asyncsend_v2``) and the sign-in look-ups (``v1.0/oauth2/userAccessToken``,
``v1.0/contact/users/me``, ``topapi/user/getbyunionid``).
https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app

The v1.0 APIs live on ``api_base`` (api.dingtalk.com) and answer HTTP 4xx with a string
``code``; the classic ``topapi`` ones on ``oapi_base`` (oapi.dingtalk.com) with ``errcode``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from scorebridge.enterprise_apps import tokens
from scorebridge.enterprise_apps.base import AppClient
from scorebridge.enterprise_apps.errors import ProviderError
from scorebridge.kit import egress

API_BASE = "https://api.dingtalk.com"
OAPI_BASE = "https://oapi.dingtalk.com"


@dataclass(frozen=True)
class DingTalkMe:
    union_id: str
    nick: str
    mobile: str | None
    email: str | None


class DingTalkApp(AppClient):
    provider = "dingtalk"

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        api_base: str | None = None,
        oapi_base: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.api_base = (api_base or API_BASE).rstrip("/")
        self.oapi_base = (oapi_base or OAPI_BASE).rstrip("/")
        super().__init__(
            token_key=tokens.credential_key("dingtalk", self.api_base, client_id, client_secret),
            timeout=timeout,
        )

    async def __aenter__(self) -> DingTalkApp:
        await super().__aenter__()
        return self

    def v1(self, response: httpx.Response) -> dict[str, Any]:
        """A v1.0 API's JSON answer, else an ProviderError with its string ``code``."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400:
            code = body.get("code") if isinstance(body, dict) else None
            if isinstance(code, str) and code:
                raise ProviderError(self.provider, code)
            raise ProviderError(self.provider, None, egress.status_error(response.status_code))
        if not isinstance(body, dict):
            raise ProviderError(self.provider, "bad_answer")
        return body

    async def _fetch_token(self) -> tuple[str, float]:
        body = self.v1(
            await self.http(
                "POST",
                f"{self.api_base}/v1.0/oauth2/accessToken",
                json={"appKey": self.client_id, "appSecret": self.client_secret},
            )
        )
        token, expires_in = body.get("accessToken"), body.get("expireIn")
        if not isinstance(token, str) or not isinstance(expires_in, int | float):
            raise ProviderError(self.provider, "bad_answer")
        return token, float(expires_in)

    async def _topapi(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        return await self.with_token(
            lambda token: self.http(
                "POST",
                f"{self.oapi_base}/topapi/{path}",
                params={"access_token": token},
                json=payload,
            )
        )

    async def send_action_card(
        self, userid: str, agent_id: int | str, *, title: str, markdown: str, url: str,
        button: str = "查看详情",
    ) -> int | None:  # fmt: skip
        """A work notification (action card) to one member's own DingTalk; the task id."""
        card = {"title": title, "markdown": markdown, "single_title": button, "single_url": url}
        return await self._send(userid, agent_id, {"msgtype": "action_card", "action_card": card})

    async def send_markdown(
        self, userid: str, agent_id: int | str, *, title: str, markdown: str
    ) -> int | None:
        """A markdown work notification (when there is no page to link to)."""
        text = {"title": title, "text": markdown}
        return await self._send(userid, agent_id, {"msgtype": "markdown", "markdown": text})

    async def _send(self, userid: str, agent_id: int | str, msg: dict[str, Any]) -> int | None:
        body = await self._topapi(
            "message/corpconversation/asyncsend_v2",
            {"agent_id": int(agent_id), "userid_list": userid, "msg": msg},
        )
        task_id = body.get("task_id")
        return task_id if isinstance(task_id, int) else None

    async def user_access_token(self, code: str) -> str:
        """The signed-in user's access token for an OAuth ``authCode``."""
        body = self.v1(
            await self.http(
                "POST",
                f"{self.api_base}/v1.0/oauth2/userAccessToken",
                json={
                    "clientId": self.client_id,
                    "clientSecret": self.client_secret,
                    "code": code,
                    "grantType": "authorization_code",
                },
            )
        )
        token = body.get("accessToken")
        if not isinstance(token, str) or not token:
            raise ProviderError(self.provider, "bad_answer")
        return token

    async def me(self, user_access_token: str) -> DingTalkMe:
        body = self.v1(
            await self.http(
                "GET",
                f"{self.api_base}/v1.0/contact/users/me",
                headers={"x-acs-dingtalk-access-token": user_access_token},
            )
        )
        union_id = body.get("unionId")
        if not isinstance(union_id, str) or not union_id:
            raise ProviderError(self.provider, "bad_answer")
        return DingTalkMe(
            union_id=union_id,
            nick=str(body.get("nick") or ""),
            mobile=body.get("mobile") or None,
            email=body.get("email") or None,
        )

    async def userid_by_unionid(self, union_id: str) -> str:
        """The member's userid in this organisation (via the app token)."""
        body = await self._topapi("user/getbyunionid", {"unionid": union_id})
        result = body.get("result")
        userid = result.get("userid") if isinstance(result, dict) else None
        if not isinstance(userid, str) or not userid:
            raise ProviderError(self.provider, 60121)
        return userid
