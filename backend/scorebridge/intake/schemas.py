"""The standard result a vendor sends (``data``), and the vendor admin API's bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from scorebridge.intake import expressions, signing
from scorebridge.kit.fields import Flag, Patch
from scorebridge.organisation.schemas import Code

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Score = Annotated[float, Field(allow_inf_nan=False)]


def _jmespath(expression: str) -> str:
    expressions.check_expression(expression)  # ValueError: a 422 naming the field
    return expression


Expression = Annotated[
    str,
    StringConstraints(min_length=1, max_length=expressions.MAX_EXPRESSION_LENGTH),
    AfterValidator(_jmespath),
]


# --- The standard ``data`` object ------------------------------------------------------------


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class Candidate(_Lenient):
    external_id: Annotated[str, StringConstraints(min_length=1, max_length=128)] | None = None
    name: ShortText | None = None
    email: (
        Annotated[str, StringConstraints(max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")] | None
    ) = None
    phone: Annotated[str, StringConstraints(max_length=32)] | None = None
    employee_no: Code | None = None

    @model_validator(mode="after")
    def _one_identifier(self) -> Candidate:
        if not (self.external_id or self.email or self.employee_no):
            raise ValueError("needs at least one of external_id, email, employee_no")
        return self


class OrgRef(_Lenient):
    code: Code
    name: ShortText | None = None


class InterviewerRef(_Lenient):
    email: Annotated[str, StringConstraints(max_length=320)]
    name: ShortText | None = None


class DimensionIn(_Lenient):
    code: Code
    name: ShortText | None = None
    score: Score
    max_score: Score | None = Field(default=None, gt=0)
    comment: Text | None = None


class StandardResult(_Lenient):
    """The ``data`` object of ``interview.result.completed`` / ``interview.result.updated``."""

    interview_id: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    candidate: Candidate
    position: OrgRef | None = None
    department: OrgRef | None = None
    batch: OrgRef | None = None
    interviewers: list[InterviewerRef] = Field(default_factory=list, max_length=50)
    interviewed_at: AwareDatetime | None = None
    total_score: Score
    max_score: Score = Field(default=100, gt=0)
    dimensions: list[DimensionIn] = Field(default_factory=list, max_length=100)
    comment: Text | None = None
    suggestions: list[Text] = Field(default_factory=list, max_length=100)
    recommendation: Annotated[str, StringConstraints(max_length=64)] | None = None
    updated_at: AwareDatetime | None = None


# --- Vendor administration -------------------------------------------------------------------

Slug = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9\-]{1,62}$")
]
HeaderName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9\-]{1,64}$")]


class StandardWebhooksSigning(BaseModel):
    scheme: Literal["standard-webhooks"]
    secret: str | None = Field(
        default=None, description="`whsec_` + base64 key; generated (and shown once) when absent"
    )

    @model_validator(mode="after")
    def _secret_format(self) -> StandardWebhooksSigning:
        if self.secret is not None:
            if not self.secret.startswith(signing.SECRET_PREFIX):
                raise ValueError("secret must start with 'whsec_'")
            if len(signing.standard_key(self.secret)) < 16:
                raise ValueError("secret key must be at least 16 bytes")
        return self


class HmacSigning(BaseModel):
    scheme: Literal["hmac-sha256"]
    header: HeaderName = "X-Signature"
    prefix: Annotated[str, StringConstraints(max_length=32)] = "sha256="
    secret: Annotated[str, StringConstraints(min_length=16, max_length=256)] | None = None


SigningIn = Annotated[StandardWebhooksSigning | HmacSigning, Field(discriminator="scheme")]


class MappingIn(BaseModel):
    expression: Expression = Field(
        description="JMESPath turning the vendor's body into the standard `data` object"
    )


class PollCursor(BaseModel):
    param: Annotated[str, StringConstraints(min_length=1, max_length=64)] = "since"
    next: Expression = Field(description="JMESPath to the next cursor in the response")


class PollConfig(BaseModel):
    url: Annotated[str, StringConstraints(pattern=r"^https?://", max_length=2048)]
    interval_seconds: int = Field(default=300, ge=1, le=86_400)
    headers: dict[str, Annotated[str, StringConstraints(max_length=4096)]] = Field(
        default_factory=dict, max_length=20
    )
    items: Expression = Field(default="items", description="JMESPath to the list of items")
    cursor: PollCursor | None = None


class VendorCreate(BaseModel):
    slug: Slug
    name: ShortText
    signing: SigningIn
    mapping: MappingIn | None = None
    poll: PollConfig | None = None
    auto_confirm: Flag = False


class SigningUpdate(BaseModel):
    """Change header/prefix; a new ``secret`` replaces the current one at once (no overlap)."""

    scheme: Literal["standard-webhooks", "hmac-sha256"] | None = None
    header: HeaderName | None = None
    prefix: Annotated[str, StringConstraints(max_length=32)] | None = None
    secret: Annotated[str, StringConstraints(min_length=16, max_length=256)] | None = None


class VendorUpdate(Patch):
    clearable = frozenset({"mapping", "poll"})

    name: ShortText | None = None
    signing: SigningUpdate | None = None
    mapping: MappingIn | None = None
    poll: PollConfig | None = None
    auto_confirm: Flag | None = None
    is_active: Flag | None = None


class SigningOut(BaseModel):
    scheme: str
    header: str | None = None
    prefix: str | None = None
    previous_expires_at: datetime | None = Field(
        default=None, description="Until when the previous secret is still accepted"
    )


class VendorOut(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    signing: SigningOut
    mapping: MappingIn | None
    poll: dict[str, Any] | None
    auto_confirm: bool
    is_active: bool
    poll_cursor: str | None
    next_poll_at: datetime | None
    last_poll_at: datetime | None
    last_poll_error: str | None
    webhook_path: str
    created_at: datetime


class VendorCreated(VendorOut):
    secret: str = Field(description="The signing secret. Shown only in this response.")


class SecretRotate(BaseModel):
    secret: Annotated[str, StringConstraints(min_length=16, max_length=256)] | None = None
    overlap_hours: float = Field(default=24, ge=0, le=24 * 30)


class SecretRotated(BaseModel):
    secret: str = Field(description="The new secret. Shown only in this response.")
    previous_expires_at: datetime | None


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    webhook_id: str
    source: str
    received_at: datetime
    status: Literal["pending", "processed", "failed"]
    attempts: int
    error: str | None
    note: str | None
    result_id: uuid.UUID | None
    processed_at: datetime | None


class DeliveryDetail(DeliveryOut):
    body: str = Field(description="The raw body as received (UTF-8, invalid bytes replaced)")


class Accepted(BaseModel):
    delivery_id: uuid.UUID


class MappingPreviewIn(BaseModel):
    expression: str | None = Field(default=None, max_length=expressions.MAX_EXPRESSION_LENGTH)
    payload: dict[str, Any]


class PreviewError(BaseModel):
    loc: list[str | int]
    msg: str


class DimensionPreview(BaseModel):
    code: str
    name: str
    score: float
    max_score: float
    normalized: float
    comment: str | None


class ResultPreview(BaseModel):
    interview_id: str
    candidate: dict[str, Any]
    position: dict[str, Any] | None
    department: dict[str, Any] | None
    batch: dict[str, Any] | None
    interviewers: list[dict[str, Any]]
    interviewed_at: datetime | None
    total_score: float
    max_score: float
    normalized_total: float
    dimensions: list[DimensionPreview]
    comment: str | None
    suggestions: list[str]
    recommendation: str | None
    updated_at: datetime | None
    flags: list[str]


class MappingPreviewOut(BaseModel):
    ok: bool
    data: ResultPreview | None = None
    errors: list[PreviewError] = Field(default_factory=list)
