"""A provider's configuration: validated, its addresses allowed by the outgoing-request policy,
secrets masked in answers and kept from the stored config only while the addresses are
unchanged (a secret is never sent to a new host without being typed again)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationError, field_validator

from scorebridge.identity.models import PROVIDER_SECRET_FIELDS
from scorebridge.kit import egress, masking
from scorebridge.kit.errors import InvalidInput

ProviderKind = Literal["oidc", "wecom", "dingtalk"]
MASK = masking.MASK

WECOM_API = "https://qyapi.weixin.qq.com"
DINGTALK_API = "https://api.dingtalk.com"
DINGTALK_OAPI = "https://oapi.dingtalk.com"
# Where a secret goes: changing one of these requires the secrets again.
ADDRESS_FIELDS = ("issuer", "api_base", "oapi_base")

Name = Field(min_length=1, max_length=255)


def _base(url: AnyHttpUrl | str) -> str:
    return str(url).rstrip("/")


class OidcConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issuer: AnyHttpUrl = Field(description="{issuer}/.well-known/openid-configuration")
    client_id: str = Name
    client_secret: str = Name
    scopes: str = Field(default="openid email profile", max_length=500)
    match: Literal["email", "employee_no"] = "email"
    employee_no_claim: str = Field(default="employee_no", min_length=1, max_length=100)
    name: str | None = Field(default=None, max_length=50, description="The button's label")
    provision: bool = True

    @field_validator("scopes")
    @classmethod
    def _openid(cls, value: str) -> str:
        scopes = value.split()
        if "openid" not in scopes:
            raise ValueError("scopes must include openid")
        return " ".join(dict.fromkeys(scopes))


class WeComConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    corp_id: str = Name
    agent_id: str = Name
    secret: str = Name
    api_base: AnyHttpUrl = AnyHttpUrl(WECOM_API)
    provision: bool = True


class DingTalkConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    client_id: str = Name
    client_secret: str = Name
    agent_id: str = Name
    api_base: AnyHttpUrl = AnyHttpUrl(DINGTALK_API)
    oapi_base: AnyHttpUrl = AnyHttpUrl(DINGTALK_OAPI)
    provision: bool = True


CONFIG_MODELS: dict[str, type[BaseModel]] = {
    "oidc": OidcConfig,
    "wecom": WeComConfig,
    "dingtalk": DingTalkConfig,
}


def _address(config: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(masking.destination(str(config.get(name) or "")) for name in ADDRESS_FIELDS)


async def validate_config(
    kind: str, given: dict[str, Any], stored: dict[str, Any] | None
) -> dict[str, Any]:
    """The config to store, or a 422 naming the field under ``body.config``."""
    merged = dict(given)
    stored = stored or {}
    # An address left out means the default: compare what would be stored.
    same_address = bool(stored) and _address(stored) == _address(_with_defaults(kind, merged))
    for name in PROVIDER_SECRET_FIELDS & merged.keys():
        if isinstance(merged[name], str):
            merged[name] = masking.keep_masked(
                ["body", "config", name],
                merged[name],
                stored.get(name),
                same_address=same_address,
            )
    try:
        model = CONFIG_MODELS[kind].model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInput(["body", "config", *first["loc"]], first["msg"]) from None
    config = model.model_dump(mode="json")
    for name in ADDRESS_FIELDS:
        if config.get(name):
            config[name] = _base(config[name]) if name != "issuer" else str(given[name])
            await egress.check_on_save(["body", "config", name], config[name])
    return config


def _with_defaults(kind: str, config: dict[str, Any]) -> dict[str, Any]:
    defaults = {
        "wecom": {"api_base": WECOM_API},
        "dingtalk": {"api_base": DINGTALK_API, "oapi_base": DINGTALK_OAPI},
    }.get(kind, {})
    return {**defaults, **{k: v for k, v in config.items() if v}}


def masked(config: dict[str, Any]) -> dict[str, Any]:
    """The config as answers and audit details show it: secrets ``***``."""
    return {k: MASK if k in PROVIDER_SECRET_FIELDS and v else v for k, v in config.items()}
