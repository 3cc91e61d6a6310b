"""Interview standards per position (HR), suggested weights (analytics) and position fit."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import select

from scorebridge.audit import service as audit
from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.permissions import Permission
from scorebridge.kit.errors import Conflict, NotFound, responses
from scorebridge.kit.web import Session
from scorebridge.organisation.models import Person, Position
from scorebridge.results.schemas import OrgRef
from scorebridge.standards import fit, repository, service, simulation, tasks, weights
from scorebridge.standards.models import ApplicationStatus, PositionStandard, StandardApplication
from scorebridge.standards.schemas import (
    ApplicationOut,
    CrossValidatedR,
    DimensionChoice,
    PositionFit,
    Simulation,
    SimulationIn,
    StandardIn,
    StandardOut,
    StandardVersions,
    StandardView,
    SuggestedWeights,
)

router = APIRouter(tags=["standards"])

Manager = Annotated[Caller, Depends(requires(Permission.standards_manage))]
Analyst = Annotated[Caller, Depends(requires(Permission.analytics_read))]
FitReader = Annotated[Caller, Depends(requires(Permission.fit_read))]

RULES = (
    "\n\n**Rules.** `weighted_total` = Σ w·normalized / Σ w over the weighted dimensions the "
    "result has (a result with none of them is judged on its normalised total); it passes when "
    "`weighted_total ≥ pass_line` and each dimension with a minimum that it has reaches the "
    'minimum. `failed_rules` lists `"pass_line"` and `"minimum:<code>"`. The vendor\'s scores '
    "never change."
)
BAD_INPUT = (
    "\n\n**422** names the field: a negative or non-numeric weight, all weights 0, a code never "
    "seen on a result (`weights.<code>`, `minimums.<code>`), a pass line or minimum outside "
    "0–100."
)


async def _position(session: Session, position_id: uuid.UUID) -> Position:
    position = await session.get(Position, position_id)
    if position is None:
        raise NotFound(f"No position with id {position_id}")
    return position


def _out(row: PositionStandard) -> StandardOut:
    return StandardOut(
        id=row.id,
        position_id=row.position_id,
        version=row.version,
        weights=dict(row.weights),
        pass_line=row.pass_line,
        minimums=dict(row.minimums or {}),
        note=row.note,
        created_at=row.created_at,
        created_by=row.created_by,
        created_by_name=row.created_by_name,
    )


def _application(row: StandardApplication) -> ApplicationOut:
    return ApplicationOut.model_validate(row, from_attributes=True)


@router.get(
    "/positions/{position_id}/standard",
    operation_id="getPositionStandard",
    summary="The position's current standard and the dimension codes a standard may name",
    responses=responses(401, 403, 404, 422),
)
async def get_standard(caller: Manager, session: Session, position_id: uuid.UUID) -> StandardView:
    position = await _position(session, position_id)
    standard = await repository.current(session, position_id)
    codes = await repository.dimension_codes(session)
    return StandardView(
        position=OrgRef(id=position.id, code=position.code, name=position.name),
        standard=_out(standard) if standard else None,
        dimensions=[DimensionChoice(code=c, name=n) for c, n in sorted(codes.items())],
    )


@router.put(
    "/positions/{position_id}/standard",
    operation_id="savePositionStandard",
    summary="Save a new version of the position's standard",
    description="Each save is a new version (`version`, `created_at`, `created_by`), audited as "
    "`standard.saved` with what changed. Results arriving from now on are evaluated under it; "
    "`POST …/standard/apply` re-evaluates earlier ones." + RULES + BAD_INPUT,
    responses=responses(401, 403, 404, 422),
)
async def put_standard(
    caller: Manager, session: Session, position_id: uuid.UUID, data: StandardIn
) -> StandardOut:
    await _position(session, position_id)
    return _out(await service.save(session, caller, position_id, data))


@router.get(
    "/positions/{position_id}/standards",
    operation_id="listPositionStandards",
    summary="Every version of the position's standard, newest first",
    responses=responses(401, 403, 404, 422),
)
async def list_standards(
    caller: Manager, session: Session, position_id: uuid.UUID
) -> StandardVersions:
    await _position(session, position_id)
    rows = await repository.versions(session, position_id)
    return StandardVersions(items=[_out(r) for r in rows])


@router.post(
    "/positions/{position_id}/standard/apply",
    operation_id="applyPositionStandard",
    summary="Re-evaluate the position's earlier results under its current standard",
    description="A background job; poll `GET …/standard/applications/{id}` for `processed` of "
    "`total`. While one is pending or running for the position, that one is answered. "
    "Audited as `standard.applied`. 409 when the position has no standard.",
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(401, 403, 404, 409, 422),
)
async def apply_standard(
    caller: Manager, session: Session, position_id: uuid.UUID
) -> ApplicationOut:
    await _position(session, position_id)
    standard = await repository.current(session, position_id)
    if standard is None:
        raise Conflict("The position has no standard to apply; save one first")
    running = await session.scalar(
        select(StandardApplication).where(
            StandardApplication.position_id == position_id,
            StandardApplication.status.in_(ApplicationStatus.active),
        )
    )
    if running is not None:
        return _application(running)
    application = StandardApplication(
        id=uuid.uuid4(),
        position_id=position_id,
        version=standard.version,
        status=ApplicationStatus.pending,
        total=0,
        processed=0,
        created_by=caller.id if caller.kind == "user" else None,
    )
    session.add(application)
    await session.flush()
    audit.record(
        session,
        caller,
        "standard.applied",
        target_type="position",
        target_id=position_id,
        detail={"version": standard.version, "application_id": str(application.id)},
    )
    tasks.queue_apply(session, application.id)
    return _application(application)


@router.get(
    "/positions/{position_id}/standard/applications/{application_id}",
    operation_id="getStandardApplication",
    summary="Progress of a re-evaluation",
    responses=responses(401, 403, 404, 422),
)
async def get_application(
    caller: Manager, session: Session, position_id: uuid.UUID, application_id: uuid.UUID
) -> ApplicationOut:
    row = await session.get(StandardApplication, application_id)
    if row is None or row.position_id != position_id:
        raise NotFound(f"No application with id {application_id}")
    return _application(row)


@router.post(
    "/positions/{position_id}/standard/simulate",
    operation_id="simulatePositionStandard",
    summary="What-if: the draft against the current standard over the position's results",
    description="Over the position's results (every status) interviewed in "
    "[`interviewed_from`, `interviewed_to`) when given: pass rate now and under the draft, "
    "how many flip each way and the first 20 of each (who), per department, and with "
    "`outcome` (a performance metric) the mean outcome of those who would pass vs fail under "
    "the draft with Welch's unequal-variance t-test (each person once, by their latest "
    "result; n ≥ 10 in each group). Nothing is saved." + RULES + BAD_INPUT,
    responses=responses(401, 403, 404, 422),
)
async def simulate_standard(
    caller: Manager, session: Session, position_id: uuid.UUID, data: SimulationIn
) -> Simulation:
    await _position(session, position_id)
    draft = await service.check(session, data.draft, ["body", "draft"])
    standard = await repository.current(session, position_id)
    await simulation.tune(session)
    window = simulation.Window(data.interviewed_from, data.interviewed_to)
    return await simulation.simulate(
        session,
        position_id,
        repository.rules_of(standard) if standard else None,
        draft,
        window,
        data.outcome,
    )


@router.get(
    "/analytics/weights",
    operation_id="suggestStandardWeights",
    summary="Dimension weights suggested by the data, with cross-validated r",
    description="Per person with the `outcome` metric (their mean over all periods): the "
    "dimensions of their latest confirmed result of the position in the caller's scope. "
    "Dimensions that at least 80% of them have are fitted; people lacking one are left out. "
    "**Method: non-negative least squares** (`scipy.optimize.nnls` on centred data, i.e. "
    "outcome ≈ a + Σ w·score with every w ≥ 0; weights scaled to sum to 1). NNLS rather than "
    "ridge clipped at 0: a standard's weights must be ≥ 0, and NNLS is the best fit under "
    "that constraint, while clipping ridge's negative coefficients leaves the others fitted "
    "for another model; NNLS has no penalty to tune (small samples cannot afford a nested "
    "cross-validation for ridge's λ) and gives a useless dimension exactly 0. "
    "`cv_r`: Pearson r between the outcome and out-of-fold predictions of weights fitted on "
    "the other folds (`folds`-fold, seeded shuffle), for the suggestion; the current and "
    "equal weights are fixed (nothing is fitted), so theirs is the plain r of their weighted "
    "composite on the same people. Only with n ≥ 30 (else `enough_data` false). Read the "
    "`caveat`: hired people are a range-restricted sample.",
    responses=responses(401, 403, 404, 422),
)
async def suggest_weights(
    caller: Analyst,
    session: Session,
    position_id: uuid.UUID,
    outcome: Annotated[str, Query(min_length=1, max_length=64)],
) -> SuggestedWeights:
    await _position(session, position_id)
    standard = await repository.current(session, position_id)
    x, y, codes = await weights.training_data(session, caller, position_id, outcome)
    fitted = weights.suggest(x, y, codes, dict(standard.weights) if standard else None)
    return SuggestedWeights(
        position_id=position_id,
        outcome=outcome,
        n=fitted.n,
        dimensions=fitted.codes,
        suggested=fitted.suggested,
        cv_r=CrossValidatedR(
            suggested=fitted.r_suggested, current=fitted.r_current, equal=fitted.r_equal
        ),
        folds=weights.FOLDS,
        method=weights.METHOD,
        enough_data=fitted.n >= weights.MIN_PEOPLE,
        message=fitted.message,
        caveat=weights.CAVEAT,
    )


@router.get(
    "/people/{person_id}/fit",
    operation_id="getPersonFit",
    summary="Positions ranked by how well the person fits their standards (适合岗位)",
    description="The person's latest score of each dimension (in the caller's scope) under "
    "every position's current standard: passing positions first, then by weighted total; "
    "`weakest` names the dimensions holding the person back most (below a minimum first, "
    "then by weight × distance below the pass line). HR and admin: anyone; department heads: "
    "people of their departments or with a result there (else 404); other roles 403. Audited "
    "as `person.fit_read`." + RULES,
    responses=responses(401, 403, 404, 422),
)
async def get_fit(caller: FitReader, session: Session, person_id: uuid.UUID) -> list[PositionFit]:
    found = await session.scalar(
        select(Person.id).where(Person.id == person_id, fit.people_in_scope(caller))
    )
    if found is None:
        raise NotFound(f"No person with id {person_id}")
    ranked = await fit.fit(session, caller, person_id)
    audit.record(
        session,
        caller,
        "person.fit_read",
        subject_person_id=person_id,
        target_type="person",
        target_id=person_id,
    )
    return ranked
