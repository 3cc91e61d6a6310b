"""The HR workbench actions on results: review (one or many), export, status counts,
review history. Mounted before the read routes so ``/results/export`` is not an id."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import case, func, select

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import NotFound, responses
from scorebridge.kit.pagination import parse_sort
from scorebridge.kit.web import AppDatabase, Session
from scorebridge.results import export, repository, review, service
from scorebridge.results.endpoints import SORTS, VERDICT_SORTS, Filters
from scorebridge.results.models import InterviewResult, ResultReview, ResultStatus
from scorebridge.results.schemas import ResultOut

router = APIRouter(prefix="/results", tags=["results"])

Reader = Annotated[Caller, Depends(requires(Permission.results_read))]
Reviewer = Annotated[Caller, Depends(requires(Permission.results_review))]
Exporter = Annotated[Caller, Depends(requires(Permission.results_export))]
Note = Annotated[str | None, Field(default=None, max_length=2000)]


class ReviewIn(BaseModel):
    action: review.ReviewAction
    note: Note = None


class BulkReviewIn(BaseModel):
    ids: list[uuid.UUID] = Field(min_length=1, max_length=500)
    action: review.ReviewAction
    note: Note = None


class BulkReviewOut(BaseModel):
    items: list[ResultOut]


class StatusCounts(BaseModel):
    pending_review: int = 0
    confirmed: int = 0
    returned: int = 0
    rejected: int = 0
    total: int = 0


class BatchFigures(BaseModel):
    batch_id: uuid.UUID
    results: int = Field(description="Results of the batch that the caller may read")
    pending_review: int
    first_interviewed_at: datetime | None
    last_interviewed_at: datetime | None


class ReviewOut(BaseModel):
    id: uuid.UUID
    action: str
    from_status: str
    to_status: str
    note: str | None
    reviewer_id: uuid.UUID | None
    reviewer_name: str | None
    at: str


@router.post(
    "/review",
    operation_id="reviewResults",
    summary="Confirm, return or reject many results at once (all or nothing)",
    description="If any id is unknown or outside your scope (404) or not `pending_review` "
    "(409, `current_status` per id), nothing changes.",
    responses=responses(401, 403, 404, 409, 422),
)
async def review_many(caller: Reviewer, session: Session, data: BulkReviewIn) -> BulkReviewOut:
    results = await review.review(session, caller, data.ids, data.action, data.note)
    return BulkReviewOut(items=await service.render_many(session, results))


@router.post(
    "/{result_id}/review",
    operation_id="reviewResult",
    summary="Confirm, return or reject one result",
    description="`pending_review → confirmed | returned | rejected`. Confirming archives the "
    "result into the talent profile and publishes it to the person. Another state: 409.",
    responses=responses(401, 403, 404, 409, 422),
)
async def review_one(
    caller: Reviewer, session: Session, result_id: uuid.UUID, data: ReviewIn
) -> ResultOut:
    results = await review.review(session, caller, [result_id], data.action, data.note)
    return (await service.render_many(session, results))[0]


@router.get(
    "/counts",
    operation_id="countResults",
    summary="How many results per status match the filters (badges)",
    responses=responses(401, 403, 422),
)
async def count_results(caller: Reader, session: Session, filters: Filters) -> StatusCounts:
    no_status = repository.ResultFilters(**{**filters.__dict__, "status": None})
    scoped = repository.filtered(repository.readable_by(caller), no_status).subquery()
    rows = await session.execute(select(scoped.c.status, func.count()).group_by(scoped.c.status))
    counts = {status: n for status, n in rows if status in ResultStatus.all}
    return StatusCounts(**counts, total=sum(counts.values()))


@router.get(
    "/batches",
    operation_id="countResultsPerBatch",
    summary="Per batch: how many results (and pending), first and last interview (batches page)",
    description="Over the results the caller may read; batches without such results are left out.",
    responses=responses(401, 403),
)
async def batch_figures(caller: Reader, session: Session) -> list[BatchFigures]:
    scoped = repository.readable_by(caller).where(InterviewResult.batch_id.is_not(None)).subquery()
    pending = func.sum(case((scoped.c.status == ResultStatus.pending_review, 1), else_=0))
    rows = await session.execute(
        select(
            scoped.c.batch_id,
            func.count(),
            pending,
            func.min(scoped.c.interviewed_at),
            func.max(scoped.c.interviewed_at),
        ).group_by(scoped.c.batch_id)
    )
    return [
        BatchFigures(
            batch_id=batch_id,
            results=int(n),
            pending_review=int(waiting or 0),
            first_interviewed_at=first,
            last_interviewed_at=last,
        )
        for batch_id, n, waiting, first, last in rows
    ]


@router.get(
    "/export",
    operation_id="exportResults",
    summary="Export results as CSV (UTF-8 with BOM) or XLSX, same filters, sort and scope as "
    "the list",
    description="Streams; one column per dimension; rows in the list's order (`sort`, as for "
    "the list). Status and recommendation in the caller's language, times and the file "
    "name's timestamp in the caller's time zone. Audited as `results.exported`.",
    responses={
        **responses(401, 403, 422),
        200: {"content": {"text/csv": {}, export.XLSX: {}}, "description": "The file"},
    },
    response_class=StreamingResponse,
)
async def export_results(
    caller: Exporter,
    session: Session,
    db: AppDatabase,
    filters: Filters,
    format: Annotated[Literal["csv", "xlsx"], Query()] = "csv",
    sort: Annotated[str | None, Query(max_length=32)] = None,
) -> StreamingResponse:
    order = parse_sort(sort, SORTS, "-received_at", outer=VERDICT_SORTS)
    statement = repository.filtered(repository.readable_by(caller), filters)
    columns = await export.dimension_columns(db, statement)
    audit.record(
        session,
        caller,
        "results.exported",
        target_type="results",
        subject_person_id=filters.person_id,
        detail={
            "format": format,
            "filters": _filter_detail(filters),
            "sort": sort or "-received_at",
        },
    )
    locale = caller.extras.get("locale") or "zh-CN"
    zone = caller.extras.get("timezone") or "Asia/Shanghai"
    stamp = utcnow().astimezone(ZoneInfo(zone)).strftime("%Y%m%d-%H%M")
    if format == "xlsx":
        body = export.xlsx_stream(db, statement, order, columns, locale, zone)
        media = export.XLSX
    else:
        body = export.csv_stream(db, statement, order, columns, locale, zone)
        media = "text/csv; charset=utf-8"
    return StreamingResponse(
        body,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="results-{stamp}.{format}"',
            "Cache-Control": "no-store",
        },
    )


def _filter_detail(filters: repository.ResultFilters) -> dict[str, str]:
    return {k: str(v) for k, v in filters.__dict__.items() if v is not None}


@router.get(
    "/{result_id}/reviews",
    operation_id="listResultReviews",
    summary="The review history of a result, oldest first",
    responses=responses(401, 403, 404, 422),
)
async def list_reviews(caller: Reader, session: Session, result_id: uuid.UUID) -> list[ReviewOut]:
    from scorebridge.auth.models import User

    found = await session.scalar(
        repository.readable_by(caller).where(InterviewResult.id == result_id)
    )
    if found is None:
        raise NotFound(f"No result with id {result_id}")
    rows = await session.execute(
        select(ResultReview, User.name)
        .outerjoin(User, User.id == ResultReview.reviewer_id)
        .where(ResultReview.result_id == result_id)
        .order_by(ResultReview.at, ResultReview.id)
    )
    return [
        ReviewOut(
            id=r.id,
            action=r.action,
            from_status=r.from_status,
            to_status=r.to_status,
            note=r.note,
            reviewer_id=r.reviewer_id,
            reviewer_name=name,
            at=r.at.isoformat(),
        )
        for r, name in rows
    ]
