"""External channels: their configuration (validated, secrets masked) and the real protocols.

* email — SMTP with aiosmtplib, STARTTLS when ``starttls`` is set;
* wecom — WeCom group robot webhook, ``{"msgtype": "markdown", "markdown": {"content"}}``;
* dingtalk — DingTalk robot webhook signed with ``timestamp`` and ``sign`` query parameters,
  ``sign = urlencode(base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")))``;
* sms — ``POST {"to", "message"}`` with ``Authorization: Bearer <api_key>`` to the gateway URL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Literal

import httpx
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, EmailStr, Field, ValidationError

from scorebridge.notifications.models import CHANNEL_SECRET_FIELDS
from scorebridge.observability import tracing

ChannelKind = Literal["email", "wecom", "dingtalk", "sms"]
MASK = "***"


class EmailConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    host: str = Field(min_length=1, max_length=255)
    port: int = Field(ge=1, le=65535)
    username: str | None = Field(default=None, max_length=255)
    password: str | None = Field(default=None, max_length=255)
    from_: EmailStr = Field(alias="from")
    starttls: bool = False


class WeComConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    webhook_url: AnyHttpUrl


class DingTalkConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    webhook_url: AnyHttpUrl
    secret: str = Field(min_length=1, max_length=255)


class SmsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl
    api_key: str = Field(min_length=1, max_length=512)


CONFIG_MODELS: dict[str, type[BaseModel]] = {
    "email": EmailConfig,
    "wecom": WeComConfig,
    "dingtalk": DingTalkConfig,
    "sms": SmsConfig,
}


class ConfigError(ValueError):
    def __init__(self, loc: list[str | int], msg: str) -> None:
        super().__init__(msg)
        self.loc = loc
        self.msg = msg


def validate_config(
    kind: str, given: dict[str, Any], stored: dict[str, Any] | None
) -> dict[str, Any]:
    """The config to store: validated, with ``"***"`` secrets kept from the stored config."""
    merged = dict(given)
    for name in CHANNEL_SECRET_FIELDS & merged.keys():
        if merged[name] == MASK:
            if not stored or not stored.get(name):
                raise ConfigError([name], f"{name} is masked but none is stored; send the value")
            merged[name] = stored[name]
    try:
        model = CONFIG_MODELS[kind].model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(list(first["loc"]), first["msg"]) from None
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def masked(config: dict[str, Any]) -> dict[str, Any]:
    return {k: (MASK if k in CHANNEL_SECRET_FIELDS and v else v) for k, v in config.items()}


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    recipient_name: str
    email: str | None
    phone: str | None


class PermanentFailure(Exception):
    """A failure no retry can fix (no phone number, channel switched off)."""


class SendFailure(Exception):
    """The channel answered with an error (worth retrying)."""


async def send(kind: str, config: dict[str, Any], message: Message, seconds: float) -> None:
    if kind == "email":
        await send_email(config, message, seconds)
    elif kind == "wecom":
        await send_wecom(config, message, seconds)
    elif kind == "dingtalk":
        await send_dingtalk(config, message, seconds)
    elif kind == "sms":
        await send_sms(config, message, seconds)
    else:
        raise PermanentFailure(f"unknown channel {kind!r}")


async def send_email(config: dict[str, Any], message: Message, seconds: float) -> None:
    import aiosmtplib

    if not message.email:
        raise PermanentFailure("the recipient has no email address")
    email = EmailMessage()
    email["From"] = config["from"]
    email["To"] = message.email
    email["Subject"] = message.title
    email.set_content(message.body)
    try:
        with tracing.span("smtp send", **{"server.address": config["host"]}):
            await aiosmtplib.send(
                email,
                hostname=config["host"],
                port=int(config["port"]),
                username=config.get("username"),
                password=config.get("password"),
                start_tls=bool(config.get("starttls", False)),
                use_tls=False,
                timeout=seconds,
            )
    except aiosmtplib.SMTPException as exc:
        raise SendFailure(f"SMTP: {exc}") from exc


def _markdown(message: Message) -> str:
    return f"### {message.title}\n> {message.recipient_name}\n\n{message.body}"


async def _post_robot(url: str, body: dict[str, Any], seconds: float) -> None:
    async with httpx.AsyncClient(timeout=seconds) as client:
        response = await client.post(url, json=body)
    if response.status_code >= 400:
        raise SendFailure(f"HTTP {response.status_code}: {response.text[:200]}")
    try:
        answer = response.json()
    except ValueError:
        return
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        raise SendFailure(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}"[:300])


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


async def send_sms(config: dict[str, Any], message: Message, seconds: float) -> None:
    if not message.phone:
        raise PermanentFailure("the recipient has no phone number")
    async with httpx.AsyncClient(timeout=seconds) as client:
        response = await client.post(
            config["url"],
            json={"to": message.phone, "message": f"【ScoreBridge】{message.title}:{message.body}"},
            headers={"Authorization": f"Bearer {config['api_key']}"},
        )
    if response.status_code >= 400:
        raise SendFailure(f"HTTP {response.status_code}: {response.text[:200]}")
