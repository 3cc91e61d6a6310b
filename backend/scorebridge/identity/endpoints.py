"""Enterprise sign-in: the providers on the login page, the start and callback of a sign-in,
the admins' provider settings (with a connection test) and the caller's linked identities."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from scorebridge.audit import service as audit
from scorebridge.auth import tokens
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import Authenticated, requires
from scorebridge.auth.permissions import Permission
from scorebridge.identity import accounts, config, connection, flow
from scorebridge.identity.models import PROVIDER_KINDS, IdentityLink, IdentityProvider
from scorebridge.identity.refusals import SignInRefused
from scorebridge.identity.schemas import (
    ConnectionTestOut,
    IdentityOut,
    IdentityProviderIn,
    IdentityProviderOut,
    Kind,
    ProviderButton,
)
from scorebridge.kit.errors import NotFound, responses
from scorebridge.kit.web import AppDatabase, AppSettings, Session, client_ip

logger = logging.getLogger(__name__)

router = APIRouter(tags=["identity"])
Admin = Annotated[Caller, Depends(requires(Permission.users_manage))]
Param = Annotated[str | None, Query(max_length=4096)]

NAMES = {"wecom": "企业微信", "dingtalk": "钉钉", "oidc": "企业账号"}


@router.get(
    "/auth/providers",
    operation_id="listSignInProviders",
    summary="The enabled enterprise sign-in providers (no authentication)",
    responses=responses(503),
)
async def list_providers(session: Session) -> list[ProviderButton]:
    rows = (
        await session.scalars(select(IdentityProvider).where(IdentityProvider.enabled.is_(True)))
    ).all()
    by_kind = {r.kind: r for r in rows if r.config}
    return [
        ProviderButton(
            kind=kind,
            name=str(by_kind[kind].config.get("name") or NAMES[kind]),
            start_url=f"/api/v1/auth/sso/{kind}/start",
        )
        for kind in PROVIDER_KINDS
        if kind in by_kind
    ]


def _refused(request: Request, kind: str, refused: SignInRefused) -> tuple[str, dict[str, Any]]:
    logger.info("sign-in with %s refused: %s (%s)", kind, refused.code, refused.why)
    return flow.login_page(refused.code), {
        "ip": client_ip(request),
        "target_type": "identity_provider",
        "target_id": kind,
        "detail": {"code": refused.code, "why": refused.why},
    }


@router.get(
    "/auth/sso/{kind}/start",
    operation_id="startEnterpriseSignIn",
    summary="Start a sign-in with a provider: 302 to its sign-in page",
    description=(
        "`next`: where the web app goes once signed in (a path of this site; anything else "
        "means `/`). Inside the WeCom client (user agent `wxwork`) WeCom's in-app page is used, "
        "elsewhere its QR login. A provider that is off, or cannot be reached, sends the "
        "browser to `/login?error=<code>`."
    ),
    status_code=302,
    response_class=RedirectResponse,
    responses=responses(422),
)
async def start_sign_in(
    request: Request,
    session: Session,
    settings: AppSettings,
    kind: Kind,
    next: Param = None,
) -> RedirectResponse:
    try:
        url, state = await flow.start(session, request, settings, kind, next)
    except SignInRefused as refused:
        target, event = _refused(request, kind, refused)
        audit.record(session, None, "auth.sso_failed", **event)
        return RedirectResponse(target, status_code=302)
    response = RedirectResponse(url, status_code=302)
    flow.set_state_cookie(response, request, state)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get(
    "/auth/sso/{kind}/callback",
    operation_id="finishEnterpriseSignIn",
    summary="Where the provider sends the browser back: sign in and 302 to the web app",
    description=(
        "Checks the state (used once, by the browser that started), for OIDC the nonce and "
        "PKCE; exchanges the code; finds the account (a stored link, else a match on the "
        "person's employee number, mobile or verified email; a matched person without an "
        "account gets an `employee` account unless the provider says `provision: false`). "
        "Success: the `sb_refresh` cookie is set and the browser goes to `next`. Failure: "
        "`/login?error=<code>` (`sso_state`, `sso_denied`, `sso_provider`, `sso_token`, "
        "`sso_unverified_email`, `sso_unknown_person`, `sso_ambiguous`, `sso_no_account`, "
        "`sso_account_disabled`, `sso_unavailable`, `sso_failed`), with an audit event."
    ),
    status_code=302,
    response_class=RedirectResponse,
    responses=responses(422),
)
async def finish_sign_in(
    request: Request,
    session: Session,
    db: AppDatabase,
    settings: AppSettings,
    kind: Kind,
    code: Param = None,
    state: Param = None,
    error: Param = None,
    iss: Param = None,
    auth_code: Annotated[str | None, Query(alias="authCode", max_length=4096)] = None,
) -> RedirectResponse:
    returned = flow.Returned(code=code or auth_code, state=state, error=error, issuer=iss)
    try:
        attempt = await flow.claim_attempt(session, request, kind, returned)
        provider_config = await flow.enabled_provider(session, kind)
        account = await flow.READERS[kind](
            provider_config, flow.callback_url(request, settings, kind), attempt, returned
        )
        user = await accounts.resolve(
            session, account, provision=provider_config.get("provision", True) is not False
        )
        response = RedirectResponse(attempt.next_path, status_code=302)
        await tokens.sign_in(session, request, response, settings, user, method=f"sso:{kind}")
    except SignInRefused as refused:
        target, event = _refused(request, kind, refused)
        audit.record(session, None, "auth.sso_failed", **event)
        response = RedirectResponse(target, status_code=302)
    except Exception:  # never a 500 page at the end of a sign-in: say so on the login page
        logger.exception("sign-in with %s failed", kind)
        await session.rollback()
        target, event = _refused(request, kind, SignInRefused("sso_failed", "unexpected error"))
        async with db.unit_of_work() as failure_session:
            audit.record(failure_session, None, "auth.sso_failed", **event)
        response = RedirectResponse(target, status_code=302)
    flow.set_state_cookie(response, request, None)
    response.headers["Cache-Control"] = "no-store"
    return response


# --- Providers (admin) -------------------------------------------------------------------------


def _provider_out(
    request: Request, settings: AppSettings, kind: str, row: IdentityProvider | None
) -> IdentityProviderOut:
    return IdentityProviderOut(
        kind=kind,
        enabled=bool(row and row.enabled),
        configured=bool(row and row.config),
        config=config.masked(row.config) if row else {},
        callback_url=flow.callback_url(request, settings, kind),
        updated_at=row.updated_at if row else None,
    )


@router.get(
    "/identity-providers/{kind}",
    operation_id="getIdentityProvider",
    summary="One enterprise sign-in provider's settings (secrets masked)",
    responses=responses(401, 403, 422),
)
async def get_provider(
    caller: Admin, request: Request, session: Session, settings: AppSettings, kind: Kind
) -> IdentityProviderOut:
    return _provider_out(request, settings, kind, await session.get(IdentityProvider, kind))


@router.put(
    "/identity-providers/{kind}",
    operation_id="configureIdentityProvider",
    summary="Configure and enable or disable one enterprise sign-in provider",
    responses=responses(401, 403, 422),
)
async def put_provider(
    caller: Admin,
    request: Request,
    session: Session,
    settings: AppSettings,
    kind: Kind,
    body: IdentityProviderIn,
) -> IdentityProviderOut:
    row = await session.get(IdentityProvider, kind)
    stored = await config.validate_config(kind, body.config, row.config if row else None)
    if row is None:
        row = IdentityProvider(kind=kind, enabled=body.enabled, config=stored)
        session.add(row)
    else:
        row.enabled = body.enabled
        row.config = stored
    row.updated_by = caller.id
    await session.flush()
    await session.refresh(row)
    audit.record(
        session,
        caller,
        "identity_provider.updated",
        target_type="identity_provider",
        target_id=kind,
        detail={"enabled": body.enabled, "config": config.masked(stored)},
    )
    return _provider_out(request, settings, kind, row)


@router.post(
    "/identity-providers/{kind}/test",
    operation_id="testIdentityProvider",
    summary="Test the saved settings: fetch the discovery document and keys, or an app token",
    description="`ok` false with `message` (in your language) naming the step that failed.",
    responses=responses(401, 403, 404, 422),
)
async def test_provider(caller: Admin, session: Session, kind: Kind) -> ConnectionTestOut:
    row = await session.get(IdentityProvider, kind)
    if row is None or not row.config:
        raise NotFound(f"The {kind} provider is not configured")
    return await connection.run(kind, dict(row.config), caller.extras.get("locale", "zh-CN"))


# --- The caller's identities -------------------------------------------------------------------


@router.get(
    "/me/identities",
    operation_id="listMyIdentities",
    summary="The enterprise sign-in accounts linked to my account",
    responses=responses(401),
)
async def my_identities(caller: Authenticated, session: Session) -> list[IdentityOut]:
    if caller.kind != "user":
        return []
    rows = (
        await session.scalars(
            select(IdentityLink)
            .where(IdentityLink.user_id == caller.id)
            .order_by(IdentityLink.created_at)
        )
    ).all()
    return [
        IdentityOut(
            provider=r.provider,
            issuer=r.issuer,
            subject=r.subject,
            created_at=r.created_at,
            last_used_at=r.last_used_at,
        )
        for r in rows
    ]
