from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

ImportKind = Literal["people", "results", "performance", "training"]
ImportStatusName = Literal["pending", "running", "succeeded", "failed"]


class RowErrorOut(BaseModel):
    row: int = Field(description="Spreadsheet row number; the header is row 1")
    column: str | None = Field(description="The column as headed in the file")
    message: str = Field(description="What is wrong, in the reader's language")
    code: str | None = Field(
        default=None, description="Stable machine code of the message (see README, 'Contract')"
    )
    params: dict[str, str | int | float] = Field(
        default_factory=dict, description="The values the message names"
    )


class ImportOut(BaseModel):
    id: uuid.UUID
    kind: ImportKind
    status: ImportStatusName
    dry_run: bool
    filename: str | None
    file_format: Literal["csv", "xlsx"]
    encoding: str | None = Field(description="Detected text encoding of a CSV file")
    size_bytes: int
    total_rows: int = Field(description="Data rows in the file (blank rows not counted)")
    valid_rows: int = Field(description="Rows that passed validation (and were written)")
    processed_rows: int = Field(description="Valid rows written so far (progress)")
    error_count: int = Field(description="All row errors; `errors` keeps the first 1,000")
    errors: list[RowErrorOut]
    counts: dict[str, int] = Field(description="Created / updated / unchanged per kind")
    failure: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
