"""A sign-in through a provider, from the start (state, nonce and PKCE verifier kept server-side,
the state also in a short-lived HttpOnly cookie of the browser that started it) to the callback
(the state used once, the code exchanged, the account found) ending in the ordinary sign-in
(:func:`scorebridge.auth.tokens.sign_in`)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import Request, Response
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.identity import dingtalk, oidc, wecom
from scorebridge.identity.accounts import ProviderAccount
from scorebridge.identity.models import IdentityProvider, SignInAttempt
from scorebridge.identity.refusals import SignInRefused
from scorebridge.kit.db import utcnow
from scorebridge.settings import Settings

ATTEMPT_SECONDS = 600
STATE_COOKIE = "sb_sso_state"
STATE_COOKIE_PATH = "/api/v1/auth/sso"
LOGIN_PAGE = "/login"


def safe_next(value: str | None) -> str:
    """``value`` when it is a path of this site (``/results/1?tab=x``); ``/`` otherwise, so a
    sign-in never ends on another site."""
    if not value or len(value) > 2000 or not value.startswith("/"):
        return "/"
    if value.startswith(("//", "/\\")) or any(ord(c) < 32 or c == "\\" for c in value):
        return "/"
    parts = urllib.parse.urlsplit(value)
    return value if not parts.scheme and not parts.netloc else "/"


def login_page(code: str) -> str:
    return f"{LOGIN_PAGE}?{urllib.parse.urlencode({'error': code})}"


def callback_url(request: Request, settings: Settings, kind: str) -> str:
    base = (settings.public_url or str(request.base_url)).rstrip("/")
    return f"{base}/api/v1/auth/sso/{kind}/callback"


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


async def enabled_provider(session: AsyncSession, kind: str) -> dict[str, Any]:
    row = await session.get(IdentityProvider, kind)
    if row is None or not row.enabled or not row.config:
        raise SignInRefused("sso_unavailable", f"the {kind} provider is not enabled")
    return dict(row.config)


async def start(
    session: AsyncSession, request: Request, settings: Settings, kind: str, next_path: str | None
) -> tuple[str, str]:
    """The provider's address to send the browser to, and the state to keep in its cookie."""
    config = await enabled_provider(session, kind)
    await session.execute(delete(SignInAttempt).where(SignInAttempt.expires_at < utcnow()))
    state = secrets.token_urlsafe(32)
    redirect_uri = callback_url(request, settings, kind)
    nonce = verifier = None
    if kind == "oidc":
        nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(48)
        found = await oidc.discover(config["issuer"])
        url = oidc.authorization_url(
            found, config, redirect_uri, state=state, nonce=nonce, code_verifier=verifier
        )
    elif kind == "wecom":
        in_app = "wxwork" in request.headers.get("user-agent", "").lower()
        url = wecom.authorization_url(config, redirect_uri, state, in_app=in_app)
    else:
        url = dingtalk.authorization_url(config, redirect_uri, state)
    session.add(
        SignInAttempt(
            state_hash=_hash(state),
            provider=kind,
            nonce=nonce,
            code_verifier=verifier,
            next_path=safe_next(next_path),
            expires_at=utcnow() + timedelta(seconds=ATTEMPT_SECONDS),
        )
    )
    return url, state


def set_state_cookie(response: Response, request: Request, state: str | None) -> None:
    """Lax, not Strict: the provider sends the browser back with a top-level navigation."""
    if state is None:
        response.delete_cookie(STATE_COOKIE, path=STATE_COOKIE_PATH, httponly=True)
        return
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=ATTEMPT_SECONDS,
        path=STATE_COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )


@dataclass(frozen=True)
class Returned:
    """What the provider sent back to the callback."""

    code: str | None
    state: str | None
    error: str | None
    issuer: str | None


async def claim_attempt(
    session: AsyncSession, request: Request, kind: str, returned: Returned
) -> SignInAttempt:
    """The attempt ``returned.state`` names, marked used; refused unless it was started by this
    browser, for this provider, within the last minutes and never used before."""
    cookie = request.cookies.get(STATE_COOKIE) or ""
    if not returned.state or not hmac.compare_digest(returned.state, cookie):
        raise SignInRefused("sso_state", "the state is missing or not this browser's")
    state_hash = _hash(returned.state)
    claimed = await session.execute(
        update(SignInAttempt)
        .where(
            SignInAttempt.state_hash == state_hash,
            SignInAttempt.provider == kind,
            SignInAttempt.used_at.is_(None),
            SignInAttempt.expires_at > utcnow(),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise SignInRefused("sso_state", "the state is unknown, used or expired")
    attempt = await session.scalar(
        select(SignInAttempt).where(SignInAttempt.state_hash == state_hash)
    )
    assert attempt is not None
    if returned.error:
        error = returned.error if returned.error.isascii() else "?"
        raise SignInRefused("sso_denied", f"the provider answered {error[:64]!r}")
    if not returned.code:
        raise SignInRefused("sso_denied", "the provider sent no code")
    return attempt


async def oidc_account(
    config: dict[str, Any], redirect_uri: str, attempt: SignInAttempt, returned: Returned
) -> ProviderAccount:
    assert returned.code is not None
    assert attempt.nonce is not None
    assert attempt.code_verifier is not None
    found = await oidc.discover(config["issuer"])
    if returned.issuer is not None and returned.issuer != found.issuer:  # RFC 9207
        raise SignInRefused("sso_state", "the answer came from another issuer")
    answer = await oidc.exchange_code(
        found, config, redirect_uri, returned.code, attempt.code_verifier
    )
    token = answer.get("access_token")
    access_token = token if isinstance(token, str) else None
    claims = await oidc.verify_id_token(
        found,
        config["client_id"],
        answer["id_token"],
        nonce=attempt.nonce,
        access_token=access_token,
    )
    subject = claims["sub"]
    wanted = config.get("employee_no_claim") or "employee_no"
    if config.get("match") == "employee_no":
        if wanted not in claims and access_token:
            claims = {**await oidc.user_info(found, access_token, subject), **claims}
        value = claims.get(wanted)
        employee_no = str(value) if isinstance(value, str | int) and str(value) else None
        return ProviderAccount("oidc", found.issuer, subject, employee_no=employee_no)
    if "email" not in claims and access_token:
        claims = {**await oidc.user_info(found, access_token, subject), **claims}
    email = claims.get("email")
    if not isinstance(email, str) or not email:
        return ProviderAccount("oidc", found.issuer, subject)
    verified = claims.get("email_verified") in (True, "true")  # some send a string
    return ProviderAccount(
        "oidc",
        found.issuer,
        subject,
        verified_emails=(email,) if verified else (),
        unverified_email=not verified,
    )


AccountReader = Callable[[dict[str, Any], str, SignInAttempt, Returned], Awaitable[ProviderAccount]]
READERS: dict[str, AccountReader] = {
    "oidc": oidc_account,
    "wecom": wecom.account,
    "dingtalk": dingtalk.account,
}
