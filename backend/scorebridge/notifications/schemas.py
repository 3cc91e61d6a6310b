"""Notification, preference, channel and delivery shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scorebridge.kit.fields import Flag

DeliveryStatus = Literal["sent", "failed", "retrying"]


class NotificationOut(BaseModel):
    id: uuid.UUID
    kind: str = Field(
        description="To employees: result.published | feedback.replied | feedback.resolved "
        "(result.adjusted in older ones); to HR and admins: feedback.created | "
        "feedback.followed_up | feedback.due_soon | feedback.overdue | feedback.escalated"
    )
    title: str
    body: str
    link: str | None = Field(description="A path in the web app to open")
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None = None
    unread_count: int


class UnreadCount(BaseModel):
    unread_count: int


class ReadAll(BaseModel):
    marked: int


class StreamTicketOut(BaseModel):
    ticket: str
    expires_in: int = Field(description="Seconds the ticket stays valid; it opens one stream")


class Channels(BaseModel):
    in_app: Flag = True
    email: Flag = True
    wecom: Flag = False
    dingtalk: Flag = False
    sms: Flag = False
    webpush: Flag = False


class ChannelsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    in_app: Flag | None = Field(default=None, description="Always on; false is ignored")
    email: Flag | None = None
    wecom: Flag | None = None
    dingtalk: Flag | None = None
    sms: Flag | None = None
    webpush: Flag | None = None


class PreferencesOut(BaseModel):
    channels: Channels
    available: list[str] = Field(
        description="Channels an admin has enabled (in_app always); others are kept but unused"
    )


class PreferencesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channels: ChannelsUpdate


class ChannelConfigIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: Flag
    config: dict[str, Any] = Field(
        description='email {"host", "port", "username"?, "password"?, "from", "starttls"?}; '
        'wecom {"mode": "app", "corp_id", "agent_id", "secret", "api_base"?} (to the person) '
        'or {"mode": "robot", "webhook_url"} (a group; no personal notices); dingtalk '
        '{"mode": "app", "client_id", "client_secret", "agent_id", "oapi_base"?, "api_base"?} '
        'or {"mode": "robot", "webhook_url", "secret"}; sms {"url", "api_key"}; webpush '
        '{"subject"} (the VAPID contact, a mailto: or https: URL). A secret sent '
        'as "***" keeps the stored one while the address, mode and corp/client ID are unchanged.'
    )


class ChannelConfigOut(BaseModel):
    kind: Literal["email", "wecom", "dingtalk", "sms", "webpush"]
    enabled: bool
    configured: bool
    config: dict[str, Any] = Field(
        description='Secrets (password, secret, client_secret, api_key) read "***"'
    )
    updated_at: datetime | None


class DeliveryOut(BaseModel):
    id: uuid.UUID
    notification_id: uuid.UUID
    user_id: uuid.UUID
    kind: str
    channel: str
    attempt: int
    status: DeliveryStatus
    error: str | None
    at: datetime


class PushSubscriptionKeys(BaseModel):
    model_config = ConfigDict(extra="forbid")

    p256dh: str = Field(
        min_length=1, max_length=200, description="The browser's P-256 public key, base64url"
    )
    auth: str = Field(
        min_length=1, max_length=100, description="The 16-byte authentication secret, base64url"
    )


class PushSubscriptionIn(BaseModel):
    """The browser's ``PushSubscription.toJSON()``."""

    model_config = ConfigDict(extra="forbid")

    endpoint: str = Field(min_length=1, max_length=2048, description="The push service's URL")
    expirationTime: int | None = None  # the browser's own name
    keys: PushSubscriptionKeys


class PushUnsubscribe(BaseModel):
    model_config = ConfigDict(extra="forbid")

    endpoint: str = Field(min_length=1, max_length=2048)


class WebPushKeyOut(BaseModel):
    public_key: str = Field(
        description="The VAPID public key (P-256, uncompressed, base64url): "
        "`applicationServerKey` for `pushManager.subscribe`"
    )
    enabled: bool = Field(description="Whether an admin has switched browser push on")


class ChannelTestOut(BaseModel):
    kind: Literal["email", "wecom", "dingtalk", "sms", "webpush"]
    ok: bool
    message: str = Field(description="What happened, in my language (zh-CN or English)")
    error: str | None = Field(
        description="The channel's failure as logged (English, with the provider's code)"
    )
