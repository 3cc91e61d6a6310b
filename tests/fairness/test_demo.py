"""The demo's attributes: every person has some, 销售代表 shows a flagged ratio, a second seed
changes nothing, and the auditor account exists."""

from __future__ import annotations

from sqlalchemy import func, select

from conftest import App
from scorebridge.demo import DEMO_PASSWORD
from scorebridge.fairness.demo import AUDITOR, seed_demo_attributes
from scorebridge.fairness.models import PersonAttributes
from scorebridge.imports.demo import HISTORY_PEOPLE, seed_demo_history
from scorebridge.organisation.models import Position


async def test_demo_shows_a_flagged_position_and_is_idempotent(app: App) -> None:
    async with app.db.unit_of_work() as session:
        await seed_demo_history(session, app.db, app.settings)
    async with app.db.unit_of_work() as session:
        await seed_demo_attributes(session, app.db, app.settings)
    async with app.db.unit_of_work() as session:
        first = {
            r.person_id: (r.gender, r.birth_year, r.updated_at)
            for r in (await session.scalars(select(PersonAttributes))).all()
        }
        position_id = await session.scalar(select(Position.id).where(Position.code == "sales-rep"))
    assert len(first) == HISTORY_PEOPLE
    async with app.db.unit_of_work() as session:
        await seed_demo_attributes(session, app.db, app.settings)
    async with app.db.unit_of_work() as session:
        again = {
            r.person_id: (r.gender, r.birth_year, r.updated_at)
            for r in (await session.scalars(select(PersonAttributes))).all()
        }
        auditors = await session.scalar(select(func.count()).select_from(PersonAttributes))
    assert again == first
    assert auditors == HISTORY_PEOPLE

    auditor = await app.login(AUDITOR[0], DEMO_PASSWORD)
    body = (
        await app.client.get(
            "/api/v1/analytics/adverse-impact",
            params={"position_id": str(position_id), "attribute": "gender", "basis": "median"},
            headers=auditor,
        )
    ).json()
    assert body["flagged"]
    assert body["fisher_p"] < 0.05
    female = next(g for g in body["groups"] if g["key"] == "female")
    assert female["flag"]
    assert female["impact_ratio"] < 0.5
