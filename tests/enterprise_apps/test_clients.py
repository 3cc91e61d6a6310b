"""The WeCom and DingTalk API clients against the in-repo emulator: tokens cached and fetched
once (also for concurrent callers), refreshed once when the provider calls them expired, and
errcodes raised as readable errors."""

from __future__ import annotations

import asyncio

import pytest

from enterprise_emulator import (
    AGENT_ID,
    CORP_ID,
    CORP_SECRET,
    DINGTALK_AGENT_ID,
    DINGTALK_CLIENT_ID,
    DINGTALK_CLIENT_SECRET,
    Served,
)
from scorebridge.enterprise_apps.dingtalk import DingTalkApp
from scorebridge.enterprise_apps.errors import ProviderError
from scorebridge.enterprise_apps.wecom import WeComApp

pytestmark = pytest.mark.usefixtures("loopback_allowed")


def wecom(served: Served, secret: str = CORP_SECRET) -> WeComApp:
    return WeComApp(CORP_ID, secret, api_base=served.base, timeout=5)


def dingtalk(served: Served, secret: str = DINGTALK_CLIENT_SECRET) -> DingTalkApp:
    return DingTalkApp(
        DINGTALK_CLIENT_ID, secret, api_base=served.base, oapi_base=served.base, timeout=5
    )


async def card(app: WeComApp, userid: str, n: int = 0) -> None:
    await app.send_textcard(
        userid, AGENT_ID, title=f"成绩 {n}", description="已发布", url="https://sb.example/r"
    )


async def test_wecom_token_is_fetched_once_for_many_concurrent_messages(
    enterprise_emulator: Served,
) -> None:
    emulator = enterprise_emulator.emulator
    emulator.add_member("zhangwei", "张伟")
    async with wecom(enterprise_emulator) as app:
        await asyncio.gather(*(card(app, "zhangwei", n) for n in range(20)))
    async with wecom(enterprise_emulator) as app:  # another client: same process cache
        await card(app, "zhangwei")
    assert emulator.token_fetches["wecom"] == 1
    assert len(emulator.received("wecom", "zhangwei")) == 21
    [first, *_] = emulator.inbox
    assert first.msgtype == "textcard"
    assert first.body["textcard"]["url"] == "https://sb.example/r"


async def test_wecom_expired_token_mid_run_is_refreshed_once(enterprise_emulator: Served) -> None:
    emulator = enterprise_emulator.emulator
    emulator.add_member("zhangwei", "张伟")
    async with wecom(enterprise_emulator) as app:
        await card(app, "zhangwei")
        emulator.expire_tokens()
        await asyncio.gather(*(card(app, "zhangwei", n) for n in range(10)))
    assert emulator.token_fetches["wecom"] == 2
    assert len(emulator.inbox) == 11


async def test_wecom_errcodes_are_readable(enterprise_emulator: Served) -> None:
    emulator = enterprise_emulator.emulator
    emulator.add_member("zhangwei", "张伟")
    emulator.rate_limit["wecom"] = 1
    async with wecom(enterprise_emulator) as app:
        with pytest.raises(ProviderError) as limited:
            await card(app, "zhangwei")
        assert limited.value.errcode == 45009
        assert limited.value.rate_limited
        assert limited.value.retryable
        assert "rate limited" in str(limited.value)
        assert "频率" in limited.value.reason("zh-CN")
        with pytest.raises(ProviderError) as unknown:
            await card(app, "nobody")
        assert unknown.value.errcode == 81013
        assert not unknown.value.retryable
        assert str(unknown.value).startswith("WeCom errcode 81013: the recipient is not")
    async with wecom(enterprise_emulator, secret="wrong") as app:
        with pytest.raises(ProviderError) as bad_secret:
            await card(app, "zhangwei")
    assert bad_secret.value.errcode == 40001
    assert bad_secret.value.reason("zh-CN") == "企业微信错误码 40001:应用 Secret 错误或访问令牌无效"
    assert emulator.token_fetches["wecom"] == 1  # the failed gettoken issued none


async def test_wecom_sign_in_look_ups(enterprise_emulator: Served) -> None:
    emulator = enterprise_emulator.emulator
    emulator.add_member("zhangwei", "张伟", mobile="13800138000", email="zw@corp.example")
    code = emulator.issue_code("wecom", "zhangwei")
    async with wecom(enterprise_emulator) as app:
        assert await app.userid_from_code(code) == "zhangwei"
        with pytest.raises(ProviderError) as replayed:
            await app.userid_from_code(code)
        assert replayed.value.errcode == 40029
        user = await app.user("zhangwei")
        assert (user.name, user.mobile, user.email) == ("张伟", "13800138000", "zw@corp.example")
        with pytest.raises(ProviderError) as missing:
            await app.user("ghost")
        assert missing.value.errcode == 60111


async def test_wecom_closed_port_is_a_transport_failure() -> None:
    from notifications.servers import free_port

    egress_app = WeComApp(CORP_ID, CORP_SECRET, api_base=f"http://127.0.0.1:{free_port()}")
    async with egress_app as app:
        with pytest.raises(ProviderError) as caught:
            await card(app, "zhangwei")
    assert caught.value.errcode is None
    assert caught.value.retryable
    assert str(caught.value) == "WeCom: connection failed"


async def test_dingtalk_work_notifications_and_token(enterprise_emulator: Served) -> None:
    emulator = enterprise_emulator.emulator
    emulator.add_member("manager4021", "李娜")
    async with dingtalk(enterprise_emulator) as app:

        async def send(n: int) -> None:
            await app.send_action_card(
                "manager4021", DINGTALK_AGENT_ID, title=f"通知 {n}", markdown="**已发布**",
                url="https://sb.example/r",
            )  # fmt: skip

        await asyncio.gather(*(send(n) for n in range(10)))
        emulator.expire_tokens()
        await send(10)
        emulator.rate_limit["dingtalk"] = 1
        with pytest.raises(ProviderError) as limited:
            await send(11)
        assert limited.value.errcode == 90018
        assert limited.value.rate_limited
        with pytest.raises(ProviderError) as invalid:
            await app.send_action_card(
                "ghost", DINGTALK_AGENT_ID, title="x", markdown="x", url="https://sb.example"
            )
        assert invalid.value.errcode == 33012
        assert invalid.value.reason("en") == "DingTalk errcode 33012: the user ID is invalid"
    assert emulator.token_fetches["dingtalk"] == 2
    [first, *_] = emulator.received("dingtalk", "manager4021")
    assert first.msgtype == "action_card"
    assert first.body["msg"]["action_card"]["single_url"] == "https://sb.example/r"
    async with dingtalk(enterprise_emulator, secret="wrong") as app:
        with pytest.raises(ProviderError) as bad:
            await app.access_token()
    assert bad.value.errcode == "invalidClientIdOrSecret"
    assert "Client Secret" in bad.value.reason("zh-CN")


async def test_dingtalk_sign_in_look_ups(enterprise_emulator: Served) -> None:
    emulator = enterprise_emulator.emulator
    member = emulator.add_member("manager4021", "李娜", mobile="13900139000")
    code = emulator.issue_code("dingtalk", "manager4021")
    async with dingtalk(enterprise_emulator) as app:
        user_token = await app.user_access_token(code)
        me = await app.me(user_token)
        assert (me.union_id, me.nick, me.mobile) == (member.union_id, "李娜", "13900139000")
        assert await app.userid_by_unionid(me.union_id) == "manager4021"
        with pytest.raises(ProviderError) as replayed:
            await app.user_access_token(code)
        assert replayed.value.errcode == "invalidAuthCode"
        with pytest.raises(ProviderError) as bad_token:
            await app.me("not-a-token")
        assert bad_token.value.errcode == "InvalidAuthentication"
        with pytest.raises(ProviderError) as unknown:
            await app.userid_by_unionid("union-ghost")
        assert unknown.value.errcode == 60121
