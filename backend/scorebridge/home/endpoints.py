from __future__ import annotations

from fastapi import APIRouter

from scorebridge.auth.dependencies import Authenticated
from scorebridge.home import service
from scorebridge.home.schemas import HomeSummary
from scorebridge.kit.errors import responses
from scorebridge.kit.web import Session

router = APIRouter(tags=["home"])


@router.get(
    "/me/home",
    operation_id="getMyHome",
    summary="What needs me now: the home page's counts for my role, in my scope",
    description="Pending reviews and new results this week (results I may read), open and "
    "overdue feedback (HR: all; department head: on their departments' results), open and "
    "overdue privacy requests (HR), failed vendor deliveries and outbound webhook messages "
    "(admin). A count that is not the caller's concern is null.",
    responses=responses(401),
)
async def get_my_home(caller: Authenticated, session: Session) -> HomeSummary:
    return await service.summary(session, caller)
