"""Tokens: signing a user in (tokens + the refresh cookie), the refresh grant (rotating), client
credentials and signing out. Failures that must be remembered are committed in their own unit of
work, since the request's own transaction rolls back with the error.

The web app never sees a refresh token: a sign-in also sets it as the HttpOnly, SameSite=Strict
cookie ``sb_refresh`` (Path ``/api/v1/auth``, ``Secure`` over TLS). ``grant_type=refresh_token``
without a ``refresh_token`` field reads the cookie and then requires the header
``X-Requested-With: ScoreBridge`` (a page on another site cannot send it). API clients keep
the refresh token of the JSON answer and send it in the form."""

from __future__ import annotations

import hmac
import uuid
from typing import NoReturn

from fastapi import Request, Response
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.models import IntegrationClient, RefreshToken, User
from scorebridge.auth.permissions import CLIENT_SCOPES
from scorebridge.auth.schemas import TokenOut
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.errors import AppError, Unauthorized
from scorebridge.kit.security import InvalidToken, TokenCodec, fingerprint
from scorebridge.kit.web import client_ip
from scorebridge.settings import Settings

REFRESH_COOKIE = "sb_refresh"
COOKIE_PATH = "/api/v1/auth"
CSRF_HEADER = "X-Requested-With"
CSRF_VALUE = "ScoreBridge"


class InvalidGrant(AppError):
    status = 400
    slug = "invalid-grant"
    title = "Invalid grant"


class CsrfHeaderMissing(AppError):
    status = 403
    slug = "csrf-header-required"
    title = "CSRF header required"


def require_csrf_header(request: Request) -> None:
    """Whatever reads the sign-in cookie must also carry the header no other site can send."""
    if request.headers.get(CSRF_HEADER) != CSRF_VALUE:
        raise CsrfHeaderMissing(
            f"Using the sign-in cookie needs the header '{CSRF_HEADER}: {CSRF_VALUE}'",
            header=CSRF_HEADER,
        )


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_refresh_cookie(
    response: Response, request: Request, settings: Settings, refresh_token: str
) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        refresh_token,
        max_age=settings.refresh_token_ttl_seconds,
        path=COOKIE_PATH,
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        REFRESH_COOKIE, path=COOKIE_PATH, secure=_secure(request), httponly=True, samesite="strict"
    )


def clearing_cookie(error: AppError, request: Request) -> AppError:
    """``error`` with a ``Set-Cookie`` that removes a refresh cookie that no longer works."""
    cleared = Response()
    clear_refresh_cookie(cleared, request)
    error.headers = {**(error.headers or {}), "set-cookie": cleared.headers["set-cookie"]}
    return error


async def _issue_user_tokens(
    session: AsyncSession, codec: TokenCodec, user_id: uuid.UUID, family_id: uuid.UUID
) -> TokenOut:
    # ``sid`` names the sign-in: its access tokens stop working when the sign-in is revoked.
    access = codec.encode("access", f"user:{user_id}", sid=str(family_id))
    refresh = codec.encode("refresh", f"user:{user_id}", fam=str(family_id))
    session.add(
        RefreshToken(
            jti=refresh.jti, family_id=family_id, user_id=user_id, expires_at=refresh.expires_at
        )
    )
    return TokenOut(
        access_token=access.token, expires_in=access.expires_in, refresh_token=refresh.token
    )


async def sign_in(
    session: AsyncSession,
    request: Request,
    response: Response,
    settings: Settings,
    user: User,
    *,
    method: str = "password",
) -> TokenOut:
    """Start a sign-in for ``user`` (already authenticated by ``method``): audit it, issue an
    access and a refresh token, and set the refresh cookie on ``response``. Every way of signing
    in (password, SSO) ends here."""
    audit.record(
        session,
        None,
        "auth.login",
        ip=client_ip(request),
        actor_name=user.email,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        detail={"method": method},
    )
    tokens = await _issue_user_tokens(session, TokenCodec(settings), user.id, uuid.uuid4())
    assert tokens.refresh_token is not None
    set_refresh_cookie(response, request, settings, tokens.refresh_token)
    response.headers["Cache-Control"] = "no-store"
    return tokens


async def refresh_grant(
    session: AsyncSession, db: Database, settings: Settings, token: str
) -> TokenOut:
    codec = TokenCodec(settings)
    try:
        claims = codec.decode("refresh", token)
    except InvalidToken:
        raise Unauthorized("The refresh token is invalid or expired") from None
    row = await session.get(RefreshToken, str(claims["jti"]))
    if row is None:
        raise Unauthorized("The refresh token is invalid or expired")
    if row.used_at is not None or row.revoked_at is not None:
        await _refuse_reuse(db, row.family_id, row.user_id)
    user = await session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("This account is disabled")
    # Claim the token atomically: of two requests racing with one token, only one wins.
    claimed = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.jti == row.jti,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        family_id, user_id = row.family_id, row.user_id
        await session.rollback()  # release the write lock before revoking in another session
        await _refuse_reuse(db, family_id, user_id)
    return await _issue_user_tokens(session, codec, user.id, row.family_id)


async def _refuse_reuse(db: Database, family_id: uuid.UUID, user_id: uuid.UUID) -> NoReturn:
    """Reuse of a rotated token: someone else may hold the family. Revoke all of it (its
    access tokens included)."""
    async with db.unit_of_work() as revoke_session:
        await revoke_session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        audit.record(
            revoke_session,
            None,
            "auth.refresh_reused",
            target_type="user",
            target_id=user_id,
        )
    raise Unauthorized("This refresh token was already used; sign in again")


async def client_credentials_grant(
    session: AsyncSession, settings: Settings, client_id: str, client_secret: str, scope: str | None
) -> TokenOut:
    client = await session.scalar(
        select(IntegrationClient).where(IntegrationClient.client_id == client_id)
    )
    expected = client.secret_hash if client else fingerprint("no-such-client")
    if not hmac.compare_digest(expected, fingerprint(client_secret)) or client is None:
        raise Unauthorized("Unknown client or wrong secret", error="invalid_client")
    if not client.is_active:
        raise Unauthorized("This integration client is disabled", error="invalid_client")
    requested = set(scope.split()) if scope else set(client.scopes)
    unknown = requested - {str(s) for s in CLIENT_SCOPES}
    not_granted = requested - set(client.scopes)
    if unknown or not_granted:
        raise InvalidGrant(
            f"Scope not granted to this client: {', '.join(sorted(unknown | not_granted))}",
            error="invalid_scope",
        )
    scopes = " ".join(sorted(requested))
    access = TokenCodec(settings).encode("access", f"client:{client.id}", scope=scopes)
    return TokenOut(access_token=access.token, expires_in=access.expires_in, scope=scopes)


async def end_sign_ins(
    session: AsyncSession,
    settings: Settings,
    user_id: uuid.UUID | None,
    sign_in_id: uuid.UUID | None,
    refresh_tokens: list[str | None],
) -> tuple[uuid.UUID | None, set[uuid.UUID]]:
    """Revoke the sign-in ``sign_in_id`` (an access token's ``sid``) and the sign-ins of the
    given refresh tokens (body, cookie) that belong to ``user_id`` (or, without one, to the
    first token's user): their refresh tokens and, through ``sid``, their access tokens stop
    working. Returns the user and the ended sign-ins."""
    families: set[uuid.UUID] = {sign_in_id} if sign_in_id else set()
    codec = TokenCodec(settings)
    for token in refresh_tokens:
        if not token:
            continue
        try:
            claims = codec.decode("refresh", token)
        except InvalidToken:
            continue
        row = await session.get(RefreshToken, str(claims["jti"]))
        if row is None or (user_id is not None and row.user_id != user_id):
            continue
        user_id = row.user_id
        families.add(row.family_id)
    if families:
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id.in_(families), RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return user_id, families


async def sign_in_ended(session: AsyncSession, sign_in_id: uuid.UUID) -> bool:
    revoked = await session.scalar(
        select(RefreshToken.jti)
        .where(RefreshToken.family_id == sign_in_id, RefreshToken.revoked_at.is_not(None))
        .limit(1)
    )
    return revoked is not None
