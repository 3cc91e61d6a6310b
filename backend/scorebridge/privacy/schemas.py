"""Privacy shapes: notice, access log, requests, erasure, retention, processing records."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

PrivacyRequestKind = Literal["correction", "deletion", "explanation", "objection"]
PrivacyRequestStatus = Literal["open", "done", "declined"]
Resolution = Literal["done", "declined"]
Version = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
    ),
]
NoticeBody = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=20, max_length=20000)
]


# --- Notice --------------------------------------------------------------------------------------


class NoticeOut(BaseModel):
    version: str
    body_zh: str
    body_en: str
    published_at: datetime | None = Field(description="null for the built-in default notice")
    is_default: bool = Field(description="The built-in notice (no version was published yet)")
    acknowledged_at: datetime | None = Field(
        default=None, description="When the caller acknowledged this version, if they did"
    )
    ack_required: bool = Field(
        default=False, description="The caller must acknowledge this version to see results"
    )


class NoticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Version = Field(description="A new version label, e.g. `2026-12`; never reused")
    body_zh: NoticeBody
    body_en: NoticeBody


class NoticeAckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Version


class NoticeAckOut(BaseModel):
    version: str
    acknowledged_at: datetime


class NoticeAckRow(BaseModel):
    user_id: uuid.UUID
    user_name: str
    email: str
    version: str
    at: datetime
    ip: str | None


# --- Access log ----------------------------------------------------------------------------------


class AccessViewer(BaseModel):
    kind: Literal["user", "client", "system"]
    name: str = Field(description="The user's or integration client's name")
    roles: list[str] = Field(description="The user's roles (empty for a client)")


class AccessTarget(BaseModel):
    type: str | None = Field(description="result, results, person …")
    id: str | None
    label: str | None = Field(description="e.g. the interview's position")


class AccessEntry(BaseModel):
    id: uuid.UUID
    at: datetime
    action: str = Field(
        description="result.viewed, result.revisions_viewed, profile.read, feedback.viewed, "
        "results.listed, results.exported, privacy_request.viewed"
    )
    viewer: AccessViewer
    what: AccessTarget


# --- My data ---------------------------------------------------------------------------------


class MyData(BaseModel):
    """Everything ScoreBridge holds about the caller (PIPL Art 45)."""

    generated_at: datetime
    account: dict[str, Any]
    person: dict[str, Any] | None
    results: list[dict[str, Any]] = Field(
        description="Results with at least one published revision: `current` (the published "
        "values now, or null while a newer revision awaits review) and the published `revisions`"
    )
    feedback: list[dict[str, Any]]
    talent: dict[str, list[dict[str, Any]]] = Field(
        description="`performance` and `training` records"
    )
    notifications: list[dict[str, Any]]
    identities: list[dict[str, Any]] = Field(
        description="Enterprise sign-in accounts linked to the account: `provider`, `issuer`, "
        "`subject`, `created_at`, `last_used_at`"
    )
    acknowledgements: list[dict[str, Any]]
    privacy_requests: list[dict[str, Any]]
    access_log: list[dict[str, Any]] = Field(description="Newest first, at most 5,000 entries")


# --- Requests ------------------------------------------------------------------------------------


class PrivacyRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: PrivacyRequestKind
    message: str = Field(min_length=1, max_length=2000)
    result_id: uuid.UUID | None = Field(
        default=None, description="One of my published results the request is about (optional)"
    )


class PrivacyRequestResolve(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resolution: Resolution
    note: str = Field(min_length=1, max_length=2000)


class PrivacyPersonRef(BaseModel):
    id: uuid.UUID
    name: str
    employee_no: str | None


class PrivacyRequestOut(BaseModel):
    id: uuid.UUID
    kind: PrivacyRequestKind
    message: str
    result_id: uuid.UUID | None
    status: PrivacyRequestStatus
    created_at: datetime
    due_at: datetime
    overdue: bool = Field(description="Still open after due_at")
    resolution: Resolution | None
    note: str | None
    resolved_at: datetime | None
    person: PrivacyPersonRef | None = Field(default=None, description="HR's queue only")
    erased: bool = Field(default=False, description="A deletion request that erased the person")


class PrivacyRequestMetrics(BaseModel):
    window_days: int
    created: int = Field(description="Requests created in the window")
    open_count: int
    overdue_count: int = Field(description="Open and past due now")
    due_soon_count: int = Field(description="Open and due within 3 days")
    resolved_within_sla_share: float | None = Field(
        description="Of the window's requests resolved or past due, the share resolved by due_at"
    )
    median_resolution_days: float | None


# --- Erasure -------------------------------------------------------------------------------------


class ErasureOut(BaseModel):
    person_id: uuid.UUID
    name: str = Field(description="The pseudonym: 已删除 #<first 8 hex of the id>")
    erased_at: datetime
    counts: dict[str, int] = Field(description="What was removed or rewritten, by kind")


# --- Retention -----------------------------------------------------------------------------------


class RetentionPolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    raw_delivery_days: int = Field(ge=1, le=3650, description="Raw vendor bodies are dropped")
    candidate_days: int = Field(
        ge=30, le=3650, description="Never-hired candidates are anonymised after this inactivity"
    )
    audit_days: int = Field(ge=180, le=3650, description="Audit rows (at least 180 days)")
    notification_days: int = Field(ge=7, le=3650, description="Notifications and their sends")


class RetentionPolicyOut(RetentionPolicyIn):
    updated_at: datetime | None
    is_default: bool


class RetentionCounts(BaseModel):
    raw_bodies: int = Field(description="Raw vendor bodies past raw_delivery_days")
    erased_people_bodies: int = Field(description="Raw bodies naming people already erased")
    candidates: int = Field(description="Never-hired candidates inactive past candidate_days")
    notifications: int
    audit_events: int


class RetentionPreview(BaseModel):
    policy: RetentionPolicyIn
    cutoffs: dict[str, datetime]
    counts: RetentionCounts


class RetentionRunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    started_at: datetime
    finished_at: datetime | None
    trigger: str
    policy: dict[str, Any]
    counts: dict[str, Any]
    error: str | None


# --- Processing records --------------------------------------------------------------------------


class ProcessingRecord(BaseModel):
    kind: Literal["vendor", "channel", "identity_provider", "webhook_endpoint"]
    key: str = Field(description="vendor slug, channel kind, provider kind or endpoint id")
    name: str
    enabled: bool
    purpose: str
    data_categories: list[str]
    recipients: list[str]
    retention: str
    counts_90d: dict[str, int]


class ProcessingRecords(BaseModel):
    generated_at: datetime
    items: list[ProcessingRecord]
