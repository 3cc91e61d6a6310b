"""Departments, positions, batches and people: create, get, list, update (hr and admin write).

The four resources share one shape, so their routes come from one factory.
(No ``from __future__ import annotations`` here: FastAPI must see the real classes.)
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.fairness import attributes
from scorebridge.kit.db import Base
from scorebridge.kit.errors import NotFound, responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import Session
from scorebridge.organisation import repository, service
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.organisation.schemas import (
    BatchCreate,
    BatchOut,
    BatchUpdate,
    DepartmentCreate,
    DepartmentOut,
    DepartmentUpdate,
    PersonCreate,
    PersonOut,
    PersonUpdate,
    PositionCreate,
    PositionOut,
    PositionUpdate,
)

router = APIRouter(tags=["organisation"])

Search = Annotated[str | None, Query(max_length=100, description="Code, name or 工号 contains")]
Paging = Annotated[PageParams, Depends(page_params)]
READ = responses(401, 403, 404, 422)
WRITE = responses(401, 403, 404, 409, 422)


def _routes(
    path: str,
    singular: str,
    model: Any,
    create_schema: type[BaseModel],
    update_schema: type[BaseModel],
    out_schema: Any,
    read: Permission,
    write: Permission,
) -> None:
    reader = Annotated[Caller, Depends(requires(read))]
    writer = Annotated[Caller, Depends(requires(write))]
    plural = path.strip("/").title().replace("-", "")
    name = singular.title()
    is_person = model is Person

    def readable(caller: Caller) -> Any:
        if is_person:
            return repository.people_readable_by(caller)
        return repository.org_readable_by(caller, model)

    def render(caller: Caller, row: Base) -> BaseModel:
        out: Any = out_schema.model_validate(row)
        if is_person and not repository.contacts_visible(caller):
            out = out.masked()
        return out  # type: ignore[no-any-return]

    async def load(session: Session, caller: Caller, row_id: uuid.UUID) -> Any:
        row = await session.scalar(readable(caller).where(model.id == row_id))
        if row is None:
            raise NotFound(f"No {singular} with id {row_id}")
        return row

    @router.get(
        path,
        operation_id=f"list{plural}",
        summary=f"List {path.strip('/')}",
        responses=READ,
        response_model=Page[out_schema],
    )
    async def list_rows(caller: reader, session: Session, page: Paging, q: Search = None) -> Any:
        if is_person:
            statement = repository.search_people(caller, readable(caller), q)
            sort = Sort(model.name, False)
        else:
            statement = repository.search_org(readable(caller), model, q)
            sort = Sort(model.code, False)
        rows, cursor = await paginate(
            session, statement, sort=sort, id_column=model.id, params=page
        )
        return Page[out_schema](items=[render(caller, r) for r in rows], next_cursor=cursor)

    @router.post(
        path,
        operation_id=f"create{name}",
        summary=f"Create a {singular}",
        status_code=status.HTTP_201_CREATED,
        responses=WRITE,
        response_model=out_schema,
    )
    async def create_row(caller: writer, session: Session, data: create_schema) -> Any:  # type: ignore[valid-type]
        row = await service.create(session, model, data)
        audit.record(
            session,
            caller,
            f"{singular}.created",
            target_type=singular,
            target_id=row.id,
            subject_person_id=row.id if is_person else None,
        )
        return render(caller, row)

    @router.get(
        f"{path}/{{row_id}}",
        operation_id=f"get{name}",
        summary=f"Get a {singular}",
        responses=READ,
        response_model=out_schema,
    )
    async def get_row(caller: reader, session: Session, row_id: uuid.UUID) -> Any:
        return render(caller, await load(session, caller, row_id))

    @router.patch(
        f"{path}/{{row_id}}",
        operation_id=f"update{name}",
        summary=f"Update a {singular}",
        responses=WRITE,
        response_model=out_schema,
    )
    async def update_row(
        caller: writer,
        session: Session,
        row_id: uuid.UUID,
        data: update_schema,  # type: ignore[valid-type]
    ) -> Any:
        changes: BaseModel = data
        sensitive: dict[str, Any] = {}
        if is_person:  # gender and birth year are kept apart (scorebridge.fairness)
            changes, sensitive = attributes.split_update(changes)
        row = await service.update(session, await load(session, caller, row_id), changes)
        if sensitive:
            await attributes.set_attributes(session, row.id, sensitive)
        audit.record(
            session,
            caller,
            f"{singular}.updated",
            target_type=singular,
            target_id=row.id,
            subject_person_id=row.id if is_person else None,
            detail={"fields": sorted([*changes.model_dump(exclude_unset=True), *sensitive])},
        )
        return render(caller, row)


_routes(
    "/departments",
    "department",
    Department,
    DepartmentCreate,
    DepartmentUpdate,
    DepartmentOut,
    Permission.org_read,
    Permission.org_write,
)
_routes(
    "/positions",
    "position",
    Position,
    PositionCreate,
    PositionUpdate,
    PositionOut,
    Permission.org_read,
    Permission.org_write,
)
_routes(
    "/batches",
    "batch",
    Batch,
    BatchCreate,
    BatchUpdate,
    BatchOut,
    Permission.org_read,
    Permission.org_write,
)
_routes(
    "/people",
    "person",
    Person,
    PersonCreate,
    PersonUpdate,
    PersonOut,
    Permission.people_read,
    Permission.people_write,
)
