from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["oidc", "wecom", "dingtalk"]


class ProviderButton(BaseModel):
    kind: Kind
    name: str = Field(description="What the sign-in button says (an OIDC config's `name`)")
    start_url: str


class IdentityProviderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool
    config: dict[str, Any] = Field(
        description='oidc {"issuer", "client_id", "client_secret", "scopes"?, "match": '
        '"email" | "employee_no", "employee_no_claim"?, "name"?}; wecom {"corp_id", '
        '"agent_id", "secret", "api_base"?}; dingtalk {"client_id", "client_secret", '
        '"agent_id", "api_base"?, "oapi_base"?}; each may say "provision": false. A secret '
        'sent as "***" keeps the stored one while the addresses are unchanged.'
    )


class IdentityProviderOut(BaseModel):
    kind: Kind
    enabled: bool
    configured: bool
    config: dict[str, Any] = Field(description='Secrets (client_secret, secret) read "***"')
    callback_url: str = Field(description="The redirect URI to register at the provider")
    updated_at: datetime | None


class ConnectionStep(BaseModel):
    step: str
    ok: bool
    detail: str


class ConnectionTestOut(BaseModel):
    ok: bool
    message: str = Field(description="In the caller's language")
    steps: list[ConnectionStep]


class IdentityOut(BaseModel):
    provider: Kind
    issuer: str
    subject: str
    created_at: datetime
    last_used_at: datetime | None
