"""Fairness answers: a person's sensitive attributes, adverse impact and vendor quality."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from scorebridge.fairness import attributes


def _gender(value: Any) -> Any:
    try:
        return attributes.gender_of(value) if isinstance(value, str) else value
    except ValueError:
        return value  # the Literal below refuses it, naming the field


def _year(value: int) -> int:
    return attributes.check_birth_year(value)


GenderValue = Annotated[
    Literal["female", "male", "other"] | None,
    BeforeValidator(_gender),
    Field(description="`female`, `male` or `other` (女/男/其他 accepted); null clears it"),
]
BirthYear = Annotated[
    int | None,
    AfterValidator(lambda v: None if v is None else _year(v)),
    Field(description="A year from 1900 to this year; null clears it"),
]
Attribute = Literal["gender", "age_band"]
Basis = Literal["standard", "threshold", "median"]


class PersonAttributesOut(BaseModel):
    person_id: uuid.UUID
    gender: Literal["female", "male", "other"] | None
    birth_year: int | None
    updated_at: datetime | None


class Named(BaseModel):
    id: uuid.UUID
    code: str
    name: str


class ImpactGroup(BaseModel):
    key: str = Field(
        description="gender: `female` | `male` | `other`; age_band: `under_30` | `30_39` | "
        "`40_49` | `50_plus`"
    )
    n: int
    selected: int
    rate: float = Field(description="selected / n")
    impact_ratio: float | None = Field(
        description="rate / the rate of the most selected group (null when nobody was selected)"
    )
    flag: bool = Field(description="impact_ratio < 0.8 (the four-fifths rule)")


class ExcludedGroup(BaseModel):
    key: str = Field(description="A group key, or `unknown` for people without the attribute")
    n: int
    why: Literal["fewer_than_5", "under_2_percent", "not_recorded"]


class DataWindow(BaseModel):
    first: datetime | None = Field(description="Earliest interview (or receipt) analysed")
    last: datetime | None = Field(description="Latest interview (or receipt) analysed")
    interviewed_from: datetime | None
    interviewed_to: datetime | None


class AdverseImpact(BaseModel):
    position: Named
    attribute: Attribute
    basis: Basis
    threshold: float | None = Field(description="The score cut for `basis=threshold`")
    median: float | None = Field(description="The median score for `basis=median`")
    standard_version: int | None = Field(description="The standard's version (basis=standard)")
    n: int = Field(description="People analysed (each once: their latest result in scope)")
    reference: str | None = Field(description="The group with the highest selection rate")
    groups: list[ImpactGroup]
    excluded: list[ExcludedGroup]
    test: Literal["fisher_exact", "chi_square"] | None = Field(
        description="Fisher's exact test for two groups, chi-square for more (none for one)"
    )
    fisher_p: float | None = Field(
        description="Two-sided p of `test` on the groups × (selected, not selected) table"
    )
    flagged: bool = Field(description="Some group's impact ratio is below 0.8")
    window: DataWindow
    status: str | None = Field(description="The result status analysed (null: every status)")
    batch_id: uuid.UUID | None
    vendor_id: uuid.UUID | None
    computed_at: datetime
    vendors: list[Named] = Field(description="Every vendor, for the vendor filter")


class PositionImpact(BaseModel):
    position: Named
    n: int
    reference: str | None
    lowest: ImpactGroup | None = Field(description="The compared group with the lowest ratio")
    excluded: int = Field(description="People in excluded groups (unknown included)")
    test: Literal["fisher_exact", "chi_square"] | None
    fisher_p: float | None
    flagged: bool


class ImpactOverview(BaseModel):
    attribute: Attribute
    basis: Literal["threshold", "median"]
    threshold: float | None
    positions: list[PositionImpact] = Field(
        description="Every position with results in scope: flagged first, then by lowest ratio"
    )


class VendorMonth(BaseModel):
    month: str = Field(description="YYYY-MM in the organisation's time zone")
    n: int
    mean: float
    sd: float | None = Field(description="Sample standard deviation (n − 1); null for n < 2")
    baseline_n: int = Field(description="Results in the trailing six months")
    baseline_mean: float | None
    z: float | None = Field(
        description="(mean − baseline mean) / (baseline sd / √n): standard errors from the "
        "trailing six months"
    )
    shift: bool | None = Field(
        description="|z| > 3; null without a baseline of at least 10 results"
    )


class Validity(BaseModel):
    n: int = Field(description="People with a score of this vendor and the outcome")
    r: float | None
    ci95: list[float] | None = Field(description="95% interval of r by Fisher's z-transform")
    fisher_z: float | None = Field(description="atanh(r)")
    p_value: float | None
    enough_data: bool
    message: str | None


class VendorQualityRow(BaseModel):
    vendor: Named
    n: int
    months: list[VendorMonth]
    shifted_months: list[str]
    validity: Validity | None = Field(description="Null without `outcome`")


class VendorQuality(BaseModel):
    dimension: str
    outcome: str | None
    vendors: list[VendorQualityRow]
    metrics: list[str] = Field(description="Every performance metric, the choices of `outcome`")
