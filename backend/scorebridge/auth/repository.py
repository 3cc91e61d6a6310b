"""Users and integration clients as the caller may read them (admins only)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.auth.models import IntegrationClient, User, UserDepartment, UserRole
from scorebridge.auth.permissions import Permission


def users_readable_by(caller: Caller) -> Select[User]:
    statement = select(User)
    if not caller.can(Permission.users_manage):
        statement = statement.where(false())
    return statement


def clients_readable_by(caller: Caller) -> Select[IntegrationClient]:
    statement = select(IntegrationClient)
    if not caller.can(Permission.clients_manage):
        statement = statement.where(false())
    return statement


def search_users(statement: Select[User], q: str | None) -> Select[User]:
    if not q:
        return statement
    like = f"%{q.strip()}%"
    return statement.where(or_(User.email.ilike(like), User.name.ilike(like)))


async def grants_of(
    session: AsyncSession, user_ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[list[str], list[uuid.UUID]]]:
    """Roles and departments of many users in two queries."""
    roles: dict[uuid.UUID, list[str]] = defaultdict(list)
    departments: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if user_ids:
        for user_id, role in await session.execute(
            select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(user_ids))
        ):
            roles[user_id].append(role)
        for user_id, department_id in await session.execute(
            select(UserDepartment.user_id, UserDepartment.department_id).where(
                UserDepartment.user_id.in_(user_ids)
            )
        ):
            departments[user_id].append(department_id)
    return {uid: (sorted(roles[uid]), departments[uid]) for uid in user_ids}
