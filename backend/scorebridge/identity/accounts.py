"""Who a provider's account is in ScoreBridge: its stored link, else a match on the person's
employee number, mobile or verified email (as the provider vouches for them), then the link is
stored. A matched person without an account gets an ``employee`` account unless the provider
says ``provision: false``. An unverified email never links."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.audit import service as audit
from scorebridge.auth.models import User, UserRole
from scorebridge.auth.permissions import Role
from scorebridge.identity.models import IdentityLink
from scorebridge.identity.refusals import SignInRefused
from scorebridge.kit.db import utcnow
from scorebridge.organisation.models import Person


@dataclass(frozen=True)
class ProviderAccount:
    """What a provider told about the person signing in."""

    provider: str
    issuer: str
    subject: str
    employee_no: str | None = None
    verified_emails: tuple[str, ...] = ()
    unverified_email: bool = False
    mobile: str | None = None


def _mobiles(mobile: str) -> list[str]:
    """The spellings a Chinese mobile number may be stored in."""
    digits = re.sub(r"\D", "", mobile)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not digits:
        return []
    return [digits, f"+86{digits}", f"+86 {digits}", f"86{digits}"]


async def _one_person(session: AsyncSession, *where: object) -> Person | None:
    people = (await session.scalars(select(Person).where(*where).limit(2))).all()  # type: ignore[arg-type]
    if len(people) > 1:
        raise SignInRefused("sso_ambiguous", "more than one person matches the account")
    return people[0] if people else None


async def _match(session: AsyncSession, account: ProviderAccount) -> User | Person:
    if account.employee_no:
        person = await _one_person(session, Person.employee_no == account.employee_no)
        if person:
            return person
    if account.mobile and (spellings := _mobiles(account.mobile)):
        person = await _one_person(session, Person.phone.in_(spellings))
        if person:
            return person
    for email in account.verified_emails:
        email = email.strip().lower()
        user = await session.scalar(select(User).where(User.email == email))
        if user is not None:
            return user
        person = await _one_person(session, func.lower(Person.email) == email)
        if person:
            return person
    if account.unverified_email and not account.employee_no and not account.mobile:
        raise SignInRefused(
            "sso_unverified_email", "the provider did not verify the account's email"
        )
    raise SignInRefused("sso_unknown_person", "no person matches the account")


async def _account_of(session: AsyncSession, person: Person, provision: bool) -> User:
    users = (
        await session.scalars(
            select(User).where(User.person_id == person.id).order_by(User.created_at)
        )
    ).all()
    active = [u for u in users if u.is_active]
    if active:
        return active[0]
    if users:
        raise SignInRefused("sso_account_disabled", "the person's account is disabled")
    if not provision:
        raise SignInRefused("sso_no_account", "the person has no account (provision is off)")
    email = (person.email or "").strip().lower()
    if not email or await session.scalar(select(User.id).where(User.email == email)):
        email = f"sso-{uuid.uuid4().hex[:16]}@users.invalid"
    user = User(email=email, name=person.name, password_hash=None, person_id=person.id)
    session.add(user)
    await session.flush()
    session.add(UserRole(user_id=user.id, role=str(Role.employee)))
    audit.record(
        session,
        None,
        "user.provisioned",
        subject_person_id=person.id,
        target_type="user",
        target_id=user.id,
        detail={"roles": [str(Role.employee)], "by": "sso"},
    )
    return user


async def resolve(session: AsyncSession, account: ProviderAccount, *, provision: bool) -> User:
    """The active user ``account`` signs in as (linking it the first time)."""
    link = await session.scalar(
        select(IdentityLink).where(
            IdentityLink.provider == account.provider,
            IdentityLink.issuer == account.issuer,
            IdentityLink.subject == account.subject,
        )
    )
    if link is not None:
        user = await session.get(User, link.user_id)
        if user is None or not user.is_active:
            raise SignInRefused("sso_account_disabled", "the linked account is disabled")
        link.last_used_at = utcnow()
        return user
    found = await _match(session, account)
    user = found if isinstance(found, User) else await _account_of(session, found, provision)
    if not user.is_active:
        raise SignInRefused("sso_account_disabled", "the matching account is disabled")
    session.add(
        IdentityLink(
            provider=account.provider,
            issuer=account.issuer,
            subject=account.subject,
            user_id=user.id,
            last_used_at=utcnow(),
        )
    )
    await session.flush()
    audit.record(
        session,
        None,
        "identity.linked",
        subject_person_id=user.person_id,
        actor_id=user.id,
        actor_name=user.email,
        target_type="user",
        target_id=user.id,
        detail={"provider": account.provider, "issuer": account.issuer},
    )
    return user


async def linked_subject(session: AsyncSession, person_id: uuid.UUID, provider: str) -> str | None:
    """The person's account at ``provider`` (a WeCom or DingTalk userid) as their last sign-in
    linked it, if any: where personal messages to them go."""
    return await session.scalar(
        select(IdentityLink.subject)
        .join(User, User.id == IdentityLink.user_id)
        .where(User.person_id == person_id, IdentityLink.provider == provider)
        .order_by(IdentityLink.last_used_at.desc().nulls_last(), IdentityLink.created_at.desc())
        .limit(1)
    )
