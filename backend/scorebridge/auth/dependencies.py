"""The authenticator: bearer token → :class:`Caller`, and permission checks per endpoint.

Use the ``Annotated`` aliases: ``caller: Authenticated`` or
``caller: Annotated[Caller, Depends(requires(Permission.users_manage))]``.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import String, cast, exists, func, literal, select

from scorebridge.auth.caller import Caller
from scorebridge.auth.models import (
    IntegrationClient,
    RefreshToken,
    User,
    UserDepartment,
    UserRole,
)
from scorebridge.auth.permissions import Permission, permissions_of
from scorebridge.kit.errors import Forbidden, Unauthorized
from scorebridge.kit.security import InvalidToken, TokenCodec
from scorebridge.kit.web import Session, client_ip, get_settings
from scorebridge.organisation.scope import with_descendants

_bearer = HTTPBearer(auto_error=False, description="An access token from /api/v1/auth/token")


async def authenticate(
    request: Request,
    session: Session,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send an access token as 'Authorization: Bearer <token>'")
    try:
        claims = TokenCodec(get_settings(request)).decode("access", credentials.credentials)
        subject = str(claims["sub"])
        kind, _, raw_id = subject.partition(":")
        subject_id = uuid.UUID(raw_id)
        sign_in = uuid.UUID(str(claims["sid"])) if "sid" in claims else None
    except (InvalidToken, ValueError, KeyError):
        raise Unauthorized("The access token is invalid or expired") from None
    ip = client_ip(request)
    if kind == "user":
        caller = await _user_caller(session, subject_id, sign_in, ip)
        request.state.locale = caller.extras.get("locale")  # the language of messages
        return caller
    if kind == "client":
        return await _client_caller(session, subject_id, claims.get("scope", ""), ip)
    raise Unauthorized("The access token is invalid or expired")


async def _user_caller(
    session: Session, user_id: uuid.UUID, sign_in: uuid.UUID | None, ip: str | None
) -> Caller:
    """The user, their roles and departments, and whether the token's sign-in (``sid``) has
    ended, in one query (every authenticated request runs it); a department head's scope below
    those departments in a second."""
    ended = (
        exists().where(RefreshToken.family_id == sign_in, RefreshToken.revoked_at.is_not(None))
        if sign_in is not None
        else literal(False)
    )
    roles = (
        select(func.aggregate_strings(UserRole.role, " "))
        .where(UserRole.user_id == User.id)
        .scalar_subquery()
    )
    departments = (
        select(func.aggregate_strings(cast(UserDepartment.department_id, String), " "))
        .where(UserDepartment.user_id == User.id)
        .scalar_subquery()
    )
    found = (
        await session.execute(select(User, ended, roles, departments).where(User.id == user_id))
    ).first()
    if found is None or not found[0].is_active:
        raise Unauthorized("This account is disabled or no longer exists")
    user, signed_out, role_names, department_ids = found
    if signed_out:
        raise Unauthorized("This sign-in has ended; sign in again")
    roles_held = frozenset((role_names or "").split())
    departments_held = frozenset(uuid.UUID(d) for d in (department_ids or "").split())
    scope = await with_descendants(session, departments_held) if departments_held else frozenset()
    return Caller(
        kind="user",
        id=user.id,
        name=user.name,
        roles=roles_held,
        permissions=permissions_of(roles_held),
        department_ids=departments_held,
        department_scope=scope,
        person_id=user.person_id,
        ip=ip,
        extras={
            "email": user.email,
            "locale": user.locale,
            "timezone": user.timezone,
            **({"sid": str(sign_in)} if sign_in else {}),
        },
    )


async def _client_caller(
    session: Session, client_pk: uuid.UUID, scope: object, ip: str | None
) -> Caller:
    client = await session.get(IntegrationClient, client_pk)
    if client is None or not client.is_active:
        raise Unauthorized("This integration client is disabled or no longer exists")
    requested = set(str(scope).split()) if isinstance(scope, str) else set()
    granted = frozenset(Permission(s) for s in client.scopes if s in requested)
    return Caller(kind="client", id=client.id, name=client.name, permissions=granted, ip=ip)


Authenticated = Annotated[Caller, Depends(authenticate)]


def requires(*needed: Permission) -> Callable[[Caller], Awaitable[Caller]]:
    """A dependency that lets the caller through only with every permission in ``needed``."""

    async def check(caller: Authenticated) -> Caller:
        missing = [p for p in needed if not caller.can(p)]
        if missing:
            raise Forbidden(f"Your account may not do this (needs {', '.join(missing)})")
        return caller

    return check


def requires_any(*options: Permission) -> Callable[[Caller], Awaitable[Caller]]:
    """Lets the caller through with at least one permission in ``options``."""

    async def check(caller: Authenticated) -> Caller:
        if not any(caller.can(p) for p in options):
            raise Forbidden(f"Your account may not do this (needs one of {', '.join(options)})")
        return caller

    return check
