"""Result fields exactly as the contract fixes them ("Interview results")."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

ResultStatusName = Literal["pending_review", "confirmed", "returned", "rejected"]


class VendorRef(BaseModel):
    id: uuid.UUID
    slug: str
    name: str


class PersonRef(BaseModel):
    id: uuid.UUID
    name: str
    employee_no: str | None


class OrgRef(BaseModel):
    id: uuid.UUID
    code: str
    name: str


class InterviewerOut(BaseModel):
    id: uuid.UUID
    name: str
    email: str


class DimensionOut(BaseModel):
    code: str
    name: str
    score: float
    max_score: float
    normalized: float
    comment: str | None


class StandardVerdict(BaseModel):
    """The result under its position's standard; the vendor's own scores never change."""

    version: int
    weighted_total: float = Field(description="Σ w·normalized / Σ w over the dimensions present")
    passed: bool
    failed_rules: list[str] = Field(description='"pass_line" and/or "minimum:<code>"')


class ResultOut(BaseModel):
    id: uuid.UUID
    vendor: VendorRef
    interview_id: str
    person: PersonRef
    position: OrgRef | None
    department: OrgRef | None
    batch: OrgRef | None
    interviewers: list[InterviewerOut]
    interviewed_at: datetime | None
    total_score: float
    max_score: float
    normalized_total: float
    dimensions: list[DimensionOut]
    comment: str | None
    suggestions: list[str]
    recommendation: str | None
    status: ResultStatusName
    revision: int
    published: bool
    flags: list[str]
    received_at: datetime
    reviewed_at: datetime | None
    updated_at: datetime
    standard: StandardVerdict | None = Field(
        default=None, description="Null when the position has no standard (yet)"
    )


class RevisionOut(BaseModel):
    id: uuid.UUID
    revision: int
    source: str
    delivery_id: uuid.UUID | None
    created_at: datetime
    snapshot: dict[str, Any]
