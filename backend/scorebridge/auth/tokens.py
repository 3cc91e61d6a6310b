"""The OAuth2 token endpoint's grants: password (with lockout), refresh (rotating), client
credentials. Failures that must be remembered are committed in their own unit of work, since
the request's own transaction rolls back with the error."""

from __future__ import annotations

import asyncio
import hmac
import math
import uuid
from datetime import timedelta
from typing import NoReturn

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.models import IntegrationClient, LoginFailure, RefreshToken, User
from scorebridge.auth.permissions import CLIENT_SCOPES
from scorebridge.auth.schemas import TokenOut
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.errors import AppError, TooManyRequests, Unauthorized
from scorebridge.kit.security import InvalidToken, TokenCodec, fingerprint, verify_password
from scorebridge.settings import Settings


class InvalidGrant(AppError):
    status = 400
    slug = "invalid-grant"
    title = "Invalid grant"


class FailedLogin(Unauthorized):
    pass


async def _issue_user_tokens(
    session: AsyncSession, codec: TokenCodec, user: User, family_id: uuid.UUID
) -> TokenOut:
    # ``sid`` names the sign-in: its access tokens stop working when the sign-in is revoked.
    access = codec.encode("access", f"user:{user.id}", sid=str(family_id))
    refresh = codec.encode("refresh", f"user:{user.id}", fam=str(family_id))
    session.add(
        RefreshToken(
            jti=refresh.jti, family_id=family_id, user_id=user.id, expires_at=refresh.expires_at
        )
    )
    return TokenOut(
        access_token=access.token, expires_in=access.expires_in, refresh_token=refresh.token
    )


async def password_grant(
    session: AsyncSession,
    db: Database,
    settings: Settings,
    email: str,
    password: str,
    ip: str | None,
) -> TokenOut:
    email = email.strip().lower()
    now = utcnow()
    window_start = now - timedelta(seconds=settings.login_window_seconds)
    # Record this attempt as a failure before counting (committed on its own), so that
    # parallel guesses cannot all pass the count before any failure is stored; a correct
    # password removes the row again.
    async with db.unit_of_work() as attempt_session:
        attempt = LoginFailure(email=email, ip=ip, at=now)
        attempt_session.add(attempt)
    failures = (
        await session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(
                LoginFailure.email == email, LoginFailure.at > window_start
            )
        )
    ).one()
    count, oldest = int(failures[0]), failures[1]  # count includes this attempt
    if count > settings.login_max_failures and oldest is not None:
        async with db.unit_of_work() as undo_session:
            await undo_session.execute(delete(LoginFailure).where(LoginFailure.id == attempt.id))
        retry_after = max(
            1,
            math.ceil(
                (oldest + timedelta(seconds=settings.login_window_seconds) - now).total_seconds()
            ),
        )
        raise TooManyRequests(
            f"Too many failed sign-ins; try again in {math.ceil(retry_after / 60)} minutes",
            retry_after=retry_after,
        )
    user = await session.scalar(select(User).where(User.email == email))
    # Argon2 is deliberately slow: keep it off the event loop.
    valid = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        async with db.unit_of_work() as failure_session:
            audit.record(
                failure_session,
                None,
                "auth.login_failed",
                ip=ip,
                actor_name=email,
                target_type="user",
                target_id=user.id if user else None,
            )
        left = max(0, settings.login_max_failures - count)
        raise FailedLogin(
            "Wrong email or password"
            if left
            else "Wrong email or password; the account is now locked for a while",
            attempts_left=left,
        )
    await session.execute(delete(LoginFailure).where(LoginFailure.id == attempt.id))
    audit.record(
        session,
        None,
        "auth.login",
        ip=ip,
        actor_name=user.email,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    return await _issue_user_tokens(session, TokenCodec(settings), user, uuid.uuid4())


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
    return await _issue_user_tokens(session, codec, user, row.family_id)


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


async def logout(
    session: AsyncSession, settings: Settings, token: str | None, user_id: uuid.UUID
) -> None:
    """Revoke the refresh-token family of this sign-in: its refresh tokens and, through their
    ``sid``, its access tokens stop working."""
    if not token:
        return
    try:
        claims = TokenCodec(settings).decode("refresh", token)
    except InvalidToken:
        return
    row = await session.get(RefreshToken, str(claims["jti"]))
    if row is not None and row.user_id == user_id:
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == row.family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
