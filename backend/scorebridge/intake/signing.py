"""Webhook signatures: Standard Webhooks and a plain hex HMAC-SHA256 of the body.

Everything is compared in constant time; anything malformed is simply "not a valid signature".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

STANDARD_WEBHOOKS = "standard-webhooks"
HMAC_SHA256 = "hmac-sha256"
SCHEMES = (STANDARD_WEBHOOKS, HMAC_SHA256)
SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60
MAX_HEADER_LENGTH = 4096


class SignatureError(Exception):
    """The request is not signed by the vendor (the message says why, for the 401)."""


@dataclass(frozen=True)
class Verified:
    webhook_id: str | None
    timestamp: int | None


def generate_secret(scheme: str) -> str:
    if scheme == STANDARD_WEBHOOKS:
        return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()
    return secrets.token_hex(32)


def standard_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_…`` secret (raises ValueError when it is not base64)."""
    raw = secret.removeprefix(SECRET_PREFIX)
    try:
        return base64.b64decode(raw, validate=True)
    except binascii.Error:
        raise ValueError("the secret after 'whsec_' must be base64") from None


def sign_standard(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for one message."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(standard_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def sign_hmac(secret: str, body: bytes, prefix: str = "sha256=") -> str:
    return prefix + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_standard(
    secrets_: Sequence[str],
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float,
    tolerance: int = TOLERANCE_SECONDS,
) -> Verified:
    webhook_id = headers.get("webhook-id")
    timestamp_raw = headers.get("webhook-timestamp")
    signature_header = headers.get("webhook-signature")
    if not webhook_id or not timestamp_raw or not signature_header:
        raise SignatureError("Missing webhook-id, webhook-timestamp or webhook-signature header")
    if len(webhook_id) > 255 or len(signature_header) > MAX_HEADER_LENGTH:
        raise SignatureError("Signature headers are too long")
    try:
        timestamp = int(timestamp_raw)
    except ValueError:
        raise SignatureError("webhook-timestamp must be Unix seconds") from None
    if abs(now - timestamp) > tolerance:
        raise SignatureError("webhook-timestamp is more than 5 minutes off")
    given: list[bytes] = []
    for part in signature_header.split():
        version, _, encoded = part.partition(",")
        if version != "v1" or not encoded:
            continue
        try:
            given.append(base64.b64decode(encoded, validate=True))
        except binascii.Error:
            continue
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    for secret in secrets_:
        try:
            key = standard_key(secret)
        except ValueError:
            continue
        expected = hmac.new(key, signed, hashlib.sha256).digest()
        # Check every candidate (no early exit on the first mismatch of a kind).
        if any(hmac.compare_digest(expected, candidate) for candidate in given):
            return Verified(webhook_id=webhook_id, timestamp=timestamp)
    raise SignatureError("No valid v1 signature in webhook-signature")


def verify_hmac(
    secrets_: Sequence[str], headers: Mapping[str, str], body: bytes, *, header: str, prefix: str
) -> Verified:
    value = headers.get(header.lower())
    if not value or len(value) > MAX_HEADER_LENGTH:
        raise SignatureError(f"Missing {header} header")
    if not value.startswith(prefix):
        raise SignatureError(f"{header} must start with {prefix!r}")
    given = value[len(prefix) :].strip().lower().encode()
    for secret in secrets_:
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest().encode()
        if hmac.compare_digest(expected, given):
            # Only the body is signed: an id taken from a header could be changed by anyone
            # replaying the request, so the message's id is the hash of the signed bytes.
            return Verified(webhook_id=body_id(body), timestamp=None)
    raise SignatureError(f"{header} does not match the body")


def body_id(body: bytes) -> str:
    """A stable id for a message that carries none: the SHA-256 of its bytes."""
    return "sha256:" + hashlib.sha256(body).hexdigest()
