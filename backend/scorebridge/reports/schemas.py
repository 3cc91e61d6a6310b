from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from scorebridge.results.schemas import OrgRef

Period = Annotated[str, StringConstraints(pattern=r"^(19|20)\d{2}-Q[1-4]$")]  # 1900–2099


class ReportIn(BaseModel):
    period: Period = Field(description="A quarter, e.g. `2026-Q3` (organisation's time zone)")
    department_id: uuid.UUID | None = Field(
        default=None, description="A department (and those below it); none: the organisation"
    )


class ReportOut(BaseModel):
    id: uuid.UUID
    period: str
    department: OrgRef | None
    status: Literal["pending", "running", "succeeded", "failed"]
    automatic: bool = Field(description="Made by the quarterly job (else on demand)")
    locale: str
    summary: dict[str, Any] = Field(description="Counts and one answer per question")
    error: str | None
    created_at: datetime
    finished_at: datetime | None
