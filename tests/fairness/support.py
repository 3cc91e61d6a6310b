"""Seeding people with sensitive attributes and results whose selection is known."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from conftest import App
from scorebridge.fairness.models import PersonAttributes
from scorebridge.imports.writing import import_vendor
from scorebridge.intake.models import Vendor
from scorebridge.organisation.models import Batch, Person, Position
from scorebridge.results.models import InterviewResult, ResultDimension

WHEN = datetime(2025, 6, 10, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Candidate:
    gender: str | None
    score: float
    birth_year: int | None = None
    at: datetime = WHEN
    status: str = "confirmed"


async def position(app: App, code: str = "rep", name: str = "销售代表") -> uuid.UUID:
    async with app.db.unit_of_work() as session:
        row = Position(id=uuid.uuid4(), code=code, name=name)
        session.add(row)
        return row.id


async def vendor(app: App, slug: str = "import") -> uuid.UUID:
    async with app.db.unit_of_work() as session:
        if slug == "import":
            return await import_vendor(session)
        row = Vendor(
            id=uuid.uuid4(),
            slug=slug,
            name=f"供应商 {slug}",
            signing_scheme="standard-webhooks",
            secret="whsec_" + uuid.uuid4().hex,
        )
        session.add(row)
        return row.id


async def batch(app: App, position_id: uuid.UUID, code: str = "spring") -> uuid.UUID:
    async with app.db.unit_of_work() as session:
        row = Batch(id=uuid.uuid4(), code=code, name=code, position_id=position_id)
        session.add(row)
        return row.id


def result(
    person_id: uuid.UUID,
    vendor_id: uuid.UUID,
    position_id: uuid.UUID | None,
    score: float,
    at: datetime,
    *,
    status: str = "confirmed",
    batch_id: uuid.UUID | None = None,
    dimensions: dict[str, float] | None = None,
) -> list[InterviewResult | ResultDimension]:
    row = InterviewResult(
        id=uuid.uuid4(),
        vendor_id=vendor_id,
        interview_id=f"t-{uuid.uuid4().hex}",
        person_id=person_id,
        position_id=position_id,
        batch_id=batch_id,
        interviewed_at=at,
        total_score=score,
        max_score=100,
        normalized_total=score,
        suggestions=[],
        flags=[],
        status=status,
        published=status == "confirmed",
    )
    dims: list[InterviewResult | ResultDimension] = [
        ResultDimension(
            result_id=row.id, position=i, code=code, name=code, score=v, max_score=100,
            normalized=v,
        )
        for i, (code, v) in enumerate((dimensions or {}).items())
    ]  # fmt: skip
    return [row, *dims]


async def candidates(
    app: App,
    position_id: uuid.UUID,
    people: list[Candidate],
    *,
    vendor_id: uuid.UUID | None = None,
    batch_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """One person and one result each; returns the people's ids."""
    vendor_id = vendor_id or await vendor(app)
    ids = []
    async with app.db.unit_of_work() as session:
        for c in people:
            person = Person(id=uuid.uuid4(), name=f"候选人{uuid.uuid4().hex[:6]}")
            session.add(person)
            await session.flush()
            if c.gender is not None or c.birth_year is not None:
                session.add(
                    PersonAttributes(person_id=person.id, gender=c.gender, birth_year=c.birth_year)
                )
            session.add_all(
                result(
                    person.id, vendor_id, position_id, c.score, c.at, status=c.status,
                    batch_id=batch_id,
                )
            )  # fmt: skip
            ids.append(person.id)
    return ids


def group(
    gender: str | None, selected: int, rejected: int, *, cut: float = 70.0
) -> list[Candidate]:
    """``selected`` people scoring at the cut (selected, since ≥) and ``rejected`` below it."""
    return [Candidate(gender, cut) for _ in range(selected)] + [
        Candidate(gender, cut - 10 - i % 7) for i in range(rejected)
    ]


async def client_headers(app: App, scopes: list[str]) -> dict[str, str]:
    """An integration client holding ``scopes``, signed in."""
    from scorebridge.auth import service as auth_service
    from scorebridge.auth.permissions import Permission
    from scorebridge.auth.schemas import ClientCreate

    creator = await app.create_user(["admin"])
    async with app.db.unit_of_work() as session:
        created = await auth_service.create_client(
            session,
            ClientCreate(name=f"BI {uuid.uuid4().hex[:6]}", scopes=[Permission(s) for s in scopes]),
            creator,
        )
    token = await app.client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": created.client_id,
            "client_secret": created.client_secret,
        },
    )
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}
