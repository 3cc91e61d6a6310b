"""The token cache: one fetch for concurrent callers, a lifetime counted from when the token
was asked for, and an expired token dropped only once."""

from __future__ import annotations

import asyncio

from scorebridge.enterprise_apps.tokens import TokenCache


async def test_one_fetch_for_concurrent_callers_and_lifetime_from_the_ask() -> None:
    cache, fetched = TokenCache(), []

    async def slow_fetch() -> tuple[str, float]:
        fetched.append(1)
        await asyncio.sleep(0.3)  # a slow answer must not stretch the token's life
        return f"token-{len(fetched)}", 1.0  # kept 0.9 s from the ask

    tokens = await asyncio.gather(*(cache.get("k", slow_fetch) for _ in range(10)))
    assert set(tokens) == {"token-1"}
    assert len(fetched) == 1
    await asyncio.sleep(0.65)  # 0.95 s after the ask
    assert await cache.get("k", slow_fetch) == "token-2"

    cache.invalidate("k", "token-1")  # an old token: the current one stays
    assert await cache.get("k", slow_fetch) == "token-2"
    cache.invalidate("k", "token-2")
    assert await cache.get("k", slow_fetch) == "token-3"
    assert len(fetched) == 3
