from __future__ import annotations

from pydantic import BaseModel, Field


class HistogramBin(BaseModel):
    lo: float
    hi: float
    count: int


class DistributionGroup(BaseModel):
    key: str | None = Field(description="The group's id (null: results without one)")
    code: str | None
    label: str
    n: int
    mean: float | None
    median: float | None
    p25: float | None
    p75: float | None
    stdev: float | None = Field(description="Sample standard deviation (n − 1); null if n < 2")
    histogram: list[HistogramBin]


class Distribution(BaseModel):
    dimension: str
    group_by: str
    bins: int
    groups: list[DistributionGroup]


class TrendPoint(BaseModel):
    month: str = Field(description="YYYY-MM in the organisation's time zone")
    n: int
    mean: float


class TrendSeries(BaseModel):
    key: str | None
    label: str
    points: list[TrendPoint]


class Trends(BaseModel):
    dimension: str
    group_by: str
    series: list[TrendSeries]


class DimensionMean(BaseModel):
    code: str
    name: str
    n: int
    mean: float


class DimensionMeansGroup(BaseModel):
    key: str | None
    label: str
    dimensions: list[DimensionMean]


class DimensionMeans(BaseModel):
    group_by: str
    groups: list[DimensionMeansGroup]


class Correlation(BaseModel):
    dimension: str
    outcome: str
    n: int
    pearson_r: float | None
    pearson_p: float | None
    spearman_rho: float | None
    spearman_p: float | None
    ci95: list[float] | None = Field(description="Fisher-z 95% confidence interval of r")
    slope: float | None
    intercept: float | None
    points: list[list[float]] = Field(description="[score, outcome] pairs, at most 2,000")
    enough_data: bool
    message: str | None
    corrected_r: float | None = Field(
        default=None,
        description="r corrected for range restriction (Thorndike case II): the people with "
        "an outcome are a selected sample; corrected with the score's SD among all results "
        "in scope (`sd_all`) vs among those people (`sd_selected`)",
    )
    sd_all: float | None = Field(default=None, description="Score SD over all results in scope")
    sd_selected: float | None = Field(
        default=None, description="Score SD among the people with an outcome"
    )
    n_all: int | None = Field(default=None, description="Results in scope (all candidates)")


class GroupMean(BaseModel):
    n: int
    mean: float | None


class Threshold(BaseModel):
    dimension: str
    outcome: str
    threshold: float
    above: GroupMean
    below: GroupMean
    uplift_pct: float | None
    welch_t: float | None
    p_value: float | None
    enough_data: bool
    message: str | None


class RetentionGroup(BaseModel):
    n: int = Field(description="People whose N-month mark has passed")
    retained: int
    share: float | None


class Retention(BaseModel):
    dimension: str
    threshold: float
    months: int
    above: RetentionGroup
    below: RetentionGroup
    excluded: int = Field(description="People whose N-month mark is still in the future")
    difference: float | None
    z: float | None
    p_value: float | None
    enough_data: bool
    message: str | None


class TrainingGap(BaseModel):
    code: str
    name: str
    n: int
    mean: float
    benchmark: float
    gap: float = Field(description="Department mean − position benchmark (weighted by n)")


class DepartmentNeeds(BaseModel):
    key: str
    code: str | None
    label: str
    n: int
    dimensions: list[TrainingGap]


class TrainingNeeds(BaseModel):
    departments: list[DepartmentNeeds]


class OutcomeMetric(BaseModel):
    metric: str
    people: int = Field(description="People with at least one record of the metric")
    records: int
    periods: int
    latest_period: str | None = Field(description="The greatest period label, e.g. `2026-Q3`")


class OutcomeMetrics(BaseModel):
    metrics: list[OutcomeMetric] = Field(description="Sorted by the number of people, most first")
