"""The caller's own identity and permissions, users, grants, clients (and the token and
sign-out endpoints of :mod:`scorebridge.auth.sign_in_endpoints`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, status

from scorebridge.audit import service as audit
from scorebridge.auth import repository, service
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import Authenticated, requires
from scorebridge.auth.models import IntegrationClient, User
from scorebridge.auth.permissions import (
    CLIENT_SCOPES,
    ROLE_DESCRIPTIONS,
    ROLE_PERMISSIONS,
    Permission,
    Role,
    menus_for,
)
from scorebridge.auth.schemas import (
    ClientCreate,
    ClientCreated,
    ClientOut,
    ClientUpdate,
    Grants,
    MeOut,
    MeUpdate,
    MyPermissionsOut,
    RoleOut,
    RolesOut,
    UserCreate,
    UserOut,
    UserUpdate,
)
from scorebridge.auth.sign_in_endpoints import router as sign_in_router
from scorebridge.kit.errors import InvalidInput, NotFound, responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import Session
from scorebridge.privacy import notice as privacy_notice

router = APIRouter(tags=["auth"])
router.include_router(sign_in_router)

UserAdmin = Annotated[Caller, Depends(requires(Permission.users_manage))]
ClientAdmin = Annotated[Caller, Depends(requires(Permission.clients_manage))]
Paging = Annotated[PageParams, Depends(page_params)]
FormText = Annotated[str | None, Form(max_length=8192)]


@router.get("/me", operation_id="getMe", summary="Who am I", responses=responses(401))
async def get_me(caller: Authenticated, session: Session) -> MeOut:
    me = _me(caller)
    me.notice_ack_required = await privacy_notice.ack_required(session, caller)
    return me


@router.patch(
    "/me",
    operation_id="updateMe",
    summary="Change my language or time zone",
    responses=responses(401, 403, 422),
)
async def update_me(caller: Authenticated, session: Session, data: MeUpdate) -> MeOut:
    user = await session.get(User, caller.id) if caller.kind == "user" else None
    if user is None:
        raise NotFound("Only user accounts have preferences")
    if data.locale:
        user.locale = data.locale
    if data.timezone:
        _check_timezone(data.timezone)
        user.timezone = data.timezone
    me = _me(caller, locale=user.locale, timezone=user.timezone)
    me.notice_ack_required = await privacy_notice.ack_required(session, caller)
    return me


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(["body", "timezone"], f"Unknown time zone {name!r}") from None


def _me(caller: Caller, **overrides: str) -> MeOut:
    return MeOut(
        id=caller.id,
        email=caller.extras.get("email"),
        name=caller.name,
        roles=sorted(Role(r) for r in caller.roles),
        department_ids=sorted(caller.department_ids),
        person_id=caller.person_id,
        kind=caller.kind,
        locale=overrides.get("locale", caller.extras.get("locale")),
        timezone=overrides.get("timezone", caller.extras.get("timezone")),
    )


@router.get(
    "/me/permissions",
    operation_id="getMyPermissions",
    summary="My roles, permissions and the SPA menus they open",
    responses=responses(401),
)
async def get_my_permissions(caller: Authenticated) -> MyPermissionsOut:
    return MyPermissionsOut(
        roles=sorted(Role(r) for r in caller.roles),
        permissions=sorted(caller.permissions),
        menus=menus_for(caller.permissions),
    )


@router.get(
    "/permissions/roles",
    operation_id="listRoles",
    summary="Every role and what it may do",
    responses=responses(401),
)
async def list_roles(caller: Authenticated) -> RolesOut:
    return RolesOut(
        roles=[
            RoleOut(
                role=role,
                description=ROLE_DESCRIPTIONS[role],
                permissions=sorted(ROLE_PERMISSIONS[role]),
            )
            for role in Role
        ],
        client_scopes=sorted(CLIENT_SCOPES),
    )


async def _load_user(session: Session, caller: Caller, user_id: uuid.UUID) -> User:
    user = await session.scalar(repository.users_readable_by(caller).where(User.id == user_id))
    if user is None:
        raise NotFound(f"No user with id {user_id}")
    return user


@router.get(
    "/users",
    operation_id="listUsers",
    summary="List users (admin)",
    responses=responses(401, 403, 422),
)
async def list_users(
    caller: UserAdmin,
    session: Session,
    page: Paging,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[UserOut]:
    statement = repository.search_users(repository.users_readable_by(caller), q)
    rows, cursor = await paginate(
        session, statement, sort=Sort(User.email, False), id_column=User.id, params=page
    )
    return Page(items=await service.render_users(session, list(rows)), next_cursor=cursor)


@router.post(
    "/users",
    operation_id="createUser",
    summary="Create a user (admin)",
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 409, 422),
)
async def create_user(caller: UserAdmin, session: Session, data: UserCreate) -> UserOut:
    user = await service.create_user(session, data, locale=caller.extras.get("locale"))
    audit.record(
        session,
        caller,
        "user.created",
        target_type="user",
        target_id=user.id,
        detail={"roles": sorted(data.roles)},
    )
    return (await service.render_users(session, [user]))[0]


@router.get(
    "/users/{user_id}",
    operation_id="getUser",
    summary="Get a user (admin)",
    responses=responses(401, 403, 404, 422),
)
async def get_user(caller: UserAdmin, session: Session, user_id: uuid.UUID) -> UserOut:
    return (await service.render_users(session, [await _load_user(session, caller, user_id)]))[0]


@router.patch(
    "/users/{user_id}",
    operation_id="updateUser",
    summary="Rename, (de)activate or reset the password of a user (admin)",
    responses=responses(401, 403, 404, 422),
)
async def update_user(
    caller: UserAdmin, session: Session, user_id: uuid.UUID, data: UserUpdate
) -> UserOut:
    user = await service.update_user(
        session,
        await _load_user(session, caller, user_id),
        data,
        locale=caller.extras.get("locale"),
    )
    audit.record(
        session,
        caller,
        "user.updated",
        target_type="user",
        target_id=user.id,
        detail={"fields": sorted(data.model_dump(exclude_unset=True))},
    )
    return (await service.render_users(session, [user]))[0]


@router.get(
    "/users/{user_id}/grants",
    operation_id="getUserGrants",
    summary="A user's roles and departments",
    responses=responses(401, 403, 404, 422),
)
async def get_grants(caller: UserAdmin, session: Session, user_id: uuid.UUID) -> Grants:
    user = await _load_user(session, caller, user_id)
    roles, departments = (await repository.grants_of(session, [user.id]))[user.id]
    return Grants(roles=[Role(r) for r in roles], department_ids=departments)


@router.put(
    "/users/{user_id}/grants",
    operation_id="setUserGrants",
    summary="Replace a user's roles and departments (admin)",
    responses=responses(401, 403, 404, 422),
)
async def set_grants(
    caller: UserAdmin, session: Session, user_id: uuid.UUID, data: Grants
) -> Grants:
    user = await _load_user(session, caller, user_id)
    await service.set_grants(session, user, data)
    audit.record(
        session,
        caller,
        "user.grants_changed",
        target_type="user",
        target_id=user.id,
        detail={
            "roles": sorted(data.roles),
            "department_ids": [str(d) for d in data.department_ids],
        },
    )
    return data


@router.get(
    "/integration-clients",
    operation_id="listIntegrationClients",
    summary="List integration clients (admin)",
    responses=responses(401, 403, 422),
)
async def list_clients(caller: ClientAdmin, session: Session, page: Paging) -> Page[ClientOut]:
    rows, cursor = await paginate(
        session,
        repository.clients_readable_by(caller),
        sort=Sort(IntegrationClient.created_at, True),
        id_column=IntegrationClient.id,
        params=page,
    )
    return Page(items=[ClientOut.model_validate(r) for r in rows], next_cursor=cursor)


@router.post(
    "/integration-clients",
    operation_id="createIntegrationClient",
    summary="Create an integration client; its secret is shown only in this answer",
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 422),
)
async def create_client(caller: ClientAdmin, session: Session, data: ClientCreate) -> ClientCreated:
    created = await service.create_client(session, data, caller.id)
    audit.record(
        session,
        caller,
        "integration_client.created",
        target_type="integration_client",
        target_id=created.id,
        detail={"scopes": created.scopes},
    )
    return created


@router.patch(
    "/integration-clients/{client_pk}",
    operation_id="updateIntegrationClient",
    summary="Rename, re-scope or disable an integration client (admin)",
    responses=responses(401, 403, 404, 422),
)
async def update_client(
    caller: ClientAdmin, session: Session, client_pk: uuid.UUID, data: ClientUpdate
) -> ClientOut:
    client = await session.scalar(
        repository.clients_readable_by(caller).where(IntegrationClient.id == client_pk)
    )
    if client is None:
        raise NotFound(f"No integration client with id {client_pk}")
    await service.update_client(session, client, data)
    audit.record(
        session,
        caller,
        "integration_client.updated",
        target_type="integration_client",
        target_id=client.id,
        detail={"fields": sorted(data.model_dump(exclude_unset=True))},
    )
    return ClientOut.model_validate(client)
