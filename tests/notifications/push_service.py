"""A push service standing in for FCM, Mozilla's autopush or Apple's (RFC 8030), and a browser
that subscribes to it: the browser's keys decrypt what reaches the service (RFC 8291)."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from typing import Any

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI, Request, Response


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Push:
    name: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    """Takes pushes at ``/push/<name>``; answers ``status[name]`` (201 Created by default)."""

    pushes: list[Push] = field(default_factory=list)
    status: dict[str, int] = field(default_factory=dict)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/push/{name}")
        async def push(name: str, request: Request) -> Response:
            self.pushes.append(Push(name, dict(request.headers), await request.body()))
            return Response(status_code=self.status.get(name, 201))

        return app


class Browser:
    """A browser's push subscription: its own P-256 key pair and authentication secret."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    def subscription(self) -> dict[str, Any]:
        """What ``PushSubscription.toJSON()`` gives."""
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)},
        }

    def read(self, push: Push) -> dict[str, Any]:
        """Decrypt a push as the browser does (aes128gcm, the sender's key in the header)."""
        assert push.headers["content-encoding"] == "aes128gcm"
        plain = http_ece.decrypt(
            push.body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        message: dict[str, Any] = json.loads(plain)
        return message
