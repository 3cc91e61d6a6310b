"""The error every enterprise-app call raises: the provider's errcode and a readable reason."""

from __future__ import annotations

from scorebridge.notifications.templates import language

# Expired or invalid access token: the call is retried once with a fresh token.
TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
RATE_LIMIT_ERRCODES = frozenset({45009, 45033, 90018})

# errcode → (zh-CN, English). Anything else is "errcode N: <errmsg kept out>" (the provider's
# own message can echo configuration; it is never shown).
REASONS: dict[int | str, tuple[str, str]] = {
    40001: (
        "应用 Secret 错误或访问令牌无效",
        "the app secret is wrong or the access token is invalid",
    ),
    40013: ("企业 ID(CorpID)无效", "the corp ID is invalid"),
    40014: ("访问令牌无效", "the access token is invalid"),
    42001: ("访问令牌已过期", "the access token has expired"),
    40029: ("登录授权码无效或已使用", "the sign-in code is invalid or already used"),
    40056: ("应用 AgentId 无效", "the agent ID is invalid"),
    45009: ("调用频率超过限制,请稍后重试", "rate limited: too many calls, try again later"),
    45033: ("并发调用超过限制,请稍后重试", "rate limited: too many concurrent calls"),
    90018: ("调用频率超过限制,请稍后重试", "rate limited: too many calls, try again later"),
    60011: ("应用无权访问该成员", "the app may not read this member (visibility scope)"),
    60111: ("成员 UserID 不存在", "no member with this user ID"),
    60121: ("找不到该成员", "no such member in the organisation"),
    33012: ("成员 UserID 无效", "the user ID is invalid"),
    81013: (
        "收件人不在应用可见范围内或 UserID 无效",
        "the recipient is not in the app's visible range or the user ID is invalid",
    ),
    # DingTalk's v1.0 APIs answer HTTP 4xx with a string code.
    "invalidClientIdOrSecret": (
        "应用 Client ID 或 Client Secret 错误",
        "the app's client ID or client secret is wrong",
    ),
    "invalidAuthCode": ("登录授权码无效或已使用", "the sign-in code is invalid or already used"),
    "InvalidAuthentication": (
        "用户访问令牌无效或已过期",
        "the user access token is invalid or expired",
    ),
    "bad_answer": ("服务返回了无法识别的应答", "the service gave an answer that could not be read"),
}


def reason(errcode: int | str | None, locale: str | None = "en") -> str:
    index = 1 if language(locale) == "en" else 0
    known = REASONS.get(errcode) if errcode is not None else None
    if known:
        return known[index]
    return f"错误码 {errcode}" if index == 0 else f"errcode {errcode}"


class ProviderError(Exception):
    """A WeCom or DingTalk call failed. ``errcode`` is the provider's code (an int for the
    classic APIs, a string for DingTalk's v1.0 APIs, None for a transport failure);
    ``str(exc)`` is the English reason (what delivery logs keep)."""

    def __init__(self, provider: str, errcode: int | str | None, detail: str | None = None) -> None:
        self.provider = provider
        self.errcode = errcode
        self.detail = detail  # a transport failure's generic class (egress.describe)
        super().__init__(self.reason("en"))

    def reason(self, locale: str | None = "zh-CN") -> str:
        """The failure in words, in ``locale``'s language."""
        name = {"wecom": ("企业微信", "WeCom"), "dingtalk": ("钉钉", "DingTalk")}
        zh, en = name.get(self.provider, (self.provider, self.provider))
        english = language(locale) == "en"
        if self.errcode is None:
            return f"{en}: {self.detail}" if english else f"{zh}:{self.detail}"
        known = REASONS.get(self.errcode)
        if english:
            return f"{en} errcode {self.errcode}" + (f": {known[1]}" if known else "")
        return f"{zh}错误码 {self.errcode}" + (f":{known[0]}" if known else "")

    @property
    def rate_limited(self) -> bool:
        return self.errcode in RATE_LIMIT_ERRCODES

    @property
    def token_expired(self) -> bool:
        return self.errcode in TOKEN_ERRCODES

    @property
    def retryable(self) -> bool:
        """Worth another try later: rate limits and transport failures (not a bad userid)."""
        return self.rate_limited or self.errcode is None
