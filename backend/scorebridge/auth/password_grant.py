"""The password grant: throttled (see :mod:`scorebridge.auth.throttle`), with Argon2 run while
no database connection is held (each step before and after it is its own short unit of work,
the request's session is first used once the password is known to be right)."""

from __future__ import annotations

from fastapi import Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth import throttle, tokens
from scorebridge.auth.models import User
from scorebridge.auth.schemas import TokenOut
from scorebridge.kit.db import Database
from scorebridge.kit.errors import InvalidInput, Unauthorized
from scorebridge.kit.security import verify_password_bounded
from scorebridge.kit.web import client_ip
from scorebridge.settings import Settings


class FailedLogin(Unauthorized):
    pass


async def password_grant(
    session: AsyncSession,
    db: Database,
    request: Request,
    response: Response,
    settings: Settings,
    email: str,
    password: str,
) -> TokenOut:
    for field, value in (("username", email), ("password", password)):
        if "\x00" in value:  # no such account can exist; PostgreSQL cannot even compare it
            raise InvalidInput(["body", field], f"{field} must not contain NUL characters")
    email = email.strip().lower()
    ip = client_ip(request) or "unknown"
    with throttle.in_flight(settings, ip):
        attempt = await throttle.admit(db, settings, email, ip)
        async with db.unit_of_work() as lookup:
            user = await lookup.scalar(select(User).where(User.email == email))
        # No connection is held while Argon2 runs (bounded to one hash per core).
        valid = await verify_password_bounded(user.password_hash if user else None, password)
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
        left = throttle.attempts_left(settings, attempt)
        raise FailedLogin(
            "Wrong email or password"
            if left
            else "Wrong email or password; further tries from this address must wait a while",
            attempts_left=left,
        )
    await throttle.succeeded(db, attempt)
    return await tokens.sign_in(session, request, response, settings, user)
