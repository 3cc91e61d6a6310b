"""A provider that signs whatever ID token a test asks for (an expired one, one for another
audience, with another nonce, unsigned…), with its own JWKS: for the checks a certified
provider cannot be made to fail. Discovery, authorize (straight back with a code), token (PKCE
checked) and JWKS, served by uvicorn on a free port of this machine."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import secrets
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

from identity.support import CLIENT_ID

Forge = Callable[[dict[str, Any]], str]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class ForgedIdp:
    def __init__(self) -> None:
        self.rsa = RSAKey.generate_key(2048, parameters={"kid": "rsa-1", "use": "sig"})
        self.ec = ECKey.generate_key("P-256", parameters={"kid": "ec-1", "use": "sig"})
        self.issuer = ""
        self.codes: dict[str, dict[str, str]] = {}
        self.algorithms = ["RS256", "ES256"]
        # What the next token answer carries: claims → compact JWT (RS256 by default).
        self.forge: Forge = self.signed
        self.claims: Callable[[dict[str, Any]], dict[str, Any]] = lambda c: c

    def signed(self, claims: dict[str, Any], alg: str = "RS256") -> str:
        key = self.rsa if alg == "RS256" else self.ec
        return jwt.encode({"alg": alg, "kid": key.kid}, claims, key)

    def unsigned(self, claims: dict[str, Any]) -> str:
        header = _b64(json.dumps({"alg": "none"}).encode())
        return f"{header}.{_b64(json.dumps(claims).encode())}."

    def hmac_with_public_key(self, claims: dict[str, Any]) -> str:
        """The classic confusion attack: HS256 keyed with the provider's public key."""
        import hmac

        public = json.dumps(self.rsa.as_dict(private=False), sort_keys=True).encode()
        header = _b64(json.dumps({"alg": "HS256", "kid": "rsa-1"}).encode())
        body = _b64(json.dumps(claims).encode())
        mac = hmac.new(public, f"{header}.{body}".encode(), hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(mac)}"

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        async def discovery() -> dict[str, Any]:
            return {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "id_token_signing_alg_values_supported": self.algorithms,
            }

        @app.get("/jwks")
        async def jwks() -> dict[str, Any]:
            return {"keys": [self.rsa.as_dict(private=False), self.ec.as_dict(private=False)]}

        @app.get("/authorize")
        async def authorize(request: Request) -> RedirectResponse:
            q = request.query_params
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": q["nonce"], "challenge": q["code_challenge"]}
            return RedirectResponse(f"{q['redirect_uri']}?code={code}&state={q['state']}")

        @app.post("/token", response_model=None)
        async def token(
            code: str = Form(), code_verifier: str = Form()
        ) -> dict[str, Any] | JSONResponse:
            issued = self.codes.pop(code, None)
            digest = _b64(hashlib.sha256(code_verifier.encode()).digest())
            if issued is None or digest != issued["challenge"]:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            now = int(time.time())
            claims = {
                "iss": self.issuer,
                "sub": "forged-1",
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 300,
                "nonce": issued["nonce"],
                "email": "zhang.wei@corp.example",
                "email_verified": True,
            }
            return {
                "access_token": "at",
                "token_type": "Bearer",
                "id_token": self.forge(self.claims(claims)),
            }

        return app


@asynccontextmanager
async def running() -> AsyncIterator[ForgedIdp]:
    idp = ForgedIdp()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    idp.issuer = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(
        uvicorn.Config(idp.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(500):  # up to 10 s
        if server.started:
            break
        await asyncio.sleep(0.02)
    try:
        yield idp
    finally:
        server.should_exit = True
        await task
