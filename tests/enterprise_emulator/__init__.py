"""An in-repo emulator of the WeCom and DingTalk server APIs (no internet in tests): the
documented endpoints, errcodes and token expiry, served by uvicorn on a free port and reached
through ``api_base`` / ``oapi_base``.

WeCom (``/cgi-bin/…``): ``gettoken``, ``message/send``, ``auth/getuserinfo``, ``user/get``,
and the browser steps of sign-in (``/connect/oauth2/authorize``, ``/wwlogin/sso/login``).
DingTalk: ``/v1.0/oauth2/accessToken``, ``/v1.0/oauth2/userAccessToken``,
``/v1.0/contact/users/me``, ``/topapi/message/corpconversation/asyncsend_v2``,
``/topapi/user/getbyunionid`` and the browser step ``/oauth2/auth``.

Knobs: :meth:`Emulator.expire_tokens` (the next call with a current token answers 42001),
``rate_limit`` (per provider: the rate-limit errcode for the next N sends), ``token_lifetime``
(``expires_in`` of new tokens). Unknown userids answer the invalid-userid errcodes. Inspect
``inbox`` (every message accepted) and ``token_fetches`` (per provider).

Tests use the ``enterprise_emulator`` fixture (a test folder's conftest.py imports it, as
tests/enterprise_apps/conftest.py does) or ``async with running(Emulator()) as base``.
"""

from __future__ import annotations

import secrets
import time
import urllib.parse
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from notifications.servers import serve
from scorebridge.kit import egress

CORP_ID = "ww-emulated-corp"
CORP_SECRET = "wecom-secret-0123456789"
AGENT_ID = 1000002
DINGTALK_CLIENT_ID = "ding-emulated-app"
DINGTALK_CLIENT_SECRET = "dingtalk-secret-0123456789"
DINGTALK_AGENT_ID = 3000001
DINGTALK_CORP_ID = "ding-emulated-corp"

WECOM_RATE_LIMIT = 45009
DINGTALK_RATE_LIMIT = 90018


@dataclass
class Member:
    userid: str
    name: str
    mobile: str | None = None
    email: str | None = None

    @property
    def union_id(self) -> str:
        return f"union-{self.userid}"


@dataclass
class Received:
    provider: str  # wecom | dingtalk
    userids: list[str]
    agent_id: int
    msgtype: str
    body: dict[str, Any]
    at: float


@dataclass
class Emulator:
    members: dict[str, Member] = field(default_factory=dict)
    token_lifetime: int = 7200
    # Per provider: the next N message sends answer a rate-limit errcode.
    rate_limit: dict[str, int] = field(default_factory=lambda: {"wecom": 0, "dingtalk": 0})
    inbox: list[Received] = field(default_factory=list)
    token_fetches: dict[str, int] = field(default_factory=lambda: {"wecom": 0, "dingtalk": 0})
    # Who "signs in" at the browser steps (the emulated WeCom/DingTalk client's user).
    signed_in: str | None = None
    _tokens: dict[str, tuple[str, float]] = field(default_factory=dict)  # token → (kind, exp)
    _codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (kind, userid)
    _user_tokens: dict[str, str] = field(default_factory=dict)  # dingtalk user token → userid

    def add_member(self, userid: str, name: str, **details: str | None) -> Member:
        member = Member(userid, name, **details)
        self.members[userid] = member
        return member

    def expire_tokens(self) -> None:
        """Every token issued so far expires now (calls with one answer 42001)."""
        self._tokens = {token: (kind, 0.0) for token, (kind, _) in self._tokens.items()}

    def issue_code(self, provider: str, userid: str) -> str:
        """A single-use sign-in code for ``userid`` (what the browser step hands back)."""
        code = f"code-{secrets.token_urlsafe(12)}"
        self._codes[code] = (provider, userid)
        return code

    def received(self, provider: str, userid: str | None = None) -> list[Received]:
        return [
            m
            for m in self.inbox
            if m.provider == provider and (userid is None or userid in m.userids)
        ]

    # --- helpers -------------------------------------------------------------------------

    def _issue_token(self, kind: str) -> str:
        self.token_fetches[kind] += 1
        token = f"{kind}-token-{secrets.token_urlsafe(16)}"
        self._tokens[token] = (kind, time.monotonic() + self.token_lifetime)
        return token

    def _check_token(self, kind: str, token: str | None) -> int:
        """0, or the errcode for a missing/unknown (40014) or expired (42001) token."""
        found = self._tokens.get(token or "")
        if found is None or found[0] != kind:
            return 40014
        if found[1] <= time.monotonic():
            return 42001
        return 0

    def _take_code(self, provider: str, code: str) -> str | None:
        found = self._codes.pop(code, None)
        return found[1] if found and found[0] == provider else None

    def _rate_limited(self, provider: str) -> bool:
        if self.rate_limit.get(provider, 0) > 0:
            self.rate_limit[provider] -= 1
            return True
        return False

    def app(self) -> FastAPI:
        app = FastAPI()

        def err(code: int, msg: str) -> JSONResponse:
            return JSONResponse({"errcode": code, "errmsg": msg})

        # --- WeCom ---------------------------------------------------------------------

        @app.get("/cgi-bin/gettoken")
        async def wecom_gettoken(corpid: str = "", corpsecret: str = "") -> JSONResponse:
            if corpid != CORP_ID:
                return err(40013, "invalid corpid")
            if corpsecret != CORP_SECRET:
                return err(40001, "invalid credential")
            token = self._issue_token("wecom")
            return JSONResponse(
                {"errcode": 0, "errmsg": "ok", "access_token": token,
                 "expires_in": self.token_lifetime}
            )  # fmt: skip

        @app.post("/cgi-bin/message/send")
        async def wecom_send(request: Request, access_token: str = "") -> JSONResponse:
            if code := self._check_token("wecom", access_token):
                return err(code, "access_token invalid or expired")
            if self._rate_limited("wecom"):
                return err(WECOM_RATE_LIMIT, "api freq out of limit")
            body = await request.json()
            if body.get("agentid") != AGENT_ID:
                return err(40056, "invalid agentid")
            wanted = [u for u in str(body.get("touser", "")).split("|") if u]
            invalid = [u for u in wanted if u not in self.members]
            if wanted and len(invalid) == len(wanted):
                return err(81013, "user & party & tag all invalid")
            valid = [u for u in wanted if u in self.members]
            self.inbox.append(
                Received("wecom", valid, body["agentid"], body.get("msgtype", ""), body,
                         time.monotonic())
            )  # fmt: skip
            return JSONResponse(
                {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(invalid),
                 "msgid": secrets.token_hex(8)}
            )  # fmt: skip

        @app.get("/cgi-bin/auth/getuserinfo")
        async def wecom_getuserinfo(access_token: str = "", code: str = "") -> JSONResponse:
            if error := self._check_token("wecom", access_token):
                return err(error, "access_token invalid or expired")
            userid = self._take_code("wecom", code)
            if userid is None:
                return err(40029, "invalid code")
            if userid not in self.members:  # an outsider: openid only
                return JSONResponse({"errcode": 0, "errmsg": "ok", "openid": f"o-{userid}"})
            return JSONResponse({"errcode": 0, "errmsg": "ok", "userid": userid})

        @app.get("/cgi-bin/user/get")
        async def wecom_user(access_token: str = "", userid: str = "") -> JSONResponse:
            if error := self._check_token("wecom", access_token):
                return err(error, "access_token invalid or expired")
            member = self.members.get(userid)
            if member is None:
                return err(60111, "invalid string value `userid`")
            return JSONResponse(
                {"errcode": 0, "errmsg": "ok", "userid": member.userid, "name": member.name,
                 "mobile": member.mobile or "", "email": member.email or ""}
            )  # fmt: skip

        def back(redirect_uri: str, params: dict[str, str]) -> RedirectResponse:
            joiner = "&" if "?" in redirect_uri else "?"
            return RedirectResponse(
                f"{redirect_uri}{joiner}{urllib.parse.urlencode(params)}", status_code=302
            )

        @app.get("/connect/oauth2/authorize")
        async def wecom_authorize(redirect_uri: str, appid: str = "", state: str = "") -> Response:
            if appid != CORP_ID or self.signed_in is None:
                return JSONResponse({"errcode": 40013, "errmsg": "invalid appid"}, 400)
            return back(redirect_uri, {"code": self.issue_code("wecom", self.signed_in),
                                       "state": state})  # fmt: skip

        @app.get("/wwlogin/sso/login")
        async def wecom_qr_login(
            redirect_uri: str, appid: str = "", state: str = "", agentid: str = ""
        ) -> Response:
            if appid != CORP_ID or agentid != str(AGENT_ID) or self.signed_in is None:
                return JSONResponse({"errcode": 40013, "errmsg": "invalid appid"}, 400)
            return back(redirect_uri, {"code": self.issue_code("wecom", self.signed_in),
                                       "state": state, "appid": appid})  # fmt: skip

        # --- DingTalk ------------------------------------------------------------------

        def v1_error(status: int, code: str, message: str) -> JSONResponse:
            return JSONResponse({"code": code, "message": message}, status_code=status)

        @app.post("/v1.0/oauth2/accessToken")
        async def dingtalk_app_token(request: Request) -> JSONResponse:
            body = await request.json()
            if (body.get("appKey"), body.get("appSecret")) != (
                DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET,
            ):  # fmt: skip
                return v1_error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret")
            token = self._issue_token("dingtalk")
            return JSONResponse({"accessToken": token, "expireIn": self.token_lifetime})

        @app.post("/v1.0/oauth2/userAccessToken")
        async def dingtalk_user_token(request: Request) -> JSONResponse:
            body = await request.json()
            if (body.get("clientId"), body.get("clientSecret")) != (
                DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET,
            ):  # fmt: skip
                return v1_error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret")
            userid = self._take_code("dingtalk", str(body.get("code", "")))
            if userid is None or body.get("grantType") != "authorization_code":
                return v1_error(400, "invalidAuthCode", "不合法的临时授权码")
            token = f"dingtalk-user-{secrets.token_urlsafe(12)}"
            self._user_tokens[token] = userid
            return JSONResponse(
                {"accessToken": token, "refreshToken": secrets.token_urlsafe(12),
                 "expireIn": 7200, "corpId": DINGTALK_CORP_ID}
            )  # fmt: skip

        @app.get("/v1.0/contact/users/me")
        async def dingtalk_me(request: Request) -> JSONResponse:
            userid = self._user_tokens.get(request.headers.get("x-acs-dingtalk-access-token", ""))
            if userid is None:
                return v1_error(401, "InvalidAuthentication", "不合法的access_token")
            member = self.members.get(userid) or Member(userid, userid)
            return JSONResponse(
                {"nick": member.name, "unionId": member.union_id, "openId": f"o-{userid}",
                 "mobile": member.mobile or "", "email": member.email or "", "stateCode": "86"}
            )  # fmt: skip

        @app.post("/topapi/user/getbyunionid")
        async def dingtalk_by_unionid(request: Request, access_token: str = "") -> JSONResponse:
            if error := self._check_token("dingtalk", access_token):
                return err(error, "不合法的access_token")
            union_id = (await request.json()).get("unionid")
            for member in self.members.values():
                if member.union_id == union_id:
                    return JSONResponse(
                        {"errcode": 0, "errmsg": "ok",
                         "result": {"contact_type": 0, "userid": member.userid}}
                    )  # fmt: skip
            return err(60121, "找不到该用户")

        @app.post("/topapi/message/corpconversation/asyncsend_v2")
        async def dingtalk_send(request: Request, access_token: str = "") -> JSONResponse:
            if error := self._check_token("dingtalk", access_token):
                return err(error, "不合法的access_token")
            if self._rate_limited("dingtalk"):
                return err(DINGTALK_RATE_LIMIT, "当前企业调用该接口超过限制")
            body = await request.json()
            if body.get("agent_id") != DINGTALK_AGENT_ID:
                return err(40056, "不合法的agentid")
            wanted = [u for u in str(body.get("userid_list", "")).split(",") if u]
            # The real API reports unknown userids later (getsendresult); the emulator answers
            # at once with the invalid-userid errcode so the failure path can be tested.
            if not wanted or any(u not in self.members for u in wanted):
                return err(33012, "无效的USERID")
            msg = body.get("msg") or {}
            self.inbox.append(
                Received("dingtalk", wanted, body["agent_id"], msg.get("msgtype", ""), body,
                         time.monotonic())
            )  # fmt: skip
            return JSONResponse(
                {"errcode": 0, "errmsg": "ok", "task_id": secrets.randbelow(10**9),
                 "request_id": secrets.token_hex(8)}
            )  # fmt: skip

        @app.get("/oauth2/auth")
        async def dingtalk_authorize(
            redirect_uri: str, client_id: str = "", state: str = "", response_type: str = "code"
        ) -> Response:
            if client_id != DINGTALK_CLIENT_ID or self.signed_in is None:
                return v1_error(400, "invalidClientId", "无效的client_id")
            code = self.issue_code("dingtalk", self.signed_in)
            return back(redirect_uri, {"authCode": code, "code": code, "state": state})

        return app


@asynccontextmanager
async def running(emulator: Emulator) -> AsyncIterator[str]:
    """Serve ``emulator`` on a free port; yields its base URL (api_base and oapi_base)."""
    async with serve(emulator.app()) as base:
        yield base


@dataclass
class Served:
    emulator: Emulator
    base: str


@pytest.fixture
async def enterprise_emulator() -> AsyncIterator[Served]:
    emulator = Emulator()
    async with running(emulator) as base:
        yield Served(emulator, base)


@pytest.fixture
def loopback_allowed() -> Iterator[None]:
    """The outgoing-request policy allows 127.0.0.1 (for client tests without the app)."""
    before = egress.policy()
    egress.configure("127.0.0.1")
    yield
    egress._policy = before
