"""Notifications of the signed-in user (list, read, live stream, preferences), and the channels
and delivery log for admins."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import Authenticated, authenticate, requires
from scorebridge.auth.models import User
from scorebridge.auth.permissions import Permission
from scorebridge.auth.tokens import sign_in_ended
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthorized,
    responses,
)
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import AppDatabase, AppSettings, Session
from scorebridge.notifications import channel_test, channels, service, webpush
from scorebridge.notifications.hub import SIGN_IN_ENDED, LocalHub, hub_for
from scorebridge.notifications.models import (
    EXTERNAL_CHANNELS,
    Notification,
    NotificationChannel,
    NotificationDelivery,
    NotificationPreference,
)
from scorebridge.notifications.schemas import (
    ChannelConfigIn,
    ChannelConfigOut,
    Channels,
    ChannelTestOut,
    DeliveryOut,
    DeliveryStatus,
    NotificationOut,
    NotificationPage,
    PreferencesOut,
    PreferencesUpdate,
    PushSubscriptionIn,
    PushUnsubscribe,
    ReadAll,
    StreamTicketOut,
    UnreadCount,
    WebPushKeyOut,
)

router = APIRouter(tags=["notifications"])
Paging = Annotated[PageParams, Depends(page_params)]
Admin = Annotated[Caller, Depends(requires(Permission.channels_manage))]
DeliveryReader = Annotated[Caller, Depends(requires(Permission.audit_read))]
_bearer = HTTPBearer(auto_error=False, description="An access token from /api/v1/auth/token")


async def _user(caller: Authenticated) -> Caller:
    if caller.kind != "user":
        raise Forbidden("Notifications belong to users; integration clients have none")
    return caller


SignedIn = Annotated[Caller, Depends(_user)]


@router.get(
    "/notifications",
    operation_id="listNotifications",
    summary="My notifications, newest first, with the unread count",
    responses=responses(401, 403, 422),
)
async def list_notifications(
    caller: SignedIn,
    session: Session,
    page: Paging,
    unread: Annotated[bool, Query(description="Only unread ones")] = False,
) -> NotificationPage:
    statement = select(Notification).where(Notification.user_id == caller.id)
    if unread:
        statement = statement.where(Notification.read_at.is_(None))
    rows, cursor = await paginate(
        session,
        statement,
        sort=Sort(Notification.created_at, True),
        id_column=Notification.id,
        params=page,
    )
    return NotificationPage(
        items=[service.to_out(r) for r in rows],
        next_cursor=cursor,
        unread_count=await service.unread_count(session, caller.id),
    )


@router.get(
    "/notifications/unread-count",
    operation_id="getUnreadNotificationCount",
    summary="How many of my notifications are unread",
    responses=responses(401, 403),
)
async def unread_count(caller: SignedIn, session: Session) -> UnreadCount:
    return UnreadCount(unread_count=await service.unread_count(session, caller.id))


@router.post(
    "/notifications/{notification_id}/read",
    operation_id="markNotificationRead",
    summary="Mark one of my notifications read (idempotent)",
    responses=responses(401, 403, 404),
)
async def mark_read(
    caller: SignedIn, session: Session, notification_id: uuid.UUID
) -> NotificationOut:
    row = await session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == caller.id
        )
    )
    if row is None:
        raise NotFound(f"No notification with id {notification_id}")
    if row.read_at is None:
        row.read_at = utcnow()
        await session.flush()
    return service.to_out(row)


@router.post(
    "/notifications/read-all",
    operation_id="markAllNotificationsRead",
    summary="Mark all my notifications read",
    responses=responses(401, 403),
)
async def read_all(caller: SignedIn, session: Session) -> ReadAll:
    return ReadAll(marked=await service.mark_all_read(session, caller.id))


@router.post(
    "/notifications/stream-ticket",
    operation_id="createNotificationStreamTicket",
    summary="A single-use ticket (60 s) to open the stream where no header can be sent",
    description="`EventSource` cannot send `Authorization`; open "
    "`/notifications/stream?ticket=...` with this ticket instead of a token in the URL.",
    responses=responses(401, 403),
)
async def stream_ticket(
    caller: SignedIn, session: Session, settings: AppSettings
) -> StreamTicketOut:
    sid = caller.extras.get("sid")
    ticket = await service.issue_ticket(
        session,
        caller.id,
        settings.notification_stream_ticket_seconds,
        uuid.UUID(sid) if sid else None,
    )
    return StreamTicketOut(ticket=ticket, expires_in=settings.notification_stream_ticket_seconds)


async def _stream_user(
    request: Request,
    session: Session,
    ticket: str | None,
    credentials: HTTPAuthorizationCredentials | None,
) -> tuple[uuid.UUID, uuid.UUID | None]:
    """The stream's user and the sign-in it belongs to."""
    if ticket:
        redeemed = await service.redeem_ticket(session, ticket)
        if redeemed is None:
            raise Unauthorized("The stream ticket is unknown, used or expired; get a new one")
        user = await session.get(User, redeemed[0])
        if user is None or not user.is_active:
            raise Unauthorized("This account is disabled or no longer exists")
        return redeemed
    caller = await authenticate(request, session, credentials)
    if caller.kind != "user":
        raise Forbidden("Notifications belong to users; integration clients have none")
    sid = caller.extras.get("sid")
    return caller.id, uuid.UUID(sid) if sid else None


def sse(event: str, data: dict[str, Any], event_id: str | None = None) -> bytes:
    lines = [f"event: {event}"]
    if event_id:
        lines.append(f"id: {event_id}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return ("\n".join(lines) + "\n\n").encode()


SignedOut = Callable[[], Awaitable[bool]]


async def event_stream(
    hub: LocalHub,
    user_id: uuid.UUID,
    heartbeat_seconds: float,
    sign_in_id: uuid.UUID | None = None,
    signed_out: SignedOut | None = None,
) -> AsyncIterator[bytes]:
    """``notification`` events for ``user_id`` and a comment every ``heartbeat_seconds``.

    The stream ends when its sign-in ends: at once on the hub's sign-in-ended message (sent
    by logout), and at the next heartbeat when ``signed_out()`` says so (a sign-in revoked any
    other way, or a message lost with Redis).

    Registration and clean-up live inside the generator, so a client that goes away (the
    server cancels the generator or closes it) leaves nothing behind."""
    with hub.listen(user_id) as queue:
        yield b": connected\n\n"
        while True:
            try:
                payload = await asyncio.wait_for(queue.get(), timeout=heartbeat_seconds)
            except TimeoutError:
                if signed_out is not None and await signed_out():
                    return
                yield b": heartbeat\n\n"
                continue
            if SIGN_IN_ENDED in payload:
                if sign_in_id is not None and payload[SIGN_IN_ENDED] == str(sign_in_id):
                    return
                continue
            yield sse("notification", payload, str(payload.get("id", "")))


def _sign_in_check(db: Database, sign_in_id: uuid.UUID | None) -> SignedOut | None:
    if sign_in_id is None:
        return None

    async def signed_out() -> bool:
        async with db.unit_of_work() as session:
            return await sign_in_ended(session, sign_in_id)

    return signed_out


@router.get(
    "/notifications/stream",
    operation_id="streamNotifications",
    summary="Server-sent events: `notification` for each new notification",
    description="Authenticate with `Authorization: Bearer` or a `ticket` from "
    "`POST /notifications/stream-ticket` (single use, 60 s). Each event is `event: "
    "notification` with the notification as JSON; a `: heartbeat` comment comes every 15 s.",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}},
        **responses(401, 403),
    },
)
async def stream(
    request: Request,
    session: Session,
    db: AppDatabase,
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ticket: Annotated[str | None, Query(max_length=128)] = None,
) -> StreamingResponse:
    user_id, sign_in_id = await _stream_user(request, session, ticket, credentials)
    hub = hub_for(settings.redis_url)
    await hub.start()
    return StreamingResponse(
        event_stream(
            hub,
            user_id,
            settings.notification_heartbeat_seconds,
            sign_in_id,
            _sign_in_check(db, sign_in_id),
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


# --- Preferences -------------------------------------------------------------------------------


async def _preferences(session: Session, user_id: uuid.UUID) -> PreferencesOut:
    current = (await service.preferences_of(session, [user_id]))[user_id]
    enabled = await service.enabled_channels(session)
    return PreferencesOut(
        channels=Channels(**current),
        available=["in_app", *[c for c in EXTERNAL_CHANNELS if c in enabled]],
    )


@router.get(
    "/me/notification-preferences",
    operation_id="getNotificationPreferences",
    summary="The channels I receive notifications on",
    responses=responses(401, 403),
)
async def get_preferences(caller: SignedIn, session: Session) -> PreferencesOut:
    return await _preferences(session, caller.id)


@router.put(
    "/me/notification-preferences",
    operation_id="updateNotificationPreferences",
    summary="Choose my channels (omitted ones keep their value; in-app is always on)",
    responses=responses(401, 403, 422),
)
async def put_preferences(
    caller: SignedIn, session: Session, body: PreferencesUpdate
) -> PreferencesOut:
    row = await session.get(NotificationPreference, caller.id)
    current = service.effective_channels(row.channels if row else None)
    current.update(body.channels.model_dump(exclude_none=True))
    current = service.effective_channels(current)
    if row is None:
        session.add(NotificationPreference(user_id=caller.id, channels=current))
    else:
        row.channels = current
    await session.flush()
    return await _preferences(session, caller.id)


# --- Channels (admin) --------------------------------------------------------------------------


def _channel_out(kind: str, row: NotificationChannel | None) -> ChannelConfigOut:
    return ChannelConfigOut(
        kind=kind,
        enabled=bool(row and row.enabled),
        configured=bool(row and row.config),
        config=channels.masked(row.config) if row else {},
        updated_at=row.updated_at if row else None,
    )


@router.get(
    "/notification-channels",
    operation_id="listNotificationChannels",
    summary="Email, WeCom, DingTalk and SMS channel settings (secrets masked)",
    responses=responses(401, 403),
)
async def list_channels(caller: Admin, session: Session) -> list[ChannelConfigOut]:
    rows = {r.kind: r for r in (await session.scalars(select(NotificationChannel))).all()}
    return [_channel_out(kind, rows.get(kind)) for kind in EXTERNAL_CHANNELS]


@router.put(
    "/notification-channels/{kind}",
    operation_id="configureNotificationChannel",
    summary="Configure and enable or disable one channel",
    responses=responses(401, 403, 422),
)
async def put_channel(
    caller: Admin, session: Session, kind: channels.ChannelKind, body: ChannelConfigIn
) -> ChannelConfigOut:
    row = await session.get(NotificationChannel, kind)
    try:
        config = await channels.validate_config(kind, body.config, row.config if row else None)
    except channels.ConfigError as exc:
        raise InvalidInput(["body", "config", *exc.loc], exc.msg) from None
    if row is None:
        row = NotificationChannel(kind=kind, enabled=body.enabled, config=config)
        session.add(row)
    else:
        row.enabled = body.enabled
        row.config = config
    row.updated_by = caller.id
    await session.flush()
    await session.refresh(row)
    audit.record(
        session,
        caller,
        "notification_channel.updated",
        target_type="notification_channel",
        target_id=kind,
        detail={"enabled": body.enabled, "config": channels.masked(config)},
    )
    return _channel_out(kind, row)


@router.post(
    "/notification-channels/{kind}/test",
    operation_id="testNotificationChannel",
    summary="Send me (the signed-in admin) a test message on one channel",
    description="Uses the saved configuration (enabled or not) and answers what happened in "
    "my language: success, or the provider's error code in words.",
    responses=responses(401, 403, 409, 422),
)
async def test_channel(
    caller: Admin, session: Session, settings: AppSettings, kind: channels.ChannelKind
) -> ChannelTestOut:
    user = await session.get(User, caller.id) if caller.kind == "user" else None
    if user is None:
        raise Forbidden("A test message goes to a signed-in user; integration clients have none")
    row = await session.get(NotificationChannel, kind)
    if row is None or not row.config:
        raise Conflict(f"The {kind} channel is not configured: save its settings first")
    outcome = await channel_test.send_test(session, settings, kind, row.config, user)
    audit.record(
        session,
        caller,
        "notification_channel.tested",
        target_type="notification_channel",
        target_id=kind,
        detail={"ok": outcome.ok, "error": outcome.error},
    )
    return ChannelTestOut(kind=kind, ok=outcome.ok, message=outcome.message, error=outcome.error)


# --- Delivery log (admin, hr) ------------------------------------------------------------------


@router.get(
    "/notification-deliveries",
    operation_id="listNotificationDeliveries",
    summary="Every attempt to send a notification on an external channel, newest first",
    responses=responses(401, 403, 422),
)
async def list_deliveries(
    caller: DeliveryReader,
    session: Session,
    page: Paging,
    channel: channels.ChannelKind | None = None,
    status: DeliveryStatus | None = None,
    notification_id: uuid.UUID | None = None,
) -> Page[DeliveryOut]:
    statement = select(NotificationDelivery)
    if channel:
        statement = statement.where(NotificationDelivery.channel == channel)
    if status:
        statement = statement.where(NotificationDelivery.status == status)
    if notification_id:
        statement = statement.where(NotificationDelivery.notification_id == notification_id)
    rows, cursor = await paginate(
        session,
        statement,
        sort=Sort(NotificationDelivery.at, True),
        id_column=NotificationDelivery.id,
        params=page,
    )
    notifications = {
        n.id: n
        for n in (
            await session.scalars(
                select(Notification).where(Notification.id.in_({r.notification_id for r in rows}))
            )
        ).all()
    }
    return Page(
        items=[
            DeliveryOut(
                id=r.id,
                notification_id=r.notification_id,
                user_id=notifications[r.notification_id].user_id,
                kind=notifications[r.notification_id].kind,
                channel=r.channel,
                attempt=r.attempt,
                status=r.status,
                error=r.error,
                at=r.at,
            )
            for r in rows
        ],
        next_cursor=cursor,
    )


# --- Browser push ------------------------------------------------------------------------------


@router.get(
    "/webpush/key",
    operation_id="getWebPushKey",
    summary="The VAPID public key browsers subscribe to push with",
    description="Pass `public_key` (decoded from base64url) as `applicationServerKey` to "
    "`pushManager.subscribe`.",
    responses=responses(401, 403),
)
async def webpush_key(caller: SignedIn, session: Session) -> WebPushKeyOut:
    key = await webpush.vapid_key(session)
    return WebPushKeyOut(
        public_key=key.public_key, enabled="webpush" in await service.enabled_channels(session)
    )


@router.post(
    "/me/push-subscriptions",
    operation_id="subscribeToPush",
    summary="Subscribe this browser to push (the browser's PushSubscription JSON)",
    description="Keeps the subscription for me (a browser subscribed before moves to me) and "
    "switches my `webpush` channel on.",
    status_code=204,
    response_class=Response,
    responses=responses(401, 403, 422),
)
async def subscribe_to_push(
    caller: SignedIn, session: Session, body: PushSubscriptionIn
) -> Response:
    await webpush.subscribe(session, caller.id, body)
    row = await session.get(NotificationPreference, caller.id)
    current = service.effective_channels(row.channels if row else None)
    if not current["webpush"]:
        current["webpush"] = True
        if row is None:
            session.add(NotificationPreference(user_id=caller.id, channels=current))
        else:
            row.channels = current
    await session.flush()
    return Response(status_code=204)


@router.delete(
    "/me/push-subscriptions",
    operation_id="unsubscribeFromPush",
    summary="Unsubscribe a browser of mine from push (endpoint in the body or the query)",
    status_code=204,
    response_class=Response,
    responses=responses(401, 403, 422),
)
async def unsubscribe_from_push(
    caller: SignedIn,
    session: Session,
    body: Annotated[PushUnsubscribe | None, Body()] = None,
    endpoint: Annotated[str | None, Query(max_length=2048)] = None,
) -> Response:
    which = body.endpoint if body else endpoint
    if not which:
        raise InvalidInput(["query", "endpoint"], "the subscription's endpoint is required")
    await webpush.unsubscribe(session, caller.id, which)
    return Response(status_code=204)
