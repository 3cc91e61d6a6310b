"""Uploading imports and following their progress (imports:manage: HR and admin)."""

from __future__ import annotations

import uuid
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile
from sqlalchemy import select

from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.imports import service
from scorebridge.imports.limits import Limits
from scorebridge.imports.models import ImportJob
from scorebridge.imports.schemas import ImportKind, ImportOut
from scorebridge.kit.errors import NotFound, PayloadTooLarge, responses
from scorebridge.kit.messages import ReaderLanguage
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import AppSettings, Session

router = APIRouter(prefix="/imports", tags=["imports"])

Manager = Annotated[Caller, Depends(requires(Permission.imports_manage))]
Paging = Annotated[PageParams, Depends(page_params)]

UPLOAD_DESCRIPTION = """
Upload a CSV or XLSX file of `people`, `results`, `performance` or `training` records.

**File.** The format is recognised from the bytes, not the name: XLSX (zip magic
`PK\\x03\\x04`, first worksheet) or CSV text in UTF-8, UTF-8 with BOM or GBK/GB18030 (a BOM
means UTF-8; bytes that are valid UTF-8 are UTF-8; otherwise GB18030). At most 50 MB (413).
Empty files, images, PDFs, legacy `.xls`, damaged workbooks and files whose row 1 holds no
recognisable header are refused with 422 naming `file`; nothing is stored.

**Columns** (English or Chinese header, any order, unknown columns ignored; `mapping` may map
your own headers, e.g. `{"员工编号": "employee_no"}`):
* people: `employee_no`/工号 (required), `name`/姓名 (required), `email`/邮箱, `phone`/手机,
  `department`/部门 (a department code; created if missing), `hired_on`/入职日期 and
  `left_on`/离职日期 (dates; they drive the retention analysis, and a leaving date before the
  hiring date is a row error);
* results: the people columns plus `position`/岗位, `batch`/批次 (codes), `interviewed_at`/面试时间,
  `total_score`/总分 (required), `max_score`/满分 (default 100) and one column per dimension
  headed `dimension:<code>` or `维度:<code>` (same maximum as the total);
* performance: `employee_no`/工号, `period`/周期, `metric`/指标, `value`/数值 (all required);
* training: `employee_no`/工号, `course`/课程, `completed_at`/完成时间 (required), `score`/成绩.

Dates: `2026-11-20`, `2026/11/20`, `2026年11月20日`, `2026-11-20 09:30`, `2026/11/20 9:30`,
ISO-8601 with `Z` or an offset, or Excel date cells; times without a zone are in the
organisation's time zone (`SCOREBRIDGE_DEFAULT_TIMEZONE`, default Asia/Shanghai).

**Dry run** (`dry_run=true`): every row is validated (including that the people of performance
and training rows exist) and the report is answered at once with **200**, status `succeeded`;
no data is written. **Import**: answers **202** with status `pending`; the job `imports.run`
writes the valid rows in transactions of 1,000 (follow `processed_rows` at
`GET /imports/{id}`); invalid rows are skipped and listed in `errors` (`row` is the spreadsheet
row, header = 1; the first 1,000 are kept, `error_count` counts all).

**Idempotent.** Re-importing the same rows changes nothing: people are keyed by `employee_no`,
results by `import:<employee_no>:<position>:<batch>:<interviewed_at>` under the system vendor
`import`, performance by (person, period, metric), training by (person, course, completed_on).
Imported results are stored `confirmed` and published, with scores normalised to 0–100 by
their own `max_score`; the import is audited once (`import.completed` with its counts).
"""


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(
                f"The file is larger than {limit // (1024 * 1024)} MB", field="file"
            )
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "",
    operation_id="createImport",
    summary="Upload a CSV/XLSX import (or check it with a dry run)",
    description=UPLOAD_DESCRIPTION,
    status_code=202,
    responses={
        200: {"model": ImportOut, "description": "Dry run: the full validation report"},
        **responses(401, 403, 413, 422),
    },
)
async def create_import(
    caller: Manager,
    language: ReaderLanguage,
    session: Session,
    settings: AppSettings,
    response: Response,
    file: Annotated[UploadFile, File(description="CSV (UTF-8, UTF-8 BOM, GBK) or XLSX")],
    kind: Annotated[ImportKind, Form()],
    dry_run: Annotated[bool, Form()] = False,
    mapping: Annotated[
        str | None, Form(description='JSON {"<file header>": "<canonical column>"}')
    ] = None,
) -> ImportOut:
    columns = service.parse_mapping(mapping)
    data = await _read_limited(file, settings.import_max_bytes)
    job = await service.create(
        session,
        caller,
        data=data,
        filename=file.filename,
        kind=kind,
        is_dry_run=dry_run,
        mapping=columns,
        zone=ZoneInfo(settings.default_timezone),
        limits=Limits.of(settings),
    )
    if dry_run:
        response.status_code = 200
    return service.render(job, language)


@router.get(
    "",
    operation_id="listImports",
    summary="Import history, newest first",
    responses=responses(401, 403, 422),
)
async def list_imports(
    caller: Manager, language: ReaderLanguage, session: Session, page: Paging
) -> Page[ImportOut]:
    rows, cursor = await paginate(
        session,
        select(ImportJob),
        sort=Sort(ImportJob.created_at, descending=True),
        id_column=ImportJob.id,
        params=page,
    )
    return Page(items=[service.render(r, language) for r in rows], next_cursor=cursor)


@router.get(
    "/{import_id}",
    operation_id="getImport",
    summary="One import with its progress and errors",
    responses=responses(401, 403, 404),
)
async def get_import(
    caller: Manager, language: ReaderLanguage, session: Session, import_id: uuid.UUID
) -> ImportOut:
    job = await session.get(ImportJob, import_id)
    if job is None:
        raise NotFound(f"No import with id {import_id}")
    return service.render(job, language)
