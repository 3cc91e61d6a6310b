"""Replaying a captured hmac-sha256 request never rolls back a confirmed score.

Only the body is signed in that scheme, so a replay may carry any id header: the body's hash is
the message id. And whatever gets through, a confirmed result changes only for a strictly newer
``updated_at``.
"""

from __future__ import annotations

import json
from typing import Any

from conftest import App
from scorebridge.intake import signing
from vendor_support import create_vendor, deliveries, envelope, results, standard_data

SECRET = "hmac-secret-0123456789"
URL = "/api/v1/webhooks/legacy"


async def _vendor(app: App) -> None:
    await create_vendor(
        app,
        slug="legacy",
        signing={"scheme": "hmac-sha256", "header": "X-Hub-Signature", "secret": SECRET},
    )


async def _post(app: App, body: bytes, **headers: str) -> dict[str, Any]:
    response = await app.client.post(
        URL,
        content=body,
        headers={
            "content-type": "application/json",
            "X-Hub-Signature": signing.sign_hmac(SECRET, body),
            **headers,
        },
    )
    assert response.status_code == 202, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def _confirm(app: App, result_id: str) -> None:
    hr = await app.user_headers("hr")
    response = await app.client.post(
        f"/api/v1/results/{result_id}/review", json={"action": "confirm"}, headers=hr
    )
    assert response.status_code == 200, response.text


async def test_replayed_request_with_another_id_is_a_repeat(app: App) -> None:
    await _vendor(app)
    first = envelope(standard_data("iv-1", total_score=60, updated_at="2026-11-20T10:00:00Z"))
    second = envelope(standard_data("iv-1", total_score=90, updated_at="2026-11-21T10:00:00Z"))
    captured = await _post(app, first, **{"X-Request-Id": "req-1"})
    await app.run_jobs()
    await _post(app, second, **{"X-Request-Id": "req-2"})
    await app.run_jobs()
    [result] = await results(app)
    await _confirm(app, result["id"])

    for headers in ({"X-Request-Id": "attacker-1"}, {"webhook-id": "attacker-2"}, {}):
        replay = await _post(app, first, **headers)
        assert replay == captured  # the first delivery's id: not stored, not processed again
    await app.run_jobs()
    assert len(await deliveries(app, "legacy")) == 2
    [after] = await results(app)
    assert after["status"] == "confirmed"
    assert after["total_score"] == 90
    assert after["revision"] == result["revision"]


async def test_confirmed_result_needs_a_strictly_newer_updated_at(app: App) -> None:
    await _vendor(app)
    await _post(app, envelope(standard_data("iv-2", total_score=70, updated_at=None)))
    await app.run_jobs()
    [result] = await results(app)
    await _confirm(app, result["id"])

    # Signed by the vendor but without a newer updated_at: none of these takes it back.
    for data in (
        standard_data("iv-2", total_score=10, updated_at=None),
        standard_data("iv-2", total_score=20, updated_at="2026-11-22T10:00:00Z"),
    ):
        await _post(app, envelope(data))
        await app.run_jobs()
        [kept] = await results(app)
        assert kept["status"] == "confirmed"
        assert kept["total_score"] == 70
    notes = {d["note"] for d in await deliveries(app, "legacy")}
    assert "kept_confirmed" in notes


async def test_equal_updated_at_never_overwrites_and_newer_does(app: App) -> None:
    await _vendor(app)
    stamp = "2026-11-20T10:00:00Z"
    await _post(app, envelope(standard_data("iv-3", total_score=70, updated_at=stamp)))
    await app.run_jobs()
    [result] = await results(app)
    await _confirm(app, result["id"])

    # Different bytes (another score, reordered keys), the same updated_at: unchanged.
    same_time = standard_data("iv-3", total_score=15, updated_at=stamp)
    body = json.dumps({"data": same_time, "type": "interview.result.updated"}).encode()
    await _post(app, body)
    await app.run_jobs()
    [kept] = await results(app)
    assert (kept["status"], kept["total_score"]) == ("confirmed", 70)

    newer = standard_data("iv-3", total_score=88, updated_at="2026-11-21T10:00:00Z")
    await _post(app, envelope(newer, "interview.result.updated"))
    await app.run_jobs()
    [updated] = await results(app)
    assert (updated["status"], updated["total_score"]) == ("pending_review", 88)
    assert updated["revision"] == result["revision"] + 1
