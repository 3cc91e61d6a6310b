from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit.errors import NotFound, responses
from scorebridge.kit.web import Session
from scorebridge.organisation.models import Person
from scorebridge.organisation.repository import people_readable_by
from scorebridge.talent.schemas import TalentProfile
from scorebridge.talent.service import build_profile

router = APIRouter(tags=["talent"])

ProfileReader = Annotated[
    Caller, Depends(requires(Permission.people_read, Permission.results_read))
]


@router.get(
    "/people/{person_id}/profile",
    operation_id="getTalentProfile",
    summary="The talent profile (人才档案): confirmed results, trends, performance, training",
    description="Audited as `profile.read`. Results are those the caller may read.",
    responses=responses(401, 403, 404, 422),
)
async def get_profile(
    caller: ProfileReader, session: Session, person_id: uuid.UUID
) -> TalentProfile:
    person = await session.scalar(people_readable_by(caller).where(Person.id == person_id))
    if person is None:
        raise NotFound(f"No person with id {person_id}")
    profile = await build_profile(session, caller, person)
    if caller.person_id != person.id:
        audit.record(
            session,
            caller,
            "profile.read",
            subject_person_id=person.id,
            target_type="person",
            target_id=person.id,
            detail={"results": len(profile.results)},
        )
    return profile
