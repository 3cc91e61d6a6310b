"""Reading results: list with filters and sorts, one result, its revisions (results:read)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit.errors import NotFound, responses
from scorebridge.kit.fields import Instant
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate, parse_sort
from scorebridge.kit.web import Session
from scorebridge.results import repository, service
from scorebridge.results.models import InterviewResult, ResultRevision
from scorebridge.results.schemas import ResultOut, ResultStatusName, RevisionOut
from scorebridge.standards.models import ResultStandard

router = APIRouter(prefix="/results", tags=["results"])

Reader = Annotated[Caller, Depends(requires(Permission.results_read))]
Paging = Annotated[PageParams, Depends(page_params)]

SORTS = {
    "interviewed_at": InterviewResult.interviewed_at,
    "total_score": InterviewResult.normalized_total,
    "received_at": InterviewResult.received_at,
    "weighted_total": ResultStandard.weighted_total,
}
# Sorts on the verdict under the position's standard (results without one sort as null).
VERDICT_SORTS = frozenset({"weighted_total"})


def result_filters(
    department_id: uuid.UUID | None = None,
    position_id: uuid.UUID | None = None,
    batch_id: uuid.UUID | None = None,
    status: ResultStatusName | None = None,
    person_id: uuid.UUID | None = None,
    interviewer_id: uuid.UUID | None = None,
    min_total: Annotated[float | None, Query(ge=0, le=100, description="0–100 scale")] = None,
    max_total: Annotated[float | None, Query(ge=0, le=100, description="0–100 scale")] = None,
    interviewed_from: Instant | None = None,
    interviewed_to: Instant | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Name or 工号 contains")] = None,
    passed: Annotated[
        bool | None, Query(description="Passed (or not) the position's standard")
    ] = None,
    min_weighted: Annotated[
        float | None, Query(ge=0, le=100, description="Weighted total under the standard ≥")
    ] = None,
    max_weighted: Annotated[
        float | None, Query(ge=0, le=100, description="Weighted total under the standard ≤")
    ] = None,
) -> repository.ResultFilters:
    return repository.ResultFilters(
        department_id=department_id,
        position_id=position_id,
        batch_id=batch_id,
        status=status,
        person_id=person_id,
        interviewer_id=interviewer_id,
        min_total=min_total,
        max_total=max_total,
        interviewed_from=interviewed_from,
        interviewed_to=interviewed_to,
        q=q,
        passed=passed,
        min_weighted=min_weighted,
        max_weighted=max_weighted,
    )


Filters = Annotated[repository.ResultFilters, Depends(result_filters)]


@router.get(
    "",
    operation_id="listResults",
    summary="List interview results in the caller's scope",
    description="Sort by `interviewed_at`, `total_score` (normalised), `received_at` or "
    "`weighted_total` (under the position's standard; results without a verdict sort as "
    "null: last ascending, first descending); prefix `-` for descending. Default "
    "`-received_at`. `passed`, `min_weighted` and `max_weighted` filter on the verdict.",
    responses=responses(401, 403, 422),
)
async def list_results(
    caller: Reader,
    session: Session,
    page: Paging,
    filters: Filters,
    sort: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[ResultOut]:
    statement = repository.filtered(repository.readable_by(caller), filters)
    order = parse_sort(sort, SORTS, "-received_at", outer=VERDICT_SORTS)
    if order.outer:
        statement = statement.outerjoin(
            ResultStandard, ResultStandard.result_id == InterviewResult.id
        )
    rows, cursor = await paginate(
        session,
        statement,
        sort=order,
        id_column=InterviewResult.id,
        params=page,
    )
    audit.record(
        session,
        caller,
        "results.listed",
        target_type="results",
        subject_person_id=filters.person_id,
        detail={
            "filters": {k: str(v) for k, v in filters.__dict__.items() if v is not None},
            "sort": sort or "-received_at",
            "rows": len(rows),
        },
    )
    return Page(items=await service.render_many(session, rows), next_cursor=cursor)


async def _readable(session: Session, caller: Caller, result_id: uuid.UUID) -> InterviewResult:
    result = await session.scalar(
        repository.readable_by(caller).where(InterviewResult.id == result_id)
    )
    if result is None:
        raise NotFound(f"No result with id {result_id}")
    return result


@router.get(
    "/{result_id}",
    operation_id="getResult",
    summary="One interview result",
    responses=responses(401, 403, 404),
)
async def get_result(caller: Reader, session: Session, result_id: uuid.UUID) -> ResultOut:
    result = await _readable(session, caller, result_id)
    if caller.person_id != result.person_id:
        audit.record(
            session,
            caller,
            "result.viewed",
            target_type="result",
            target_id=result.id,
            subject_person_id=result.person_id,
        )
    return (await service.render_many(session, [result]))[0]


@router.get(
    "/{result_id}/revisions",
    operation_id="listResultRevisions",
    summary="Every revision of a result, newest first",
    responses=responses(401, 403, 404, 422),
)
async def list_revisions(
    caller: Reader, session: Session, result_id: uuid.UUID, page: Paging
) -> Page[RevisionOut]:
    result = await _readable(session, caller, result_id)
    rows, cursor = await paginate(
        session,
        select(ResultRevision).where(ResultRevision.result_id == result.id),
        sort=Sort(ResultRevision.revision, True),
        id_column=ResultRevision.id,
        params=page,
    )
    audit.record(
        session,
        caller,
        "result.revisions_viewed",
        target_type="result",
        target_id=result.id,
        subject_person_id=result.person_id,
    )
    return Page(
        items=[
            RevisionOut(
                id=r.id,
                revision=r.revision,
                source=r.source,
                delivery_id=r.delivery_id,
                created_at=r.created_at,
                snapshot=r.snapshot,
            )
            for r in rows
        ],
        next_cursor=cursor,
    )
