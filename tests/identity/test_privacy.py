"""Linked identities in the privacy features: the copy of my data lists them, erasure removes
them, and the records of processing name each provider."""

from __future__ import annotations

from sqlalchemy import func, select

from conftest import App
from identity.support import (
    Idp,
    configure,
    finish,
    sign_in_at_provider,
    signed_in_as,
    start,
)
from scorebridge.identity.models import IdentityLink
from vendor_support import admin


async def test_identities_in_my_data_erasure_and_records(app: App, idp: Idp) -> None:
    headers = await admin(app)
    await configure(app, headers, idp.issuer)
    person = await app.client.post(
        "/api/v1/people",
        json={"name": "张伟", "employee_no": "E2001", "email": "zhang.wei@corp.example"},
        headers=headers,
    )
    await finish(app, await sign_in_at_provider(await start(app), "zhangwei"))
    await signed_in_as(app)
    token = await app.client.post(
        "/api/v1/auth/token",
        data={"grant_type": "refresh_token"},
        headers={"X-Requested-With": "ScoreBridge"},
    )
    mine = {"Authorization": f"Bearer {token.json()['access_token']}"}
    notice = await app.client.get("/api/v1/privacy-notice", headers=mine)
    if notice.status_code == 200 and notice.json().get("version"):
        await app.client.post(
            "/api/v1/me/privacy-notice/ack",
            json={"version": notice.json()["version"]},
            headers=mine,
        )
    data = await app.client.get("/api/v1/me/data", headers=mine)
    assert data.status_code == 200, data.text
    [identity] = data.json()["identities"]
    assert identity["provider"] == "oidc"
    assert identity["issuer"] == idp.issuer

    records = await app.client.get("/api/v1/processing-records", headers=headers)
    [record] = [r for r in records.json()["items"] if r["kind"] == "identity_provider"]
    assert record["key"] == "oidc"
    assert record["counts_90d"] == {"sign_ins": 1, "links": 1}
    assert record["recipients"] == ["OpenID Provider 127.0.0.1"]

    erased = await app.client.post(f"/api/v1/people/{person.json()['id']}/erase", headers=headers)
    assert erased.status_code == 200, erased.text
    async with app.db.unit_of_work() as session:
        assert await session.scalar(select(func.count()).select_from(IdentityLink)) == 0
