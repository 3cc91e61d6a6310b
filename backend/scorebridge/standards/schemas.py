"""Interview standards as the contract fixes them ("Interview standards (per position)")."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from scorebridge.kit.fields import Instant
from scorebridge.organisation.schemas import Code
from scorebridge.results.schemas import OrgRef, PersonRef

Weight = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class StandardIn(BaseModel):
    """A standard to save (a new version) or to try out (a draft)."""

    weights: dict[Code, Weight] = Field(
        min_length=1,
        max_length=100,
        description="Weight ≥ 0 per dimension code; at least one above 0. Dimensions left out "
        "weigh 0.",
    )
    pass_line: Score = Field(description="Pass when the weighted total (0–100) reaches it")
    minimums: dict[Code, Score] = Field(
        default_factory=dict,
        max_length=100,
        description="Per dimension code, the lowest normalised score (0–100) that passes",
    )
    note: str | None = Field(default=None, max_length=2000, description="Why it changed")


class StandardOut(BaseModel):
    id: uuid.UUID
    position_id: uuid.UUID
    version: int
    weights: dict[str, float]
    pass_line: float
    minimums: dict[str, float]
    note: str | None
    created_at: datetime
    created_by: uuid.UUID | None
    created_by_name: str | None


class DimensionChoice(BaseModel):
    code: str
    name: str


class StandardView(BaseModel):
    """The current standard (null when the position has none yet) and the dimension codes a
    standard may name (every code seen on a result)."""

    position: OrgRef
    standard: StandardOut | None
    dimensions: list[DimensionChoice]


class StandardVersions(BaseModel):
    items: list[StandardOut] = Field(description="Newest first")


class ApplicationOut(BaseModel):
    id: uuid.UUID
    position_id: uuid.UUID
    version: int
    status: Literal["pending", "running", "succeeded", "failed"]
    total: int
    processed: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


# -- what-if -------------------------------------------------------------------------------------


class SimulationIn(BaseModel):
    draft: StandardIn
    interviewed_from: Instant | None = None
    interviewed_to: Instant | None = None
    outcome: str | None = Field(
        default=None, min_length=1, max_length=64, description="A performance metric"
    )


class Rate(BaseModel):
    version: int | None = Field(default=None, description="Null for the draft")
    pass_rate: float | None = Field(description="Share 0–1; null when there is no standard or n=0")
    passed: int


class FlippedResult(BaseModel):
    result_id: uuid.UUID
    person: PersonRef
    department: OrgRef | None
    current_total: float | None
    draft_total: float


class Flips(BaseModel):
    to_pass: int
    to_fail: int
    who_to_pass: list[FlippedResult] = Field(description="Up to 20, highest draft total first")
    who_to_fail: list[FlippedResult] = Field(description="Up to 20, lowest draft total first")


class DepartmentRates(BaseModel):
    department: OrgRef | None
    n: int
    current_rate: float | None
    draft_rate: float


class OutcomeComparison(BaseModel):
    metric: str
    passed_n: int
    failed_n: int
    passed_mean: float | None
    failed_mean: float | None
    welch_t: float | None
    p_value: float | None
    enough_data: bool
    message: str | None


class Simulation(BaseModel):
    n: int
    current: Rate
    draft: Rate
    flips: Flips
    by_department: list[DepartmentRates]
    outcome: OutcomeComparison | None = None


# -- suggested weights, fit ----------------------------------------------------------------------


class CrossValidatedR(BaseModel):
    suggested: float | None
    current: float | None
    equal: float | None


class SuggestedWeights(BaseModel):
    position_id: uuid.UUID
    outcome: str
    n: int
    dimensions: list[str] = Field(description="The dimensions fitted, in order")
    suggested: dict[str, float] | None = Field(description="Non-negative, summing to 1")
    cv_r: CrossValidatedR
    folds: int
    method: str
    enough_data: bool
    message: str | None
    caveat: str


class PositionFit(BaseModel):
    position: OrgRef
    version: int
    weighted_total: float
    passed: bool
    failed_rules: list[str]
    weakest: list[str] = Field(description="Dimension codes holding the person back most")
    weakest_names: list[str]
