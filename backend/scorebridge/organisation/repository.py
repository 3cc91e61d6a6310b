"""Queries for the organisation, each starting from what the caller may read."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, false, or_, select

from scorebridge.auth.caller import Caller
from scorebridge.auth.permissions import Permission
from scorebridge.organisation.models import Batch, Department, Person, Position

M = TypeVar("M", Department, Position, Batch)


def org_readable_by(caller: Caller, model: type[M]) -> Select[M]:
    """Departments, positions and batches are not personal data: every staff role reads them."""
    statement = select(model)
    if not caller.can(Permission.org_read):
        statement = statement.where(false())
    return statement


def people_readable_by(caller: Caller) -> Select[Person]:
    """HR, admin and clients read everyone; a department head reads people of the departments
    granted (and below); anyone reads their own person. Other domains widen this for
    interviewers through :data:`PEOPLE_SCOPE_EXTENSIONS`."""
    statement = select(Person)
    if caller.sees_everything and caller.can(Permission.people_read):
        return statement
    conditions: list[ColumnElement[bool]] = []
    if caller.is_dept_head and caller.department_scope:
        conditions.append(Person.department_id.in_(caller.department_scope))
    if caller.person_id is not None:
        conditions.append(Person.id == caller.person_id)
    for extension in PEOPLE_SCOPE_EXTENSIONS:
        condition = extension(caller)
        if condition is not None:
            conditions.append(condition)
    return statement.where(or_(*conditions)) if conditions else statement.where(false())


# Functions (caller) -> SQL condition on Person, registered by later domains (results).
PEOPLE_SCOPE_EXTENSIONS: list[Callable[[Caller], ColumnElement[bool] | None]] = []


def contacts_visible(caller: Caller) -> bool:
    """Whether ``caller`` sees people's email and phone unmasked (HR, admin, clients); others
    see them masked — and may not search by them either."""
    return caller.sees_everything


def search_people(caller: Caller, statement: Select[Person], q: str | None) -> Select[Person]:
    """Name or employee number; email and phone only for callers who see them unmasked (a
    substring search would rebuild a masked address one character at a time)."""
    if not q:
        return statement
    like = f"%{q.strip()}%"
    fields = [Person.name, Person.employee_no]
    if contacts_visible(caller):
        fields += [Person.email, Person.phone]
    return statement.where(or_(*(f.ilike(like) for f in fields)))


def search_org(statement: Select[M], model: type[M], q: str | None) -> Select[M]:
    if not q:
        return statement
    like = f"%{q.strip()}%"
    return statement.where(or_(model.code.ilike(like), model.name.ilike(like)))
