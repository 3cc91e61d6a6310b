"""Server-sent events: the broadcaster and stream generator directly, then over real HTTP
(uvicorn on a free port) with a single-use ticket or a bearer header; a notification created
by a job reaches the stream; heartbeats; a client that leaves leaves nothing behind."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from conftest import App
from notifications.servers import serve
from scorebridge.app import create_app
from scorebridge.notifications.endpoints import event_stream
from scorebridge.notifications.hub import LocalHub, hub_for
from scorebridge.settings import Settings
from selfservice.support import employee, publish


async def test_generator_delivers_and_cleans_up() -> None:
    hub = LocalHub()
    user = uuid.uuid4()
    stream = event_stream(hub, user, heartbeat_seconds=0.05)
    assert await anext(stream) == b": connected\n\n"
    assert hub.listeners(user) == 1
    await hub.publish(user, {"id": "n1", "title": "您的面试结果已发布"})
    await hub.publish(uuid.uuid4(), {"id": "other"})
    event = (await anext(stream)).decode()
    assert event.startswith("event: notification\nid: n1\ndata: ")
    assert json.loads(event.split("data: ", 1)[1]) == {"id": "n1", "title": "您的面试结果已发布"}
    assert await anext(stream) == b": heartbeat\n\n"
    await stream.aclose()  # what the server does when the client goes away
    assert hub.listeners(user) == 0

    cancelled = event_stream(hub, user, heartbeat_seconds=10)
    await anext(cancelled)
    waiting = asyncio.create_task(anext(cancelled))
    await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await cancelled.aclose()
    assert hub.listeners(user) == 0


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[tuple[App, str]]:
    quick = settings.model_copy(update={"notification_heartbeat_seconds": 0.3})
    asgi = create_app(quick)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, client=("203.0.113.7", 5000))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://test") as client,
            serve(asgi) as base,
        ):
            yield App(asgi, client, quick), base


class Reader:
    """Reads an open SSE response line by line in the background."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines: asyncio.Queue[str] = asyncio.Queue()
        self.task = asyncio.create_task(self._read(response))

    async def _read(self, response: httpx.Response) -> None:
        async for line in response.aiter_lines():
            await self.lines.put(line)

    async def until(self, predicate: Any, within: float = 10) -> str:
        async with asyncio.timeout(within):
            while True:
                line = await self.lines.get()
                if predicate(line):
                    return line

    async def close(self) -> None:
        self.task.cancel()
        with_suppress = asyncio.gather(self.task, return_exceptions=True)
        await with_suppress


async def test_stream_over_http_with_a_ticket(live: tuple[App, str]) -> None:
    app, base = live
    me = await employee(app)
    ticket = await app.client.post("/api/v1/notifications/stream-ticket", headers=me.headers)
    assert ticket.status_code == 200
    assert ticket.json()["expires_in"] == 60
    url = f"{base}/api/v1/notifications/stream"
    hub = hub_for(app.settings.redis_url)
    user_id = uuid.UUID((await app.client.get("/api/v1/me", headers=me.headers)).json()["id"])
    async with (
        httpx.AsyncClient(timeout=10) as http,
        http.stream("GET", url, params={"ticket": ticket.json()["ticket"]}) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        reader = Reader(response)
        await reader.until(lambda line: line == ": connected")
        result = await publish(app, me.employee_no)  # a job creates the notification
        await reader.until(lambda line: line == "event: notification")
        data = await reader.until(lambda line: line.startswith("data: "))
        payload = json.loads(data.removeprefix("data: "))
        assert payload["kind"] == "result.published"
        assert payload["title"] == "您的面试结果已发布"
        assert payload["data"]["result_id"] == result
        assert payload["read_at"] is None
        await reader.until(lambda line: line == ": heartbeat", within=3)

        # The ticket opened one stream; it cannot open another.
        reused = await http.get(url, params={"ticket": ticket.json()["ticket"]})
        assert reused.status_code == 401
        await reader.close()
    async with asyncio.timeout(5):
        while hub.listeners(user_id):  # noqa: ASYNC110  (polling a count)
            await asyncio.sleep(0.05)


async def test_stream_with_a_bearer_header_and_refusals(live: tuple[App, str]) -> None:
    app, base = live
    me = await employee(app)
    url = f"{base}/api/v1/notifications/stream"
    async with httpx.AsyncClient(timeout=10) as http:
        async with http.stream("GET", url, headers=me.headers) as response:
            assert response.status_code == 200
            reader = Reader(response)
            await reader.until(lambda line: line == ": connected")
            await reader.close()
        assert (await http.get(url)).status_code == 401
        assert (await http.get(url, params={"ticket": "forged"})).status_code == 401
        token = me.headers["Authorization"].split()[1]
        # A long-lived token in the URL is never accepted.
        assert (await http.get(url, params={"access_token": token})).status_code == 401
