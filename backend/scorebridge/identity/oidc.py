"""OpenID Connect (Authlib, joserfc): discovery, the authorization code flow with PKCE (S256),
state and nonce, and the ID token checked against the provider's JWKS with a pinned algorithm
(RS256 or ES256 as the discovery document lists them; never ``none`` nor an HMAC). Its ``iss``,
``aud``, ``azp``, ``exp``, ``iat`` and ``nonce`` are checked. Every request goes through
:mod:`scorebridge.kit.egress`."""

from __future__ import annotations

import base64
import re
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from scorebridge.identity.refusals import SignInRefused
from scorebridge.kit import egress

SIGNING_ALGORITHMS = ("RS256", "ES256")
LEEWAY_SECONDS = 60
CLIENT_CREDENTIALS = ("client_id", "client_secret")
CACHE_SECONDS = 600
TIMEOUT_SECONDS = 10.0
_ERROR_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")

_discovered: dict[str, tuple[float, Discovery]] = {}
_key_sets: dict[str, tuple[float, KeySet]] = {}


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    algorithms: tuple[str, ...]
    basic_auth: bool


async def get_json(url: str, what: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A JSON object from ``url``; a refusal naming ``what`` otherwise."""
    try:
        async with egress.client(timeout=TIMEOUT_SECONDS) as client:
            response = await client.get(url, headers=headers)
    except httpx.HTTPError as exc:
        raise SignInRefused("sso_provider", f"{what}: {egress.describe(exc)}") from None
    if response.status_code != 200:
        raise SignInRefused("sso_provider", f"{what}: {egress.status_error(response.status_code)}")
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise SignInRefused("sso_provider", f"{what}: the answer is not a JSON object")
    return body


def _url(doc: dict[str, Any], name: str) -> str:
    value = doc.get(name)
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise SignInRefused("sso_provider", f"the discovery document has no {name}")
    return value


async def discover(issuer: str, *, fresh: bool = False) -> Discovery:
    """The provider's endpoints from ``{issuer}/.well-known/openid-configuration`` (cached)."""
    cached = _discovered.get(issuer)
    if cached and not fresh and cached[0] > time.monotonic():
        return cached[1]
    doc = await get_json(
        issuer.rstrip("/") + "/.well-known/openid-configuration", "discovery document"
    )
    if doc.get("issuer") != issuer:
        raise SignInRefused(
            "sso_provider",
            f"the discovery document names issuer {str(doc.get('issuer'))[:200]!r}, "
            f"not the configured {issuer!r}",
        )
    offered = doc.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(a for a in SIGNING_ALGORITHMS if a in offered)
    if not algorithms:
        raise SignInRefused(
            "sso_provider", "the provider signs ID tokens with no algorithm accepted (RS256, ES256)"
        )
    methods = doc.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    found = Discovery(
        issuer=issuer,
        authorization_endpoint=_url(doc, "authorization_endpoint"),
        token_endpoint=_url(doc, "token_endpoint"),
        jwks_uri=_url(doc, "jwks_uri"),
        userinfo_endpoint=doc.get("userinfo_endpoint")
        if isinstance(doc.get("userinfo_endpoint"), str)
        else None,
        algorithms=algorithms,
        basic_auth="client_secret_basic" in methods or "client_secret_post" not in methods,
    )
    _discovered[issuer] = (time.monotonic() + CACHE_SECONDS, found)
    return found


async def key_set(jwks_uri: str, *, fresh: bool = False) -> KeySet:
    cached = _key_sets.get(jwks_uri)
    if cached and not fresh and cached[0] > time.monotonic():
        return cached[1]
    body = await get_json(jwks_uri, "JWKS")
    usable = [
        k
        for k in body.get("keys") or []
        if isinstance(k, dict) and k.get("kty") in ("RSA", "EC") and k.get("use", "sig") == "sig"
    ]
    try:
        keys = KeySet.import_key_set({"keys": usable})
    except (JoseError, ValueError, TypeError):
        raise SignInRefused("sso_provider", "the JWKS holds no usable key") from None
    if not keys.keys:
        raise SignInRefused("sso_provider", "the JWKS holds no RSA or EC signing key")
    _key_sets[jwks_uri] = (time.monotonic() + CACHE_SECONDS, keys)
    return keys


def authorization_url(
    found: Discovery,
    config: dict[str, Any],
    redirect_uri: str,
    *,
    state: str,
    nonce: str,
    code_verifier: str,
) -> str:
    url: str = prepare_grant_uri(
        found.authorization_endpoint,
        config["client_id"],
        "code",
        redirect_uri=redirect_uri,
        scope=config.get("scopes") or "openid email profile",
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(code_verifier),
        code_challenge_method="S256",
    )
    return url


async def exchange_code(
    found: Discovery, config: dict[str, Any], redirect_uri: str, code: str, code_verifier: str
) -> dict[str, Any]:
    """The token answer for ``code`` (with the PKCE verifier and the client's secret)."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
    }
    headers = {"Accept": "application/json"}
    if found.basic_auth:  # RFC 6749 §2.3.1: both parts form-encoded first
        pair = ":".join(urllib.parse.quote(config[k], safe="") for k in CLIENT_CREDENTIALS)
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    else:
        form |= {"client_id": config["client_id"], "client_secret": config["client_secret"]}
    try:
        async with egress.client(timeout=TIMEOUT_SECONDS) as client:
            response = await client.post(found.token_endpoint, data=form, headers=headers)
    except httpx.HTTPError as exc:
        raise SignInRefused("sso_provider", f"token endpoint: {egress.describe(exc)}") from None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code != 200 or not isinstance(body, dict):
        error = body.get("error") if isinstance(body, dict) else None
        said = error if isinstance(error, str) and _ERROR_CODE.match(error) else None
        raise SignInRefused(
            "sso_provider",
            f"token endpoint: {egress.status_error(response.status_code)}"
            + (f" ({said})" if said else ""),
        )
    if not isinstance(body.get("id_token"), str):
        raise SignInRefused("sso_token", "the token answer has no ID token")
    return body


async def verify_id_token(
    found: Discovery,
    client_id: str,
    id_token: str,
    *,
    nonce: str,
    access_token: str | None = None,
    now: int | None = None,
) -> dict[str, Any]:
    """The ID token's claims once every check passed; a ``sso_token`` refusal otherwise."""
    keys = await key_set(found.jwks_uri)
    try:
        try:
            token = jwt.decode(id_token, keys, algorithms=list(found.algorithms))
        except JoseError as exc:
            if exc.error != "invalid_key_id":
                raise
            # The provider rotated its keys: fetch them again once.
            keys = await key_set(found.jwks_uri, fresh=True)
            token = jwt.decode(id_token, keys, algorithms=list(found.algorithms))
        claims = CodeIDToken(
            token.claims,
            token.header,
            options={
                "iss": {"essential": True, "value": found.issuer},
                "aud": {"essential": True, "value": client_id},
                "sub": {"essential": True},
                "exp": {"essential": True},
                "iat": {"essential": True},
                "nonce": {"essential": True},
            },
            params={"nonce": nonce, "client_id": client_id, "access_token": access_token},
        )
        claims.validate(now=now or int(time.time()), leeway=LEEWAY_SECONDS)
    except ExpiredTokenError:
        raise SignInRefused("sso_token", "the ID token has expired") from None
    except ClaimError as exc:
        why = f"the ID token's {exc.claim} is wrong or missing"
        raise SignInRefused("sso_token", why) from None
    except JoseError as exc:
        raise SignInRefused(
            "sso_token", f"the ID token is not validly signed ({exc.error or 'error'})"
        ) from None
    except (ValueError, TypeError):
        raise SignInRefused("sso_token", "the ID token is malformed") from None
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise SignInRefused("sso_token", "the ID token has no subject")
    return dict(claims)


async def user_info(found: Discovery, access_token: str, subject: str) -> dict[str, Any]:
    """The UserInfo claims (for providers that keep email and the like out of the ID token);
    empty when there is no UserInfo endpoint or its ``sub`` is another account's."""
    if not found.userinfo_endpoint or not access_token:
        return {}
    body = await get_json(
        found.userinfo_endpoint, "userinfo", headers={"Authorization": f"Bearer {access_token}"}
    )
    return body if body.get("sub") == subject else {}
