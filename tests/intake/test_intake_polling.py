"""Polling a vendor API that does not push: cursor followed and persisted, no duplicates."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Header, HTTPException

from conftest import App
from scorebridge.intake import tasks
from vendor_support import admin, create_vendor, deliveries, results, standard_data


class VendorApi:
    """A tiny vendor API: ``GET /results?since=N`` pages of two, ``next`` = the next index."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.calls: list[str | None] = []
        self.app = FastAPI()

        @self.app.get("/results")
        async def page(since: int = 0, authorization: str = Header("")) -> dict[str, Any]:
            if authorization != "Bearer vendor-key":
                raise HTTPException(401)
            self.calls.append(str(since))
            chunk = self.items[since : since + 2]
            return {"payload": {"results": chunk}, "next": since + len(chunk)}


@pytest.fixture
async def vendor_api() -> AsyncIterator[tuple[VendorApi, str]]:
    api = VendorApi()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(api.app, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 - uvicorn exposes a flag
        await asyncio.sleep(0.01)
    yield api, f"http://127.0.0.1:{port}/results"
    server.should_exit = True
    await serving
    sock.close()


async def _poll(app: App) -> None:
    await tasks.poll_due(app.asgi.state.job_context)
    await app.run_jobs()


async def test_polling_follows_the_cursor_without_duplicates(
    app: App, vendor_api: tuple[VendorApi, str]
) -> None:
    api, url = vendor_api
    api.items = [standard_data(f"p-{i}") for i in range(5)]
    await create_vendor(
        app,
        slug="poller",
        signing={"scheme": "standard-webhooks"},
        poll={
            "url": url,
            "interval_seconds": 3,  # leaves a loaded CI machine time before "nothing due yet"
            "headers": {"Authorization": "Bearer vendor-key"},
            "items": "payload.results",
            "cursor": {"param": "since", "next": "next"},
        },
    )
    await _poll(app)
    assert api.calls == ["0", "2", "4", "5"]
    assert len(await results(app)) == 5
    vendor = (await app.client.get("/api/v1/vendors/poller", headers=await admin(app))).json()
    assert vendor["poll_cursor"] == "5"
    assert vendor["last_poll_at"] is not None
    assert vendor["last_poll_error"] is None

    # Nothing due yet: no call. Then a new item, plus the vendor re-sending an old one.
    await _poll(app)
    assert api.calls == ["0", "2", "4", "5"]
    await asyncio.sleep(3.1)
    api.items += [standard_data("p-5"), api.items[0]]
    await _poll(app)
    assert api.calls[4:] == ["5", "7"]
    assert len(await deliveries(app, "poller")) == 6
    assert sorted(r["interview_id"] for r in await results(app)) == [f"p-{i}" for i in range(6)]
    assert all(d["status"] == "processed" for d in await deliveries(app, "poller"))


async def test_poll_errors_are_recorded_on_the_vendor(app: App) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there
    await create_vendor(
        app,
        slug="down",
        signing={"scheme": "standard-webhooks"},
        poll={"url": f"http://127.0.0.1:{port}/x", "interval_seconds": 60, "items": "items"},
    )
    await _poll(app)
    vendor = (await app.client.get("/api/v1/vendors/down", headers=await admin(app))).json()
    assert vendor["last_poll_error"]
    assert vendor["last_poll_error"] == "connection failed"
    assert vendor["next_poll_at"] is not None
