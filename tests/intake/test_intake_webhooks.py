"""The vendor callback: every refusal, duplicates, and the 202 path through processing."""

from __future__ import annotations

import json
import time
import uuid

from conftest import App
from scorebridge.intake import signing
from vendor_support import (
    SECRET,
    admin,
    create_vendor,
    deliveries,
    envelope,
    results,
    send,
    signed,
    standard_data,
)


async def test_webhook_stored_then_processed(app: App) -> None:
    await create_vendor(app)
    response = await send(app, standard_data("v-123", interviewers=[]))
    assert response.status_code == 202, response.text
    delivery_id = response.json()["delivery_id"]
    await app.run_jobs()
    [delivery] = await deliveries(app)
    assert delivery["id"] == delivery_id
    assert delivery["status"] == "processed"
    assert delivery["attempts"] == 1
    [result] = await results(app)
    assert delivery["result_id"] == result["id"]
    assert result["interview_id"] == "v-123"
    assert result["status"] == "pending_review"
    assert result["published"] is False
    assert result["normalized_total"] == 82
    assert result["department"]["code"] == "sales"
    assert [d["code"] for d in result["dimensions"]] == ["communication", "logic"]


async def test_refusals(app: App) -> None:
    await create_vendor(app)
    body = envelope(standard_data())
    url = "/api/v1/webhooks/acme"

    async def status(headers: dict[str, str], content: bytes = body, to: str = url) -> int:
        return (await app.client.post(to, content=content, headers=headers)).status_code

    good = signed(body)
    assert await status({"content-type": "application/json"}) == 401  # no signature
    assert await status({**good, "webhook-signature": "garbage"}) == 401
    assert await status({**good, "webhook-signature": "v1,!!!not base64!!!"}) == 401
    assert await status({**good, "webhook-signature": "v1,"}) == 401
    assert await status({**good, "webhook-timestamp": "yesterday"}) == 401
    assert await status(signed(body, secret=signing.generate_secret("standard-webhooks"))) == 401
    assert await status(good, content=body + b" ") == 401  # body changed after signing
    assert await status(signed(body, timestamp=int(time.time()) - 301)) == 401
    assert await status(signed(body, timestamp=int(time.time()) + 301)) == 401
    assert await status(good, to="/api/v1/webhooks/nobody") == 404
    huge = b'{"data": "' + b"x" * (1024 * 1024) + b'"}'
    assert await status(signed(huge), content=huge) == 413

    async def streamed() -> object:  # no Content-Length: the streamed size is checked
        for _ in range(17):
            yield b"x" * 65536

    response = await app.client.post(url, content=streamed(), headers=signed(b"-"))
    assert response.status_code == 413
    refused = await app.client.post(url, headers={**good, "webhook-signature": "garbage"})
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert await deliveries(app) == []


async def test_repeated_webhook_id_is_one_delivery_and_one_result(app: App) -> None:
    await create_vendor(app)
    data = standard_data()
    first = await send(app, data, webhook_id="msg_same")
    second = await send(app, data, webhook_id="msg_same")
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    await app.run_jobs()
    third = await send(app, data, webhook_id="msg_same")
    assert third.json() == first.json()
    await app.run_jobs()
    assert len(await deliveries(app)) == 1
    [result] = await results(app)
    assert result["revision"] == 1


async def test_same_interview_from_another_webhook_id_is_idempotent(app: App) -> None:
    await create_vendor(app)
    data = standard_data()
    await send(app, data)
    await send(app, data)  # a different webhook-id, same content
    await app.run_jobs()
    notes = sorted(str(d["note"]) for d in await deliveries(app))
    assert notes == ["None", "unchanged"]
    assert len(await results(app)) == 1


async def test_hmac_sha256_scheme(app: App) -> None:
    secret = "hmac-secret-0123456789"
    await create_vendor(
        app,
        slug="legacy",
        signing={"scheme": "hmac-sha256", "header": "X-Hub-Signature", "secret": secret},
    )
    body = envelope(standard_data())
    url = "/api/v1/webhooks/legacy"
    headers = {"content-type": "application/json"}
    ok = await app.client.post(
        url, content=body, headers={**headers, "X-Hub-Signature": signing.sign_hmac(secret, body)}
    )
    assert ok.status_code == 202, ok.text
    again = await app.client.post(
        url, content=body, headers={**headers, "X-Hub-Signature": signing.sign_hmac(secret, body)}
    )
    assert again.json() == ok.json()  # no id header: the body's hash is the id
    for bad in ("garbage", "sha256=abc", signing.sign_hmac("wrong-secret-000000", body)):
        refused = await app.client.post(
            url, content=body, headers={**headers, "X-Hub-Signature": bad}
        )
        assert refused.status_code == 401, bad
    with_id = await app.client.post(
        url,
        content=body,
        headers={
            **headers,
            "X-Request-Id": "req-1",
            "X-Hub-Signature": signing.sign_hmac(secret, body),
        },
    )
    assert with_id.json() == ok.json()  # an unsigned id header does not make a new message
    await app.run_jobs()
    [delivery] = await deliveries(app, "legacy")
    assert delivery["webhook_id"] == signing.body_id(body)


async def test_secret_rotation_keeps_old_secret_for_the_overlap(app: App) -> None:
    created = await create_vendor(app, signing={"scheme": "standard-webhooks"})
    first = created["secret"]
    assert first.startswith("whsec_")
    listed = (await app.client.get("/api/v1/vendors", headers=await admin(app))).json()
    assert "secret" not in json.dumps(listed).replace("previous_expires_at", "")
    rotated = await app.client.post(
        "/api/v1/vendors/acme/secrets", json={}, headers=await admin(app)
    )
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()["secret"]
    assert second != first
    assert rotated.json()["previous_expires_at"]
    assert (await send(app, standard_data(), secret=first)).status_code == 202
    assert (await send(app, standard_data(), secret=second)).status_code == 202
    closed = await app.client.post(
        "/api/v1/vendors/acme/secrets", json={"overlap_hours": 0}, headers=await admin(app)
    )
    assert (await send(app, standard_data(), secret=second)).status_code == 401
    assert (await send(app, standard_data(), secret=closed.json()["secret"])).status_code == 202


async def test_vendor_admin_is_admin_only(app: App) -> None:
    hr = await app.user_headers("hr")
    assert (await app.client.get("/api/v1/vendors", headers=hr)).status_code == 403
    assert (await app.client.get("/api/v1/vendors")).status_code == 401
    await create_vendor(app)
    duplicate = await app.client.post(
        "/api/v1/vendors",
        json={"slug": "acme", "name": "x", "signing": {"scheme": "standard-webhooks"}},
        headers=await admin(app),
    )
    assert duplicate.status_code == 409
    bad = await app.client.post(
        "/api/v1/vendors",
        json={
            "slug": "bad",
            "name": "x",
            "signing": {"scheme": "standard-webhooks", "secret": "nope"},
            "mapping": {"expression": "a.["},
        },
        headers=await admin(app),
    )
    assert bad.status_code == 422
    locs = [e["loc"] for e in bad.json()["errors"]]
    assert ["body", "mapping", "expression"] in locs
    vendor = await app.client.get("/api/v1/vendors/acme", headers=await admin(app))
    assert vendor.json()["signing"] == {
        "scheme": "standard-webhooks",
        "header": None,
        "prefix": None,
        "previous_expires_at": None,
    }
    assert (
        await app.client.get("/api/v1/vendors/zzz", headers=await admin(app))
    ).status_code == 404
    assert uuid.UUID(vendor.json()["id"])


async def test_secret_never_shown_after_creation(app: App) -> None:
    created = await create_vendor(app)
    assert created["secret"] == SECRET
    got = (await app.client.get("/api/v1/vendors/acme", headers=await admin(app))).text
    assert SECRET not in got
