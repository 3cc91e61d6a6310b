"""WeCom (企业微信) server API of a self-built app (自建应用): ``gettoken``, application messages
(``message/send``, text cards) and the sign-in look-ups (``auth/getuserinfo``, ``user/get``).
https://developer.work.weixin.qq.com/document/path/90664"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scorebridge.enterprise_apps import tokens
from scorebridge.enterprise_apps.base import AppClient
from scorebridge.enterprise_apps.errors import ProviderError

API_BASE = "https://qyapi.weixin.qq.com"
# WeCom answers errcode 0 with the rejected recipients listed when only some were invalid.
INVALID_RECIPIENT = 81013


@dataclass(frozen=True)
class WeComUser:
    userid: str
    name: str
    mobile: str | None
    email: str | None


class WeComApp(AppClient):
    provider = "wecom"

    def __init__(
        self, corp_id: str, secret: str, *, api_base: str | None = None, timeout: float = 10.0
    ) -> None:
        self.corp_id = corp_id
        self.secret = secret
        self.api_base = (api_base or API_BASE).rstrip("/")
        super().__init__(
            token_key=tokens.credential_key("wecom", self.api_base, corp_id, secret),
            timeout=timeout,
        )

    async def __aenter__(self) -> WeComApp:
        await super().__aenter__()
        return self

    def _url(self, path: str) -> str:
        return f"{self.api_base}/cgi-bin/{path}"

    async def _fetch_token(self) -> tuple[str, float]:
        response = await self.http(
            "GET", self._url("gettoken"), params={"corpid": self.corp_id, "corpsecret": self.secret}
        )
        body = self.answer(response)
        token, expires_in = body.get("access_token"), body.get("expires_in")
        if not isinstance(token, str) or not isinstance(expires_in, int | float):
            raise ProviderError(self.provider, "bad_answer")
        return token, float(expires_in)

    async def send_textcard(
        self,
        touser: str,
        agent_id: int | str,
        *,
        title: str,
        description: str,
        url: str,
        button: str = "详情",
    ) -> str | None:
        """A text card to one member's own WeCom (``touser`` is their userid); the message id.
        ``description`` may use WeCom's few tags (escape anything else)."""
        card = {
            "title": title[:128],
            "description": description[:512],
            "url": url,
            "btntxt": button[:4],
        }
        return await self._send(touser, agent_id, "textcard", card)

    async def send_text(self, touser: str, agent_id: int | str, content: str) -> str | None:
        """A plain text message (when there is no page to link to)."""
        return await self._send(touser, agent_id, "text", {"content": content[:2048]})

    async def _send(
        self, touser: str, agent_id: int | str, msgtype: str, content: dict[str, Any]
    ) -> str | None:
        payload = {"touser": touser, "msgtype": msgtype, "agentid": int(agent_id), msgtype: content}
        body = await self.with_token(
            lambda token: self.http(
                "POST", self._url("message/send"), params={"access_token": token}, json=payload
            )
        )
        rejected = str(body.get("invaliduser") or "") + str(body.get("unlicenseduser") or "")
        if rejected:
            raise ProviderError(self.provider, INVALID_RECIPIENT)
        msgid = body.get("msgid")
        return msgid if isinstance(msgid, str) else None

    async def userid_from_code(self, code: str) -> str:
        """The member's userid for an OAuth/QR sign-in ``code`` (a non-member has none)."""
        body = await self.with_token(
            lambda token: self.http(
                "GET", self._url("auth/getuserinfo"), params={"access_token": token, "code": code}
            )
        )
        userid = body.get("userid") or body.get("UserId")
        if not isinstance(userid, str) or not userid:
            raise ProviderError(self.provider, 60111)  # an outsider (openid only)
        return userid

    async def user(self, userid: str) -> WeComUser:
        body: dict[str, Any] = await self.with_token(
            lambda token: self.http(
                "GET", self._url("user/get"), params={"access_token": token, "userid": userid}
            )
        )
        return WeComUser(
            userid=str(body.get("userid") or userid),
            name=str(body.get("name") or ""),
            mobile=body.get("mobile") or None,
            email=body.get("email") or body.get("biz_mail") or None,
        )
