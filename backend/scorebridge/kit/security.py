"""Password hashing (Argon2) and JWTs (python-jose, one algorithm, every claim required)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from weakref import WeakKeyDictionary

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from jose import jwt

from scorebridge.kit.db import utcnow
from scorebridge.settings import Settings

ALGORITHM = "HS256"
MAX_TOKEN_LENGTH = 8192
REQUIRED_CLAIMS = ("iss", "aud", "sub", "exp", "iat", "jti")

TokenType = Literal["access", "refresh"]

_hasher = PasswordHasher()
# A hash to verify against when the account does not exist, so timing does not reveal it.
_DUMMY_HASH = _hasher.hash("scorebridge-no-such-account")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# Argon2 is deliberately slow and memory-hungry: at most one hash per core runs at a time (a
# burst of sign-ins queues here instead of starving the event loop's thread pool), each in a
# worker thread, and never while a database connection is held by the caller.
_SLOTS: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = WeakKeyDictionary()


def _hashing_slots() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slots = _SLOTS.get(loop)
    if slots is None:
        slots = _SLOTS[loop] = asyncio.Semaphore(max(1, os.cpu_count() or 1))
    return slots


async def hash_password_bounded(password: str) -> str:
    async with _hashing_slots():
        return await asyncio.to_thread(hash_password, password)


async def verify_password_bounded(password_hash: str | None, password: str) -> bool:
    async with _hashing_slots():
        return await asyncio.to_thread(verify_password, password_hash, password)


def new_secret(prefix: str = "", nbytes: int = 32) -> str:
    return prefix + secrets.token_urlsafe(nbytes)


def fingerprint(secret: str) -> str:
    """A stable SHA-256 digest for high-entropy secrets (client secrets, not passwords)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: datetime
    expires_in: int


class TokenCodec:
    """Encodes and strictly decodes the two kinds of ScoreBridge tokens.

    Access and refresh tokens use different audiences and a ``typ`` claim, so a refresh
    token is never accepted where an access token is expected.
    """

    def __init__(self, settings: Settings) -> None:
        self.key = settings.secret_key
        self.issuer = settings.jwt_issuer
        self.audiences: dict[TokenType, str] = {
            "access": settings.jwt_audience,
            "refresh": settings.jwt_audience + ":refresh",
        }
        self.ttl: dict[TokenType, int] = {
            "access": settings.access_token_ttl_seconds,
            "refresh": settings.refresh_token_ttl_seconds,
        }

    def encode(
        self, kind: TokenType, subject: str, *, jti: str | None = None, **claims: Any
    ) -> IssuedToken:
        now = utcnow()
        expires_at = now + timedelta(seconds=self.ttl[kind])
        jti = jti or str(uuid.uuid4())
        payload = {
            **claims,
            "iss": self.issuer,
            "aud": self.audiences[kind],
            "sub": subject,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
            "jti": jti,
            "typ": kind,
        }
        token = jwt.encode(payload, self.key, algorithm=ALGORITHM)
        return IssuedToken(token, jti, expires_at, self.ttl[kind])

    def decode(self, kind: TokenType, token: str) -> dict[str, Any]:
        if not token or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
            raise InvalidToken("malformed token")
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != ALGORITHM:
                raise InvalidToken("unexpected algorithm")
            claims: dict[str, Any] = jwt.decode(
                token,
                self.key,
                algorithms=[ALGORITHM],
                audience=self.audiences[kind],
                issuer=self.issuer,
                options={f"require_{claim}": True for claim in REQUIRED_CLAIMS} | {"leeway": 0},
            )
        except InvalidToken:
            raise
        except Exception as exc:  # JWTError, JWKError, ExpiredSignatureError, binascii …
            raise InvalidToken(str(exc) or exc.__class__.__name__) from None
        if claims.get("typ") != kind:
            raise InvalidToken("wrong token type")
        return claims
