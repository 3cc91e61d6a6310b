"""What the WeCom and DingTalk clients share: one egress-checked HTTP client per use, JSON
answers with ``errcode`` read into :class:`ProviderError`, and calls that need the app's access
token retried once with a fresh token when the provider says it expired."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

import httpx

from scorebridge.enterprise_apps.errors import ProviderError
from scorebridge.enterprise_apps.tokens import cache
from scorebridge.kit import egress


class AppClient:
    """Use as ``async with``: the HTTP client lives as long as the block (pooled connections
    for many messages)."""

    provider = ""

    def __init__(self, *, token_key: str, timeout: float) -> None:
        self.token_key = token_key
        self.timeout = timeout
        self._http: httpx.AsyncClient | None = None

    async def __aenter__(self) -> AppClient:
        self._http = egress.client(timeout=self.timeout)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def _fetch_token(self) -> tuple[str, float]:
        raise NotImplementedError

    async def access_token(self) -> str:
        """The app's access token (cached until shortly before it expires)."""
        return await cache.get(self.token_key, self._fetch_token)

    async def http(
        self, method: str, url: str, *, params: dict[str, Any] | None = None,
        json: Any = None, headers: dict[str, str] | None = None,
    ) -> httpx.Response:  # fmt: skip
        """One request; transport failures become an ProviderError with no errcode (egress's
        refusals pass through: no retry can help them)."""
        assert self._http is not None, "use the client as `async with`"
        try:
            return await self._http.request(method, url, params=params, json=json, headers=headers)
        except egress.Refused:
            raise
        except httpx.HTTPError as exc:
            raise ProviderError(self.provider, None, egress.describe(exc)) from exc

    def answer(self, response: httpx.Response) -> dict[str, Any]:
        """The JSON answer of a classic API (``errcode`` 0), else an ProviderError."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            if response.status_code >= 400:
                raise ProviderError(self.provider, None, egress.status_error(response.status_code))
            raise ProviderError(self.provider, "bad_answer")
        code = body.get("errcode", 0)
        if code not in (0, None):
            readable = code if isinstance(code, int | str) else "bad_answer"
            raise ProviderError(self.provider, readable)
        if response.status_code >= 400:
            raise ProviderError(self.provider, None, egress.status_error(response.status_code))
        return body

    async def with_token(self, call: Callable[[str], Awaitable[httpx.Response]]) -> dict[str, Any]:
        """``call(token)``'s answer; on an expired-token errcode the token is dropped and the
        call made once more with a fresh one."""
        token = await self.access_token()
        try:
            return self.answer(await call(token))
        except ProviderError as exc:
            if not exc.token_expired:
                raise
        cache.invalidate(self.token_key, token)
        return self.answer(await call(await self.access_token()))
