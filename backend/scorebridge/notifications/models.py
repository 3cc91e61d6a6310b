"""In-app notifications, per-user channel preferences, admin channel configuration and the log
of every delivery attempt to an external channel."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, utcnow
from scorebridge.kit.sealing import SealedFieldsJSON, SealedText

# The config values that are secrets: sealed in the database, masked in answers.
CHANNEL_SECRET_FIELDS = frozenset({"password", "secret", "api_key", "client_secret"})
# URLs that may carry a key (a WeCom robot's ``key=``, a DingTalk robot's ``access_token=``):
# sealed whole, shown with the key masked.
CHANNEL_SECRET_URL_FIELDS = frozenset({"webhook_url", "url"})

EXTERNAL_CHANNELS = ("email", "wecom", "dingtalk", "sms", "webpush")
CHANNELS = ("in_app", *EXTERNAL_CHANNELS)


class Notification(IdMixin, Base):
    """One message to one user; always shown in-app, copied to the channels the user chose."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Makes re-delivered events idempotent: one notification per (event, user).
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class NotificationPreference(Base):
    """The channels a user wants notifications on (in-app is always on)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    channels: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NotificationChannel(Base):
    """An external channel configured by an admin: email (SMTP), WeCom, DingTalk, SMS."""

    __tablename__ = "notification_channels"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Passwords and keys in the config are sealed at rest (and masked in every answer).
    config: Mapped[dict[str, Any]] = mapped_column(
        SealedFieldsJSON(CHANNEL_SECRET_FIELDS | CHANNEL_SECRET_URL_FIELDS), default=dict
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class NotificationDelivery(IdMixin, Base):
    """One attempt to send a notification on one external channel."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        Index("ix_notification_deliveries_at_id", "at", "id"),
        Index("ix_notification_deliveries_notification_id_channel", "notification_id", "channel"),
    )

    notification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE")
    )
    channel: Mapped[str] = mapped_column(String(16))
    attempt: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # sent | failed | retrying
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class StreamTicket(Base):
    """A single-use, short-lived ticket that opens the notification stream (EventSource cannot
    send an Authorization header; a long-lived token never goes into a URL)."""

    __tablename__ = "notification_stream_tickets"

    ticket_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The sign-in (refresh-token family) that asked for it: once that ends, the ticket is void.
    sign_in_id: Mapped[uuid.UUID | None]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]


class PushSubscription(IdMixin, Base):
    """A browser's Web Push subscription (RFC 8030): where its push service takes messages for
    one user, and the keys that encrypt them for that browser (RFC 8291)."""

    __tablename__ = "push_subscriptions"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(Text)
    # SHA-256 of the endpoint: one subscription per browser, found again to unsubscribe.
    endpoint_hash: Mapped[str] = mapped_column(String(64), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))  # the browser's P-256 public key
    auth: Mapped[str] = mapped_column(SealedText)  # the shared authentication secret
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VapidKey(Base):
    """The server's VAPID key pair (RFC 8292), made once: browsers subscribe with its public
    key, and a push service takes messages only when signed with its private key."""

    __tablename__ = "vapid_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    private_key: Mapped[str] = mapped_column(SealedText)  # PEM, sealed at rest
    public_key: Mapped[str] = mapped_column(String(100))  # base64url, uncompressed point
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
