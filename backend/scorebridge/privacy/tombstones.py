"""Tombstones: keyed hashes of an erased person's identifiers.

Intake's candidate matching asks :func:`erased_people` first: a vendor message naming an erased
person's employee number, email or vendor id is matched to the anonymous person (its scores
still count in analytics) and no identity is created again. Only HMAC-SHA256 digests under a
key derived from ``SCOREBRIDGE_SECRET_KEY`` are kept (see ``kit/sealing.py``: digests made
under a previous key still match while it is listed in ``SCOREBRIDGE_PREVIOUS_SECRET_KEYS``).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.kit.sealing import sealer
from scorebridge.privacy.models import ErasureTombstone


class Identified(Protocol):
    """What a vendor's candidate carries (``intake.schemas.Candidate``)."""

    employee_no: str | None
    email: str | None
    external_id: str | None


def identifiers(
    vendor_id: uuid.UUID | None,
    *,
    employee_no: str | None = None,
    email: str | None = None,
    external_id: str | None = None,
) -> list[tuple[str, str]]:
    """``(kind, normalised value)`` pairs, as matching compares them."""
    found: list[tuple[str, str]] = []
    if employee_no and employee_no.strip():
        found.append(("employee_no", employee_no.strip()))
    if email and email.strip():
        found.append(("email", email.strip().lower()))
    if external_id and vendor_id is not None:
        found.append(("external_id", f"{vendor_id}:{external_id}"))
    return found


def _digests(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """digest → kind, for every key (current and previous)."""
    return {d: kind for kind, value in pairs for d in sealer().fingerprints(f"{kind}:{value}")}


def digests_of(vendor_id: uuid.UUID, candidate: Identified) -> list[str]:
    """The digests (under every key) of the identifiers a vendor's candidate carries."""
    pairs = identifiers(
        vendor_id,
        employee_no=candidate.employee_no,
        email=candidate.email,
        external_id=candidate.external_id,
    )
    return list(_digests(pairs))


async def erased_people(session: AsyncSession, digests: Collection[str]) -> dict[str, uuid.UUID]:
    """digest → erased person, for those of ``digests`` that name one (the intake hook: one
    query for a batch of candidates; see :func:`digests_of`)."""
    if not digests:
        return {}
    rows = await session.execute(
        select(ErasureTombstone.digest, ErasureTombstone.person_id).where(
            ErasureTombstone.digest.in_(list(digests))
        )
    )
    return {digest: person_id for digest, person_id in rows}


async def bury(session: AsyncSession, person_id: uuid.UUID, pairs: list[tuple[str, str]]) -> int:
    """Store the current key's digest of each identifier (once); returns how many are new."""
    wanted = {sealer().fingerprints(f"{kind}:{value}")[0]: kind for kind, value in pairs}
    if not wanted:
        return 0
    known = set(
        (
            await session.scalars(
                select(ErasureTombstone.digest).where(ErasureTombstone.digest.in_(list(wanted)))
            )
        ).all()
    )
    for digest, kind in wanted.items():
        if digest not in known:
            session.add(ErasureTombstone(digest=digest, kind=kind, person_id=person_id))
    await session.flush()
    return len(wanted) - len(known)
