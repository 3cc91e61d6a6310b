"""Users, their grants and integration clients."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth import password_policy
from scorebridge.auth.models import IntegrationClient, User, UserDepartment, UserRole
from scorebridge.auth.permissions import Role
from scorebridge.auth.repository import grants_of
from scorebridge.auth.schemas import (
    ClientCreate,
    ClientCreated,
    ClientOut,
    ClientUpdate,
    Grants,
    UserCreate,
    UserOut,
    UserUpdate,
)
from scorebridge.kit.errors import Conflict, InvalidInput
from scorebridge.kit.security import fingerprint, hash_password_bounded, new_secret
from scorebridge.organisation.models import Department, Person


async def render_users(session: AsyncSession, users: list[User]) -> list[UserOut]:
    grants = await grants_of(session, [u.id for u in users])
    return [
        UserOut(
            id=u.id,
            email=u.email,
            name=u.name,
            roles=[Role(r) for r in grants[u.id][0]],
            department_ids=grants[u.id][1],
            person_id=u.person_id,
            is_active=u.is_active,
            locale=u.locale,
            created_at=u.created_at,
        )
        for u in users
    ]


async def _check_grants(session: AsyncSession, department_ids: list[uuid.UUID]) -> None:
    if not department_ids:
        return
    found = set(
        (
            await session.scalars(select(Department.id).where(Department.id.in_(department_ids)))
        ).all()
    )
    for index, department_id in enumerate(department_ids):
        if department_id not in found:
            raise InvalidInput(
                ["body", "department_ids", index], f"No department with id {department_id}"
            )


async def _check_person(session: AsyncSession, person_id: uuid.UUID | None) -> None:
    if person_id is not None and await session.get(Person, person_id) is None:
        raise InvalidInput(["body", "person_id"], f"No person with id {person_id}")


async def set_grants(session: AsyncSession, user: User, grants: Grants) -> None:
    await _check_grants(session, grants.department_ids)
    await session.execute(delete(UserRole).where(UserRole.user_id == user.id))
    await session.execute(delete(UserDepartment).where(UserDepartment.user_id == user.id))
    session.add_all(UserRole(user_id=user.id, role=str(role)) for role in sorted(set(grants.roles)))
    session.add_all(
        UserDepartment(user_id=user.id, department_id=d)
        for d in dict.fromkeys(grants.department_ids)
    )
    await session.flush()


async def create_user(
    session: AsyncSession, data: UserCreate, *, locale: str | None = None
) -> User:
    """A new user. ``locale``: the language of the answer when the password is refused."""
    email = data.email.lower()
    password_policy.check(data.password, email=email, name=data.name, locale=locale)
    password_hash = await hash_password_bounded(data.password)  # before touching the database
    if await session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"A user with email {email} already exists", field="email")
    await _check_person(session, data.person_id)
    user = User(
        email=email,
        name=data.name,
        password_hash=password_hash,
        person_id=data.person_id,
        locale=data.locale,
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(f"A user with email {email} already exists", field="email") from None
    await set_grants(session, user, Grants(roles=data.roles, department_ids=data.department_ids))
    return user


async def update_user(
    session: AsyncSession, user: User, data: UserUpdate, *, locale: str | None = None
) -> User:
    values = data.model_dump(exclude_unset=True)
    if data.password:
        password_policy.check(
            data.password, email=user.email, name=data.name or user.name, locale=locale
        )
    if "person_id" in values:
        await _check_person(session, values["person_id"])
    for field in ("name", "is_active", "locale", "person_id"):
        if field in values and (values[field] is not None or field == "person_id"):
            setattr(user, field, values[field])
    if data.password:
        user.password_hash = await hash_password_bounded(data.password)
    await session.flush()
    return user


async def create_client(
    session: AsyncSession, data: ClientCreate, creator: uuid.UUID
) -> ClientCreated:
    secret = new_secret("sbcs_")
    client = IntegrationClient(
        client_id=new_secret("sbc_", 12),
        name=data.name,
        secret_hash=fingerprint(secret),
        scopes=sorted({str(s) for s in data.scopes}),
        created_by=creator,
    )
    session.add(client)
    await session.flush()
    return ClientCreated(**ClientOut.model_validate(client).model_dump(), client_secret=secret)


async def update_client(
    session: AsyncSession, client: IntegrationClient, data: ClientUpdate
) -> None:
    if data.name is not None:
        client.name = data.name
    if data.scopes is not None:
        client.scopes = sorted({str(s) for s in data.scopes})
    if data.is_active is not None:
        client.is_active = data.is_active
    await session.flush()
