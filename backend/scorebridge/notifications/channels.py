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

from scorebridge.kit import egress, masking, messages
from scorebridge.kit.errors import InvalidInput, pydantic_message
from scorebridge.kit.fields import Flag
from scorebridge.notifications.models import CHANNEL_SECRET_FIELDS, CHANNEL_SECRET_URL_FIELDS
from scorebridge.observability import tracing

ChannelKind = Literal["email", "wecom", "dingtalk", "sms"]
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
    def __init__(self, loc: list[str | int], msg: str | messages.Message) -> None:
        super().__init__(str(msg))
        self.loc = loc
        self.msg = msg


# Where a channel's messages (and secrets) go: a secret is kept from the stored config only
# while these are unchanged (a new address requires the secret again).
ADDRESS_FIELDS = ("host", "port", "url", "webhook_url", "api_base", "oapi_base")
URL_FIELDS = ("url", "webhook_url", "api_base", "oapi_base")


def _address(config: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        masking.destination(str(config.get(name) or ""))
        if name in URL_FIELDS
        else str(config.get(name) or "").lower()
        for name in ADDRESS_FIELDS
    )


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
        model = CONFIG_MODELS[kind].model_validate(merged)
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


async def send_sms(config: dict[str, Any], message: Message, seconds: float) -> None:
    if not message.phone:
        raise PermanentFailure("the recipient has no phone number")
    await _post(
        config["url"],
        {"to": message.phone, "message": f"【ScoreBridge】{message.title}:{message.body}"},
        seconds,
        headers={"Authorization": f"Bearer {config['api_key']}"},
    )
