"""The OAuth2 token endpoint and signing out."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Form, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from scorebridge.audit import service as audit
from scorebridge.auth import tokens
from scorebridge.auth.dependencies import authenticate
from scorebridge.auth.password_grant import password_grant
from scorebridge.auth.schemas import LogoutIn, TokenOut
from scorebridge.kit.errors import InvalidInput, Unauthorized, responses
from scorebridge.kit.web import AppDatabase, AppSettings, Session, client_ip
from scorebridge.notifications.hub import hub_for, push_after_commit, sign_in_ended_message

router = APIRouter(tags=["auth"])

FormText = Annotated[str | None, Form(max_length=8192)]
_bearer = HTTPBearer(auto_error=False, description="An access token from /api/v1/auth/token")


@router.post(
    "/auth/token",
    operation_id="issueToken",
    summary="OAuth2 token endpoint (password, refresh_token, client_credentials)",
    description=(
        "Form-encoded. `password`: `username` (email) + `password`; also sets the refresh "
        "token as the HttpOnly, SameSite=Strict cookie `sb_refresh` (Path `/api/v1/auth`). "
        "After five failures from one address, tries of that account from there must wait "
        "(429 with `Retry-After`, doubling per further failure); failures per address and per "
        "account are throttled the same way. `refresh_token`: rotates — every refresh token "
        "works once; reusing one revokes the whole sign-in (401). Without a `refresh_token` "
        "field the `sb_refresh` cookie is used, which needs the header "
        "`X-Requested-With: ScoreBridge` (403 without it); the new refresh token then goes "
        "only into the cookie. `client_credentials`: `client_id`, `client_secret`, optional "
        "space-separated `scope`."
    ),
    responses=responses(400, 401, 403, 422, 429),
)
async def issue_token(
    request: Request,
    response: Response,
    session: Session,
    db: AppDatabase,
    settings: AppSettings,
    grant_type: Annotated[Literal["password", "refresh_token", "client_credentials"], Form()],
    username: FormText = None,
    password: FormText = None,
    refresh_token: FormText = None,
    client_id: FormText = None,
    client_secret: FormText = None,
    scope: FormText = None,
) -> TokenOut:
    response.headers["Cache-Control"] = "no-store"
    if grant_type == "password":
        _require_form(username=username, password=password)
        assert username is not None
        assert password is not None
        return await password_grant(session, db, request, response, settings, username, password)
    if grant_type == "refresh_token":
        if refresh_token:
            return await tokens.refresh_grant(session, db, settings, refresh_token)
        return await _refresh_with_cookie(request, response, session, db, settings)
    _require_form(client_id=client_id, client_secret=client_secret)
    assert client_id is not None
    assert client_secret is not None
    return await tokens.client_credentials_grant(session, settings, client_id, client_secret, scope)


async def _refresh_with_cookie(
    request: Request, response: Response, session: Session, db: AppDatabase, settings: AppSettings
) -> TokenOut:
    cookie = request.cookies.get(tokens.REFRESH_COOKIE)
    if not cookie:
        raise InvalidInput(
            ["body", "refresh_token"],
            "refresh_token is required for this grant_type (or the sign-in cookie)",
        )
    tokens.require_csrf_header(request)
    try:
        issued = await tokens.refresh_grant(session, db, settings, cookie[:8192])
    except Unauthorized as ended:
        raise tokens.clearing_cookie(ended, request) from None
    assert issued.refresh_token is not None
    tokens.set_refresh_cookie(response, request, settings, issued.refresh_token)
    return issued.model_copy(update={"refresh_token": None})


def _require_form(**fields: str | None) -> None:
    for name, value in fields.items():
        if not value:
            raise InvalidInput(["body", name], f"{name} is required for this grant_type")


@router.post(
    "/auth/logout",
    operation_id="logout",
    summary="Sign out: end this sign-in (its access and refresh tokens, its live streams)",
    description=(
        "No body needed. Ends the sign-in of the access token (`Authorization: Bearer`, its "
        "`sid`) and of the `sb_refresh` cookie, and clears the cookie; a `refresh_token` in the "
        "body ends that sign-in too (only your own). With the cookie alone, send "
        "`X-Requested-With: ScoreBridge`. Open notification streams of the sign-in close and "
        "stream tickets minted for it stop working."
    ),
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(401, 403, 422),
)
async def logout(
    request: Request,
    response: Response,
    session: Session,
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    data: Annotated[LogoutIn | None, Body()] = None,
) -> None:
    cookie = request.cookies.get(tokens.REFRESH_COOKIE)
    caller = None
    if credentials:
        try:
            caller = await authenticate(request, session, credentials)
        except Unauthorized:
            if not cookie:  # an ended or expired access token: the cookie may still end it
                raise
    if caller is None:
        if not cookie:
            raise Unauthorized("Send an access token or the sign-in cookie to sign out")
        tokens.require_csrf_header(request)
    tokens.clear_refresh_cookie(response, request)
    if caller is not None and caller.kind != "user":
        audit.record(session, caller, "auth.logout", target_type=caller.kind, target_id=caller.id)
        return
    sid = caller.extras.get("sid") if caller else None
    user_id, ended = await tokens.end_sign_ins(
        session,
        settings,
        caller.id if caller else None,
        uuid.UUID(sid) if sid else None,
        [data.refresh_token if data else None, cookie[:8192] if cookie else None],
    )
    if user_id is None:
        return  # only a cookie that no longer works: it is cleared, nothing else to end
    audit.record(
        session,
        caller,
        "auth.logout",
        target_type="user",
        target_id=user_id,
        actor_id=user_id,
        ip=client_ip(request),
    )
    hub = hub_for(settings.redis_url)
    for sign_in_id in ended:
        push_after_commit(session, hub, user_id, sign_in_ended_message(sign_in_id))
