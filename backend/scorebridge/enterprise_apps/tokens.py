"""Access tokens cached in this process until shortly before they expire.

* one fetch at a time per credential (concurrent callers wait for it: single-flight);
* :meth:`TokenCache.invalidate` drops a token the provider called expired, unless another
  caller already replaced it (so one expiry costs one fetch, not one per caller).

Process-local by design: every API process and worker keeps its own token (WeCom and DingTalk
both let several valid tokens coexist).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

# Fetched tokens are dropped this long before they expire (a tenth of a short lifetime).
MARGIN_SECONDS = 300.0


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: float  # time.monotonic()


def credential_key(provider: str, base: str, client_id: str, secret: str) -> str:
    """A cache key for a credential (the secret only as a digest)."""
    digest = hashlib.sha256(secret.encode()).hexdigest()[:16]
    return f"{provider}|{base}|{client_id}|{digest}"


def expiry(expires_in: float) -> float:
    margin = min(MARGIN_SECONDS, expires_in / 10)
    return time.monotonic() + max(expires_in - margin, 0.0)


class TokenCache:
    def __init__(self) -> None:
        self._tokens: dict[str, Token] = {}
        # One lock per credential and event loop (an asyncio lock belongs to one loop).
        self._locks: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[str, asyncio.Lock]
        ] = weakref.WeakKeyDictionary()

    def _lock(self, key: str) -> asyncio.Lock:
        locks = self._locks.setdefault(asyncio.get_running_loop(), {})
        return locks.setdefault(key, asyncio.Lock())

    def _valid(self, key: str) -> str | None:
        token = self._tokens.get(key)
        if token is not None and token.expires_at > time.monotonic():
            return token.value
        return None

    async def get(self, key: str, fetch: Callable[[], Awaitable[tuple[str, float]]]) -> str:
        """The cached token for ``key``, or a fresh one from ``fetch`` → (token, expires_in)."""
        value = self._valid(key)
        if value is not None:
            return value
        async with self._lock(key):
            value = self._valid(key)  # fetched by the caller we waited for
            if value is not None:
                return value
            value, expires_in = await fetch()
            self._tokens[key] = Token(value, expiry(expires_in))
            return value

    def invalidate(self, key: str, value: str) -> None:
        """Forget ``value`` (the provider said it expired), unless it was already replaced."""
        token = self._tokens.get(key)
        if token is not None and token.value == value:
            del self._tokens[key]

    def clear(self) -> None:
        self._tokens.clear()


cache = TokenCache()
