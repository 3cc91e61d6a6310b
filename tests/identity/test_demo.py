"""``seed-demo --with-sso-emulator``: the seeded WeCom provider is the emulator's, and a sign-in
through the emulator lands as the demo employee."""

from __future__ import annotations

import httpx

from conftest import App
from enterprise_emulator import AGENT_ID, CORP_ID, CORP_SECRET, Served
from identity.support import finish, refused_with, signed_in_as
from scorebridge.identity import demo
from vendor_support import admin


async def test_the_seeded_provider_signs_in_through_the_emulator(
    app: App, enterprise_emulator: Served
) -> None:
    assert (demo.EMULATED_WECOM["corp_id"], demo.EMULATED_WECOM["agent_id"]) == (
        CORP_ID,
        str(AGENT_ID),
    )
    assert demo.EMULATED_WECOM_SECRET == CORP_SECRET
    person = await app.client.post(
        "/api/v1/people",
        json={"name": "张伟", "employee_no": "E1001", "email": demo.DEMO_EMPLOYEE},
        headers=await admin(app),
    )
    assert person.status_code == 201
    async with app.db.unit_of_work() as session:
        await demo.seed_emulated_wecom(session, enterprise_emulator.base)
    enterprise_emulator.emulator.add_member("E1001", "张伟")
    enterprise_emulator.emulator.signed_in = "E1001"
    providers = (await app.client.get("/api/v1/auth/providers")).json()
    assert [p["kind"] for p in providers] == ["wecom"]
    started = await app.client.get(providers[0]["start_url"])
    async with httpx.AsyncClient() as browser:
        back = await browser.get(started.headers["location"])
    assert refused_with(await finish(app, back.headers["location"])) is None
    assert (await signed_in_as(app))["name"] == "张伟"
