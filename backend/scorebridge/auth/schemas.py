from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from scorebridge.auth.permissions import CLIENT_SCOPES, Permission, Role
from scorebridge.kit.fields import Flag, Patch

Password = Annotated[str, StringConstraints(min_length=10, max_length=256)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Locale = Literal["zh-CN", "en"]
# A permission an integration client may hold (the schema lists only those).
ClientScope = Annotated[
    Permission,
    WithJsonSchema(
        {"type": "string", "enum": sorted(str(s) for s in CLIENT_SCOPES)}, mode="validation"
    ),
]


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None


class LogoutIn(BaseModel):
    refresh_token: str | None = Field(default=None, max_length=8192)


class MeOut(BaseModel):
    id: uuid.UUID
    email: str | None
    name: str
    roles: list[Role]
    department_ids: list[uuid.UUID]
    person_id: uuid.UUID | None
    locale: str | None = None
    timezone: str | None = None
    kind: Literal["user", "client"] = "user"
    notice_ack_required: bool = Field(
        default=False,
        description="The current privacy notice awaits my acknowledgement; until then "
        "/me/results* answer 403 (problem type …/notice-required)",
    )


class MeUpdate(Patch):
    locale: Locale | None = None
    timezone: Annotated[str, StringConstraints(max_length=64)] | None = None


class MyPermissionsOut(BaseModel):
    roles: list[Role]
    permissions: list[Permission]
    menus: list[str] = Field(description="SPA menu keys this caller may open")


class RoleOut(BaseModel):
    role: Role
    description: str
    permissions: list[Permission]


class RolesOut(BaseModel):
    roles: list[RoleOut]
    client_scopes: list[Permission]


class Grants(BaseModel):
    roles: list[Role] = Field(max_length=5)
    department_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200)


class UserCreate(BaseModel):
    email: EmailStr
    name: Name
    password: Password
    roles: list[Role] = Field(min_length=1, max_length=5)
    department_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200)
    person_id: uuid.UUID | None = None
    locale: Locale = "zh-CN"


class UserUpdate(Patch):
    clearable = frozenset({"person_id"})

    name: Name | None = None
    password: Password | None = None
    is_active: Flag | None = None
    person_id: uuid.UUID | None = None
    locale: Locale | None = None


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    roles: list[Role]
    department_ids: list[uuid.UUID]
    person_id: uuid.UUID | None
    is_active: bool
    locale: str
    created_at: datetime


def _client_scopes(scopes: list[Permission] | None) -> list[Permission] | None:
    for scope in scopes or []:
        if scope not in CLIENT_SCOPES:
            allowed = ", ".join(sorted(CLIENT_SCOPES))
            raise ValueError(f"{scope} cannot be granted to a client; use {allowed}")
    return scopes


class ClientCreate(BaseModel):
    name: Name
    scopes: list[ClientScope] = Field(min_length=1)

    _valid_scopes = field_validator("scopes")(_client_scopes)


class ClientUpdate(Patch):
    name: Name | None = None
    scopes: list[ClientScope] | None = Field(default=None, min_length=1)
    is_active: Flag | None = None

    _valid_scopes = field_validator("scopes")(_client_scopes)


class ClientOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: str
    name: str
    scopes: list[str]
    is_active: bool
    created_at: datetime


class ClientCreated(ClientOut):
    client_secret: str = Field(description="Shown once; store it now")
