from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from scorebridge.organisation.schemas import PersonOut
from scorebridge.results.schemas import OrgRef, ResultOut


class PerformanceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    period: str
    metric: str
    value: float


class TrainingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    course: str
    completed_on: date
    score: float | None


class TrendPoint(BaseModel):
    result_id: uuid.UUID
    interviewed_at: datetime | None
    value: float


class DimensionTrend(BaseModel):
    code: str
    name: str
    points: list[TrendPoint]


class TalentProfile(BaseModel):
    person: PersonOut
    department: OrgRef | None
    results: list[ResultOut]
    total_trend: list[TrendPoint]
    dimension_trends: list[DimensionTrend]
    performance: list[PerformanceOut]
    training: list[TrainingOut]
    outcomes_visible: bool = Field(
        description="Whether the caller may see performance and training records (HR, admin, "
        "clients, and department heads for people in their departments); when false both "
        "lists are empty"
    )
