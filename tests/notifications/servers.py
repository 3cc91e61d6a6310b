"""Real local servers for the notification tests: an SMTP server (aiosmtpd), a small HTTP
server standing in for WeCom, DingTalk and an SMS gateway, and uvicorn serving an ASGI app."""

from __future__ import annotations

import asyncio
import email
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted"


@asynccontextmanager
async def smtp_server() -> AsyncIterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@asynccontextmanager
async def serve(app: Any, port: int | None = None) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on a free port in this event loop; yields the base URL."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(10):
        while not server.started:  # noqa: ASYNC110  (polling another library's flag)
            await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@dataclass
class Hit:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Robots:
    """WeCom and DingTalk robots (answer errcode 0) and an SMS gateway that is down (500)."""

    hits: dict[str, list[Hit]] = field(default_factory=dict)
    sms_status: int = 500

    def app(self) -> FastAPI:
        app = FastAPI()

        async def record(name: str, request: Request) -> None:
            self.hits.setdefault(name, []).append(
                Hit(
                    path=request.url.path,
                    query=dict(request.query_params),
                    headers=dict(request.headers),
                    body=await request.json(),
                )
            )

        @app.post("/wecom")
        async def wecom(request: Request) -> JSONResponse:
            await record("wecom", request)
            return JSONResponse({"errcode": 0, "errmsg": "ok"})

        @app.post("/dingtalk")
        async def dingtalk(request: Request) -> JSONResponse:
            await record("dingtalk", request)
            return JSONResponse({"errcode": 0, "errmsg": "ok"})

        @app.post("/sms")
        async def sms(request: Request) -> JSONResponse:
            await record("sms", request)
            return JSONResponse({"error": "gateway down"}, status_code=self.sms_status)

        return app
