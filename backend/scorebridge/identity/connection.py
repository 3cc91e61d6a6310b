""" "Test connection" for an identity provider: fetch what a sign-in would need (OIDC: the
discovery document and the JWKS; WeCom and DingTalk: an app access token) and say, in the
admin's language, which step failed and why."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from scorebridge.identity import dingtalk, oidc, wecom
from scorebridge.identity.refusals import SignInRefused
from scorebridge.identity.schemas import ConnectionStep, ConnectionTestOut

TEXTS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "discovery": "获取发现文档",
        "jwks": "获取签名公钥 (JWKS)",
        "token": "获取应用访问令牌",
        "ok": "成功",
        "passed": "连接正常",
        "failed": "连接失败:{step}——{detail}",
        "skipped": "未执行(上一步失败)",
    },
    "en": {
        "discovery": "Fetch the discovery document",
        "jwks": "Fetch the signing keys (JWKS)",
        "token": "Get an app access token",
        "ok": "succeeded",
        "passed": "The connection works",
        "failed": "Connection failed: {step} — {detail}",
        "skipped": "not run (an earlier step failed)",
    },
}

Step = tuple[str, Callable[[], Awaitable[None]]]


def _oidc_steps(config: dict[str, Any]) -> list[Step]:
    found: list[oidc.Discovery] = []

    async def discovery() -> None:
        found.append(await oidc.discover(config["issuer"], fresh=True))

    async def jwks() -> None:
        await oidc.key_set(found[0].jwks_uri, fresh=True)

    return [("discovery", discovery), ("jwks", jwks)]


def _steps(kind: str, config: dict[str, Any], locale: str) -> list[Step]:
    if kind == "oidc":
        return _oidc_steps(config)
    if kind == "wecom":
        return [("token", lambda: wecom.check_token(config, locale))]
    return [("token", lambda: dingtalk.check_token(config, locale))]


async def run(kind: str, config: dict[str, Any], locale: str) -> ConnectionTestOut:
    t = TEXTS["en" if locale.startswith("en") else "zh-CN"]
    steps: list[ConnectionStep] = []
    failure: str | None = None
    for name, step in _steps(kind, config, locale):
        if failure is not None:
            steps.append(ConnectionStep(step=t[name], ok=False, detail=t["skipped"]))
            continue
        try:
            await step()
        except SignInRefused as refused:
            failure = t["failed"].format(step=t[name], detail=refused.why)
            steps.append(ConnectionStep(step=t[name], ok=False, detail=refused.why))
            continue
        steps.append(ConnectionStep(step=t[name], ok=True, detail=t["ok"]))
    return ConnectionTestOut(ok=failure is None, message=failure or t["passed"], steps=steps)
