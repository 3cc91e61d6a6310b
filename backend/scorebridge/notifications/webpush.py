"""Browser push (Web Push): a notification reaches the person's browsers and phones (the app
installed to the home screen), even with the app closed.

* Subscriptions (RFC 8030): a browser subscribes with the server's VAPID public key and hands
  us its ``PushSubscription`` (the push service's endpoint, its P-256 key ``p256dh`` and the
  shared ``auth`` secret); one row per browser, the secret sealed at rest.
* VAPID (RFC 8292): one P-256 key pair, made the first time it is needed and kept in
  ``vapid_keys`` (the private key sealed with ``SCOREBRIDGE_SECRET_KEY``); every push request
  carries ``Authorization: vapid t=<JWT signed with it>, k=<public key>``, the JWT's ``aud``
  being the push service's origin and ``sub`` the contact the admin configured.
* Encryption (RFC 8291, ``aes128gcm`` of RFC 8188) with ``http_ece``: only the subscribed
  browser can read the message, not the push service.
* The request goes through :mod:`scorebridge.kit.egress` like every outgoing request. A
  subscription the push service answers 404 or 410 for is gone for good and is dropped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import http_ece
import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.kit import egress
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import InvalidInput
from scorebridge.notifications.channels import Message, PermanentFailure, SendFailure
from scorebridge.notifications.models import PushSubscription, VapidKey
from scorebridge.notifications.schemas import PushSubscriptionIn

# A score notice still matters tomorrow: the push service keeps it a day for an offline phone.
TIME_TO_LIVE_SECONDS = 86_400
# A signed push request is good for this long (RFC 8292 allows at most 24 hours).
VAPID_VALID_SECONDS = 12 * 3600
# The browsers one user may have subscribed; a new one beyond this replaces the oldest.
MAX_SUBSCRIPTIONS_PER_USER = 10
# Push services take about 4 KB; the text is cut well before that.
MAX_BODY_CHARS = 1000

_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")

SessionScope = Callable[[], AbstractAsyncContextManager[AsyncSession]]


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64url(loc: list[str | int], value: str) -> bytes:
    if not _BASE64URL.match(value):
        raise InvalidInput(loc, "must be base64url")
    try:
        return base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        raise InvalidInput(loc, "must be base64url") from None


def endpoint_hash(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


# --- The server's VAPID key --------------------------------------------------------------------


async def vapid_key(session: AsyncSession) -> VapidKey:
    """The VAPID key pair, made on first use (two servers racing keep the first one stored)."""
    row = await session.get(VapidKey, 1)
    if row is not None:
        return row
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    try:
        async with session.begin_nested():
            row = VapidKey(id=1, private_key=pem, public_key=b64url(public), created_at=utcnow())
            session.add(row)
        return row
    except IntegrityError:
        stored = await session.scalar(select(VapidKey).where(VapidKey.id == 1))
        assert stored is not None
        return stored


# --- Subscriptions -----------------------------------------------------------------------------


async def validated(body: PushSubscriptionIn) -> tuple[str, str, str]:
    """The endpoint, ``p256dh`` and ``auth`` of a browser's subscription, or a 422 naming the
    field: the endpoint must be allowed by the outgoing-request policy, ``p256dh`` a P-256
    public key (65 bytes, uncompressed) and ``auth`` 16 bytes, both base64url."""
    try:
        scheme = httpx.URL(body.endpoint).scheme
    except (httpx.InvalidURL, ValueError):
        raise InvalidInput(["body", "endpoint"], "not a valid URL") from None
    if scheme not in ("https", "http"):
        raise InvalidInput(["body", "endpoint"], "must be an https URL")
    await egress.check_on_save(["body", "endpoint"], body.endpoint)
    p256dh = _unb64url(["body", "keys", "p256dh"], body.keys.p256dh)
    try:
        if len(p256dh) != 65:
            raise ValueError
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except ValueError:
        raise InvalidInput(
            ["body", "keys", "p256dh"], "must be an uncompressed P-256 public key (65 bytes)"
        ) from None
    if len(_unb64url(["body", "keys", "auth"], body.keys.auth)) != 16:
        raise InvalidInput(["body", "keys", "auth"], "must be 16 bytes")
    return body.endpoint, b64url(p256dh), body.keys.auth.rstrip("=")


async def subscribe(session: AsyncSession, user_id: uuid.UUID, body: PushSubscriptionIn) -> None:
    """Keep the browser's subscription for ``user_id`` (a browser that subscribed before, for
    this or another account, is updated: it belongs to whoever subscribed it last)."""
    endpoint, p256dh, auth = await validated(body)
    digest = endpoint_hash(endpoint)
    row = await session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint_hash == digest)
    )
    if row is None:
        try:
            async with session.begin_nested():
                row = PushSubscription(
                    user_id=user_id,
                    endpoint=endpoint,
                    endpoint_hash=digest,
                    p256dh=p256dh,
                    auth=auth,
                    created_at=utcnow(),
                )
                session.add(row)
        except IntegrityError:  # the same browser, subscribed twice at once
            row = await session.scalar(
                select(PushSubscription).where(PushSubscription.endpoint_hash == digest)
            )
            assert row is not None
    row.user_id, row.p256dh, row.auth = user_id, p256dh, auth
    await session.flush()
    kept = (
        await session.scalars(
            select(PushSubscription.id)
            .where(PushSubscription.user_id == user_id)
            .order_by(PushSubscription.created_at.desc(), PushSubscription.id)
            .offset(MAX_SUBSCRIPTIONS_PER_USER)
        )
    ).all()
    if kept:
        await session.execute(delete(PushSubscription).where(PushSubscription.id.in_(kept)))


async def unsubscribe(session: AsyncSession, user_id: uuid.UUID, endpoint: str) -> bool:
    result = await session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user_id,
            PushSubscription.endpoint_hash == endpoint_hash(endpoint),
        )
    )
    return bool(getattr(result, "rowcount", 0))


# --- Sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    id: uuid.UUID
    endpoint: str
    p256dh: str
    auth: str


@dataclass
class Outcome:
    delivered: int = 0
    gone: list[uuid.UUID] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def encrypt(target: Target, payload: bytes) -> bytes:
    """RFC 8291: ``aes128gcm`` with a fresh server key pair and salt for every message."""
    body: bytes = http_ece.encrypt(
        payload,
        salt=os.urandom(16),
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=_unb64url(["p256dh"], target.p256dh),
        auth_secret=_unb64url(["auth"], target.auth),
        version="aes128gcm",
    )
    return body


def vapid_headers(private_pem: str, endpoint: str, subject: str) -> dict[str, str]:
    """``Authorization: vapid t=…, k=…`` for the push service behind ``endpoint``."""
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    url = httpx.URL(endpoint)
    port = f":{url.port}" if url.port else ""
    claims = {
        "aud": f"{url.scheme}://{url.host}{port}",
        "sub": subject,
        "exp": int(time.time()) + VAPID_VALID_SECONDS,
    }
    headers: dict[str, str] = Vapid02(key, conf={"no-strict": True}).sign(claims)
    return headers


def payload_of(message: Message) -> bytes:
    """What the service worker shows: ``{"title", "body", "link"}`` as JSON (a newer notice
    about the same page replaces the older one on the screen, and so does a retry)."""
    body = message.body
    text = body if len(body) <= MAX_BODY_CHARS else body[: MAX_BODY_CHARS - 1] + "…"
    return json.dumps(
        {"title": message.title, "body": text, "link": message.link},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


_STATUS_WORDS = {
    400: "the push service rejected the request",
    401: "the push service refused the VAPID signature",
    403: "the push service refused the VAPID signature (the subscription was made with "
    "another key)",
    413: "the message is too large for the push service",
    429: "the push service asks us to slow down",
}


def status_reason(status: int) -> str:
    words = _STATUS_WORDS.get(status) or (
        "the push service is unavailable" if status >= 500 else "the push service said no"
    )
    return f"{words} (HTTP {status})"


async def push(
    targets: Sequence[Target], private_pem: str, subject: str, payload: bytes, seconds: float
) -> Outcome:
    """Send ``payload`` to every browser; each answer is counted, none stops the others."""
    outcome = Outcome()
    async with egress.client(timeout=seconds) as client:
        for target in targets:
            try:
                response = await client.post(
                    target.endpoint,
                    content=encrypt(target, payload),
                    headers={
                        **vapid_headers(private_pem, target.endpoint, subject),
                        "Content-Encoding": "aes128gcm",
                        "Content-Type": "application/octet-stream",
                        "TTL": str(TIME_TO_LIVE_SECONDS),
                        "Urgency": "normal",
                    },
                )
            except httpx.HTTPError as exc:  # egress.Refused included
                outcome.errors.append(egress.describe(exc))
                continue
            if response.status_code in (404, 410):
                outcome.gone.append(target.id)
            elif response.status_code >= 400:
                outcome.errors.append(status_reason(response.status_code))
            else:
                outcome.delivered += 1
    return outcome


async def send(
    sessions: SessionScope, config: dict[str, Any], message: Message, seconds: float
) -> None:
    """Push ``message`` to every browser its recipient subscribed, dropping the ones that are
    gone. Delivered to one browser is delivered; otherwise a :class:`PermanentFailure` (no
    browser left) or a :class:`SendFailure` (worth retrying) that says why in words."""
    if message.user_id is None:
        raise PermanentFailure("the recipient has no account to push to")
    async with sessions() as session:
        key = await vapid_key(session)
        private_pem = key.private_key
        targets = [
            Target(row.id, row.endpoint, row.p256dh, row.auth)
            for row in await session.scalars(
                select(PushSubscription).where(PushSubscription.user_id == message.user_id)
            )
        ]
    if not targets:
        raise PermanentFailure("the recipient has no browser subscribed to push")
    outcome = await push(targets, private_pem, config["subject"], payload_of(message), seconds)
    if outcome.gone:
        async with sessions() as session:
            await session.execute(
                delete(PushSubscription).where(PushSubscription.id.in_(outcome.gone))
            )
    if outcome.delivered:
        return
    if outcome.errors:
        raise SendFailure(outcome.errors[0])
    raise PermanentFailure(
        "the push service says the browser's subscription has ended (HTTP 404/410); it was removed"
    )
