""" "Send me a test": one message to the signed-in admin on one channel, over the same sender a
notification uses, and what happened in words the admin reads (zh-CN or English) — the provider's
error code spelled out (a WeCom or DingTalk errcode, an SMTP reply code, an HTTP status)."""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.models import User
from scorebridge.enterprise_apps.errors import ProviderError
from scorebridge.kit import egress
from scorebridge.notifications import channels, delivery, templates, webpush
from scorebridge.settings import Settings

CHANNEL_NAMES = {
    "zh-CN": {
        "email": "邮件",
        "wecom": "企业微信",
        "dingtalk": "钉钉",
        "sms": "短信",
        "webpush": "浏览器推送",
    },
    "en": {
        "email": "email",
        "wecom": "WeCom",
        "dingtalk": "DingTalk",
        "sms": "SMS",
        "webpush": "browser push",
    },
}
TEST_TEXT = {
    "zh-CN": (
        "ScoreBridge 测试消息",
        "这是「通知渠道」页面发出的测试消息:收到即表示{channel}渠道可用。",
    ),
    "en": (
        "ScoreBridge test message",
        "A test from the notification channels page: if you read this, {channel} works.",
    ),
}
SENT = {
    "zh-CN": "测试消息已发出:请查收{channel}。",
    "en": "The test message was sent: check your {channel}.",
}
FAILED = {"zh-CN": "发送失败:{words}", "en": "Sending failed: {words}"}

# Known provider codes → (zh-CN, en).
ROBOT_ERRCODES: dict[str, dict[int, tuple[str, str]]] = {
    "wecom": {
        93000: (
            "Webhook 地址无效(key 不正确或机器人已删除)",
            "the webhook URL is invalid (wrong key, or the robot was removed)",
        ),
        93004: ("机器人已被停用", "the robot is disabled"),
        45009: ("发送太频繁,被企业微信限流", "too many messages: WeCom is rate-limiting"),
        40008: ("消息类型不被接受", "the message type is not accepted"),
        42001: ("access_token 已过期", "the access token has expired"),
        40014: ("access_token 无效", "the access token is invalid"),
        60020: (
            "服务器 IP 不在企业微信应用的可信 IP 中",
            "this server's IP is not a trusted IP of the WeCom app",
        ),
        81013: (
            "接收人无效(userid 不存在或不在应用可见范围)",
            "the recipient is invalid (unknown userid, or outside the app's visible range)",
        ),
    },
    "dingtalk": {
        310000: (
            "安全设置校验失败(加签密钥、自定义关键词或 IP 地址不符)",
            "the robot's security "
            "check failed (signing secret, keyword or IP address does not match)",
        ),
        300001: (
            "access_token 无效(Webhook 地址不正确)",
            "the access token is invalid (wrong webhook URL)",
        ),
        130101: ("发送太快,被钉钉限流", "too many messages: DingTalk is rate-limiting"),
        410100: ("发送太快,被钉钉限流", "too many messages: DingTalk is rate-limiting"),
        88: ("access_token 无效或已过期", "the access token is invalid or expired"),
        33012: ("接收人 userid 无效", "the recipient's userid is invalid"),
    },
}
SMTP_CODES = {
    530: ("服务器要求先认证或启用 STARTTLS", "the server requires authentication or STARTTLS"),
    535: ("用户名或密码错误", "wrong user name or password"),
    550: ("收件地址被拒绝(邮箱不存在或不允许)", "the recipient address was refused"),
    553: ("发件地址不被允许", "the sender address is not allowed"),
    554: ("邮件被服务器拒收", "the server refused the message"),
}
HTTP_CODES = {
    400: ("请求被拒绝(参数不正确)", "the request was rejected (bad parameters)"),
    401: ("认证失败(密钥或令牌不正确)", "authentication failed (wrong key or token)"),
    403: ("无权限(密钥不正确或被拒绝)", "forbidden (wrong key, or refused)"),
    404: ("地址不存在", "the address does not exist"),
    410: ("订阅已失效", "the subscription has ended"),
    413: ("消息太大", "the message is too large"),
    429: ("请求过于频繁,被限流", "too many requests: rate-limited"),
}
FIXED = {
    egress.REFUSED: (
        "目标地址被出站请求策略拒绝(内网或未允许的地址)",
        "the address is refused by the outgoing-request policy (an internal or unlisted address)",
    ),
    "connection failed": ("无法连接(地址或端口不通)", "could not connect (address or port)"),
    "timed out": ("对方超时未响应", "the other side did not answer in time"),
    "the recipient has no email address": ("你的账号没有邮箱地址", "your account has no email"),
    "the recipient has no phone number": (
        "你的账号没有关联登记了手机号的人员",
        "your account is not linked to a person with a phone number",
    ),
    "the recipient has no browser subscribed to push": (
        "你还没有在任何浏览器开启推送:先在「通知设置」里打开「浏览器推送」",
        "no browser of yours is subscribed: switch on 'Browser push' in notification settings",
    ),
    "SMTP: the conversation failed": ("与邮件服务器的会话失败", "the SMTP conversation failed"),
}


def _with_code(text: str, code: str, zh: bool) -> str:
    return f"{text}({code})" if zh else f"{text} ({code})"


def words(kind: str, reason: str, locale: str | None) -> str:
    """``reason`` (a channel's failure, English with the provider's code) in the reader's words."""
    zh = templates.language(locale) == "zh-CN"
    pick = 0 if zh else 1
    if reason in FIXED:
        return FIXED[reason][pick]
    if found := re.search(r"errcode (-?\d+)", reason):
        code = int(found.group(1))
        robot = ROBOT_ERRCODES.get(kind, {}).get(code)
        text = (
            robot[pick] if robot else ("对方返回错误" if zh else "the provider answered an error")
        )
        return _with_code(text, f"错误码 {code}" if zh else f"errcode {code}", zh)
    if found := re.search(r"SMTP (\d{3})", reason):
        code = int(found.group(1))
        smtp = SMTP_CODES.get(code)
        text = (smtp or ("邮件服务器拒绝", "the mail server said no"))[pick]
        return _with_code(text, f"SMTP {code}", zh)
    if found := re.search(r"HTTP (\d{3})", reason):
        code = int(found.group(1))
        http = HTTP_CODES.get(code) or (
            ("对方服务出错", "the other side failed") if code >= 500 else None
        )
        text = http[pick] if http else ("对方拒绝" if zh else "the other side said no")
        return _with_code(text, f"HTTP {code}", zh)
    return reason


@dataclass(frozen=True)
class TestOutcome:
    ok: bool
    message: str
    error: str | None


async def send_test(
    session: AsyncSession, settings: Settings, kind: str, config: dict[str, Any], user: User
) -> TestOutcome:
    """Send the test message to ``user`` on ``kind`` (a robot: to its group), built as a
    notification's message is (WeCom/DingTalk app mode: to their user ID, with a link); never
    raises for a channel's failure."""
    lang = templates.language(user.locale)
    name = CHANNEL_NAMES[lang].get(kind, kind)
    title, body = TEST_TEXT[lang]
    message = await delivery.message_for(
        session, settings, kind, user,
        title=title, body=body.format(channel=name), link="/notification-channels",
    )  # fmt: skip
    seconds = settings.notification_send_timeout_seconds
    try:
        if kind == "webpush":
            await webpush.send(lambda: nullcontext(session), config, message, seconds)
        else:
            await channels.send(kind, config, message, seconds)
    except (channels.PermanentFailure, channels.SendFailure) as exc:
        cause = exc.__cause__
        if isinstance(cause, ProviderError):  # an app's errcode, spelled out by its client
            failed = FAILED[lang].format(words=cause.reason(user.locale))
            return TestOutcome(False, failed, f"errcode {cause.errcode}")
        reason = str(exc)
    except egress.Refused as exc:
        reason = egress.describe(exc)
    except Exception as exc:  # the type only: an HTTP error's text may carry a keyed URL
        reason = egress.describe(exc)
    else:
        return TestOutcome(True, SENT[lang].format(channel=name), None)
    return TestOutcome(False, FAILED[lang].format(words=words(kind, reason, user.locale)), reason)
