"""Feedback shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from scorebridge.results.schemas import DimensionOut, OrgRef, PersonRef

FeedbackStatusName = Literal["open", "answered", "resolved"]
Resolution = Literal["upheld", "adjusted", "rejected"]


class FeedbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    result_id: uuid.UUID
    message: str = Field(min_length=1, max_length=2000)


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=2000)


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: uuid.UUID | None = Field(description="An HR or admin user; null unassigns")


class AdjustedDimension(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64)
    score: float = Field(ge=0)


class ResolveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resolution: Resolution
    note: str = Field(min_length=1, max_length=2000)
    adjusted_total: float | None = Field(
        default=None, ge=0, description="New total on the result's own scale (0–max_score)"
    )
    adjusted_dimensions: list[AdjustedDimension] | None = Field(default=None, max_length=100)


class UserRef(BaseModel):
    id: uuid.UUID
    name: str


class FeedbackOut(BaseModel):
    id: uuid.UUID
    result_id: uuid.UUID
    person: PersonRef
    status: FeedbackStatusName
    message: str
    created_at: datetime
    due_at: datetime = Field(description="created_at + the feedback SLA (24 h by default)")
    overdue: bool = Field(description="Past due_at without an HR reply")
    first_response_at: datetime | None
    overdue_at: datetime | None
    escalated_at: datetime | None
    assignee: UserRef | None
    resolution: Resolution | None
    resolution_note: str | None
    resolved_at: datetime | None
    adjusted_from: float | None = Field(description="Normalised total before an adjustment")
    adjusted_to: float | None = Field(description="Normalised total after an adjustment")


class MessageOut(BaseModel):
    id: uuid.UUID
    author: UserRef | None
    author_role: Literal["employee", "hr"]
    body: str
    at: datetime


class ResultSummary(BaseModel):
    id: uuid.UUID
    position: OrgRef | None
    batch: OrgRef | None
    interviewed_at: datetime | None
    total_score: float
    max_score: float
    normalized_total: float
    revision: int
    dimensions: list[DimensionOut]


class FeedbackDetail(FeedbackOut):
    messages: list[MessageOut] = Field(description="The thread, oldest first")
    result: ResultSummary


class FeedbackMetrics(BaseModel):
    window_days: int
    created: int = Field(description="Feedback created in the window")
    median_first_response_hours: float | None
    answered_within_sla_share: float | None = Field(
        description="Of the window's feedback that was answered or is past due, the share "
        "answered by due_at (0–1)"
    )
    open_count: int = Field(description="Unresolved now (open or answered)")
    overdue_count: int = Field(description="Unanswered and past due now")
