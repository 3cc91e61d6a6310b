"""External channels: their configuration (validated, secrets masked) and the real protocols.

* email — SMTP with aiosmtplib, STARTTLS when ``starttls`` is set;
* wecom — ``mode: "app"``: a self-built app's message to the person's own WeCom
  (``message/send``, ``touser``; a text card linking to the page); ``mode: "robot"`` (the v1
  config): a group robot webhook, ``{"msgtype": "markdown", "markdown": {"content"}}``;
* dingtalk — ``mode: "app"``: an internal app's work notification to the person
  (``asyncsend_v2``, ``userid_list``; an action card); ``mode: "robot"``: a group robot webhook
  signed with ``timestamp`` and ``sign`` query parameters,
  ``sign = urlencode(base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")))``;
* sms — ``POST {"to", "message"}`` with ``Authorization: Bearer <api_key>`` to the gateway URL;
* webpush — browser push to the person's subscribed browsers (``notifications/webpush.py``).

A robot posts to a group chat: it never carries a personal notification (see
:func:`reaches_person`); it is kept for announcements to a group and the channel test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Literal

import httpx
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, EmailStr, Field, ValidationError

from scorebridge.enterprise_apps.dingtalk import DingTalkApp
from scorebridge.enterprise_apps.errors import ProviderError
from scorebridge.enterprise_apps.wecom import WeComApp
from scorebridge.kit import egress, masking, messages
from scorebridge.kit.errors import InvalidInput, pydantic_message
from scorebridge.kit.fields import Flag
from scorebridge.notifications.models import CHANNEL_SECRET_FIELDS, CHANNEL_SECRET_URL_FIELDS
from scorebridge.notifications.templates import language
from scorebridge.observability import tracing

ChannelKind = Literal["email", "wecom", "dingtalk", "sms", "webpush"]
MASK = masking.MASK


class EmailConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    host: str = Field(min_length=1, max_length=255)
    port: int = Field(ge=1, le=65535)
    username: str | None = Field(default=None, max_length=255)
    password: str | None = Field(default=None, max_length=255)
    from_: EmailStr = Field(alias="from")
    starttls: Flag = False


class WeComConfig(BaseModel):
    """A WeCom group robot (group announcements only)."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["robot"] = "robot"
    webhook_url: AnyHttpUrl


# A WeCom corp ID or a DingTalk client ID: letters, digits, '-' and '_'.
APP_ID = r"^[A-Za-z0-9_-]+$"


class WeComAppConfig(BaseModel):
    """A WeCom self-built app (企业 ID, AgentId, Secret from the WeCom admin console)."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["app"]
    corp_id: str = Field(min_length=1, max_length=64, pattern=APP_ID)
    agent_id: int = Field(ge=1, le=2**31 - 1)
    secret: str = Field(min_length=1, max_length=255)
    api_base: AnyHttpUrl | None = None


class DingTalkConfig(BaseModel):
    """A DingTalk group robot (group announcements only)."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["robot"] = "robot"
    webhook_url: AnyHttpUrl
    secret: str = Field(min_length=1, max_length=255)


class DingTalkAppConfig(BaseModel):
    """A DingTalk internal app (Client ID/AppKey, Client Secret/AppSecret, AgentId)."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["app"]
    client_id: str = Field(min_length=1, max_length=64, pattern=APP_ID)
    client_secret: str = Field(min_length=1, max_length=255)
    agent_id: int = Field(ge=1, le=2**63 - 1)
    oapi_base: AnyHttpUrl | None = None  # the classic APIs (oapi.dingtalk.com)
    api_base: AnyHttpUrl | None = None  # the v1.0 APIs (api.dingtalk.com)


class SmsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl
    api_key: str = Field(min_length=1, max_length=512)


class WebPushConfig(BaseModel):
    """The VAPID ``sub`` claim: whom a push service may contact about our messages."""

    model_config = ConfigDict(extra="forbid")

    subject: str = Field(
        max_length=255, pattern=r"^(mailto:[^@\s]+@[^@\s]+\.[^@\s]+|https://[^\s/]+\S*)$"
    )


CONFIG_MODELS: dict[str, type[BaseModel]] = {
    "email": EmailConfig,
    "wecom": WeComConfig,
    "dingtalk": DingTalkConfig,
    "sms": SmsConfig,
    "webpush": WebPushConfig,
}
APP_MODELS: dict[str, type[BaseModel]] = {"wecom": WeComAppConfig, "dingtalk": DingTalkAppConfig}
MODES = ("app", "robot")


class ConfigError(ValueError):
    def __init__(self, loc: list[str | int], msg: str | messages.Message) -> None:
        super().__init__(str(msg))
        self.loc = loc
        self.msg = msg


# Where a channel's messages (and secrets) go: a secret is kept from the stored config only
# while these are unchanged (a new address, app or organisation requires the secret again).
ADDRESS_FIELDS = (
    "host", "port", "url", "webhook_url", "api_base", "oapi_base", "mode", "corp_id", "client_id",
)  # fmt: skip
URL_FIELDS = ("url", "webhook_url", "api_base", "oapi_base")


def mode(config: dict[str, Any]) -> str:
    """``app`` or ``robot`` for WeCom and DingTalk (a v1 config without ``mode`` is a robot)."""
    return "app" if config.get("mode") == "app" else "robot"


def reaches_person(kind: str, config: dict[str, Any]) -> bool:
    """Whether the channel delivers to one person (a robot posts to a group: never personal
    notifications)."""
    return kind not in APP_MODELS or mode(config) == "app"


def _address(config: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        masking.destination(str(config.get(name) or ""))
        if name in URL_FIELDS
        else mode(config)
        if name == "mode"
        else str(config.get(name) or "").lower()
        for name in ADDRESS_FIELDS
    )


def _model(kind: str, config: dict[str, Any]) -> type[BaseModel]:
    if kind not in APP_MODELS:
        return CONFIG_MODELS[kind]
    chosen = config.get("mode", "robot")
    if chosen not in MODES:
        raise ConfigError(["mode"], "Input should be 'app' or 'robot'")
    return APP_MODELS[kind] if chosen == "app" else CONFIG_MODELS[kind]


async def validate_config(
    kind: str, given: dict[str, Any], stored: dict[str, Any] | None
) -> dict[str, Any]:
    """The config to store: validated, its addresses allowed by the outgoing-request policy,
    with ``"***"`` secrets kept from the stored config while the address is unchanged."""
    merged = dict(given)
    same_address = stored is not None and _address(stored) == _address(merged)
    try:
        for name in CHANNEL_SECRET_FIELDS & merged.keys():
            if isinstance(merged[name], str):
                merged[name] = masking.keep_masked(
                    [name], merged[name], (stored or {}).get(name), same_address=same_address
                )
        for name in CHANNEL_SECRET_URL_FIELDS & merged.keys():
            if isinstance(merged[name], str):
                merged[name] = masking.unmask_url([name], merged[name], (stored or {}).get(name))
    except InvalidInput as exc:
        raise ConfigError(exc.loc, exc.detail) from None
    try:
        model = _model(kind, merged).model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(list(first["loc"]), pydantic_message(first)) from None
    config = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    try:
        for name in URL_FIELDS:
            if config.get(name):
                await egress.check_on_save([name], config[name])
        if kind == "email":
            await egress.check_host_on_save(["host"], config["host"], int(config["port"]))
    except InvalidInput as exc:
        raise ConfigError(exc.loc, exc.detail) from None
    return config


def masked(config: dict[str, Any]) -> dict[str, Any]:
    """The config as answers and audit details show it: secrets ``***``, keys in URLs too."""
    return {
        k: masking.masked_url(v)
        if k in CHANNEL_SECRET_URL_FIELDS and isinstance(v, str)
        else (MASK if k in CHANNEL_SECRET_FIELDS and v else v)
        for k, v in config.items()
    }


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    recipient_name: str
    email: str | None
    phone: str | None
    userid: str | None = None  # the person's WeCom/DingTalk user ID (app mode)
    url: str | None = None  # the page the message is about (absolute), if any
    locale: str | None = None
    user_id: uuid.UUID | None = None  # ours: whose browsers web push goes to
    link: str | None = None  # the in-app path (web push opens it)


class PermanentFailure(Exception):
    """A failure no retry can fix (no phone number, channel switched off)."""


class SendFailure(Exception):
    """The channel answered with an error (worth retrying)."""


async def send(kind: str, config: dict[str, Any], message: Message, seconds: float) -> None:
    if kind == "email":
        await send_email(config, message, seconds)
    elif kind == "wecom":
        if mode(config) == "app":
            await send_wecom_app(config, message, seconds)
        else:
            await send_wecom(config, message, seconds)
    elif kind == "dingtalk":
        if mode(config) == "app":
            await send_dingtalk_app(config, message, seconds)
        else:
            await send_dingtalk(config, message, seconds)
    elif kind == "sms":
        await send_sms(config, message, seconds)
    else:
        raise PermanentFailure(f"unknown channel {kind!r}")


async def send_email(config: dict[str, Any], message: Message, seconds: float) -> None:
    """Connects to a checked address of the SMTP host (the host name stays the TLS name)."""
    import aiosmtplib

    if not message.email:
        raise PermanentFailure("the recipient has no email address")
    email = EmailMessage()
    email["From"] = config["from"]
    email["To"] = message.email
    email["Subject"] = message.title
    email.set_content(message.body)
    try:
        sock = await egress.open_socket(config["host"], int(config["port"]), seconds)
    except egress.Refused:
        raise
    except OSError as exc:
        raise SendFailure(egress.describe(exc)) from exc
    try:
        with tracing.span("smtp send", **{"server.address": config["host"]}):
            await aiosmtplib.send(
                email,
                hostname=config["host"],
                sock=sock,
                username=config.get("username"),
                password=config.get("password"),
                start_tls=bool(config.get("starttls", False)),
                use_tls=False,
                timeout=seconds,
            )
    except aiosmtplib.SMTPResponseException as exc:
        raise SendFailure(f"SMTP {exc.code} from the server") from exc
    except aiosmtplib.SMTPException as exc:
        raise SendFailure("SMTP: the conversation failed") from exc
    finally:
        sock.close()


def _markdown(message: Message) -> str:
    return f"### {message.title}\n> {message.recipient_name}\n\n{message.body}"


async def _post(
    url: str, body: dict[str, Any], seconds: float, headers: dict[str, str] | None = None
) -> httpx.Response:
    """POST through the outgoing-request policy; failures say only what kind they were."""
    try:
        async with egress.client(timeout=seconds) as client:
            response = await client.post(url, json=body, headers=headers)
    except egress.Refused:
        raise
    except httpx.HTTPError as exc:
        raise SendFailure(egress.describe(exc)) from exc
    if response.status_code >= 400:
        raise SendFailure(egress.status_error(response.status_code))
    return response


async def _post_robot(url: str, body: dict[str, Any], seconds: float) -> None:
    response = await _post(url, body, seconds)
    try:
        answer = response.json()
    except ValueError:
        return
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        code = answer.get("errcode")
        raise SendFailure(f"the robot answered errcode {code if isinstance(code, int) else '?'}")


async def send_wecom(config: dict[str, Any], message: Message, seconds: float) -> None:
    await _post_robot(
        config["webhook_url"],
        {"msgtype": "markdown", "markdown": {"content": _markdown(message)}},
        seconds,
    )


def dingtalk_sign(secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


async def send_dingtalk(config: dict[str, Any], message: Message, seconds: float) -> None:
    timestamp = str(round(time.time() * 1000))
    url = config["webhook_url"]
    joiner = "&" if "?" in url else "?"
    signed = f"{url}{joiner}timestamp={timestamp}&sign={dingtalk_sign(config['secret'], timestamp)}"
    await _post_robot(
        signed,
        {"msgtype": "markdown", "markdown": {"title": message.title, "text": _markdown(message)}},
        seconds,
    )


# --- App mode: to the person's own account --------------------------------------------------

BUTTON = {"zh-CN": "查看详情", "en": "View"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _markdown_text(text: str) -> str:
    """Plain text inside DingTalk markdown: no markup, no HTML."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def _provider_failure(exc: ProviderError) -> Exception:
    """A rate limit or a transport failure is worth a retry; a bad userid or secret is not."""
    failure = SendFailure if exc.retryable else PermanentFailure
    return failure(str(exc))


def _recipient(message: Message, provider: str) -> str:
    if not message.userid:
        raise PermanentFailure(
            f"the recipient has no {provider} user ID (no linked account or employee number)"
        )
    return message.userid


async def send_wecom_app(config: dict[str, Any], message: Message, seconds: float) -> None:
    touser = _recipient(message, "WeCom")
    app = WeComApp(config["corp_id"], config["secret"], api_base=config.get("api_base"),
                   timeout=seconds)  # fmt: skip
    try:
        async with app:
            if message.url:
                await app.send_textcard(
                    touser, config["agent_id"], title=message.title,
                    description=html.escape(message.body, quote=False), url=message.url,
                    button=BUTTON[language(message.locale)],
                )  # fmt: skip
            else:
                await app.send_text(touser, config["agent_id"], f"{message.title}\n{message.body}")
    except ProviderError as exc:
        raise _provider_failure(exc) from exc


async def send_dingtalk_app(config: dict[str, Any], message: Message, seconds: float) -> None:
    userid = _recipient(message, "DingTalk")
    app = DingTalkApp(
        config["client_id"], config["client_secret"],
        api_base=config.get("api_base"), oapi_base=config.get("oapi_base"), timeout=seconds,
    )  # fmt: skip
    text = f"### {_markdown_text(message.title)}\n\n{_markdown_text(message.body)}"
    try:
        async with app:
            if message.url:
                await app.send_action_card(
                    userid, config["agent_id"], title=message.title, markdown=text,
                    url=message.url, button=BUTTON[language(message.locale)],
                )  # fmt: skip
            else:
                await app.send_markdown(userid, config["agent_id"], title=message.title,
                                        markdown=text)  # fmt: skip
    except ProviderError as exc:
        raise _provider_failure(exc) from exc


async def send_sms(config: dict[str, Any], message: Message, seconds: float) -> None:
    if not message.phone:
        raise PermanentFailure("the recipient has no phone number")
    await _post(
        config["url"],
        {"to": message.phone, "message": f"【ScoreBridge】{message.title}:{message.body}"},
        seconds,
        headers={"Authorization": f"Bearer {config['api_key']}"},
    )
