"""Browser push against a push service served locally: the browser's own keys decrypt the
message (RFC 8291), the request is signed with the server's VAPID key (RFC 8292), a
subscription the service answers 410 for is dropped, and bad subscriptions are a 422."""

from __future__ import annotations

import base64
import json
from typing import Any

from py_vapid import Vapid02
from sqlalchemy import func, select, text

from conftest import App
from notifications.push_service import Browser, PushService, b64url
from notifications.servers import free_port, serve, smtp_server
from notifications.test_channels import configure, deliveries, fast_retries
from scorebridge.notifications.models import PushSubscription
from selfservice.support import employee, publish

__all__ = ["fast_retries"]  # the fixture, shared with the other channel tests

SUBJECT = "mailto:hr@corp.example"
SUBSCRIPTIONS = "/api/v1/me/push-subscriptions"


async def subscriptions_of(app: App, endpoint_part: str = "") -> list[str]:
    async with app.db.unit_of_work() as session:
        rows = await session.scalars(select(PushSubscription.endpoint))
        return sorted(e for e in rows.all() if endpoint_part in e)


def claims_of(authorization: str) -> dict[str, Any]:
    token = authorization.split("t=", 1)[1].split(",", 1)[0]
    body = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return claims


async def test_push_reaches_the_browser_encrypted_signed_and_gone_ones_are_dropped(
    app: App,
) -> None:
    service = PushService(status={"old-laptop": 410})
    async with serve(service.app()) as base:
        assert (await configure(app, "webpush", {"subject": SUBJECT})).status_code == 200
        me = await employee(app)
        key = (await app.client.get("/api/v1/webpush/key", headers=me.headers)).json()
        assert key["enabled"] is True
        assert len(base64.urlsafe_b64decode(key["public_key"] + "==")) == 65
        phone, old = Browser(f"{base}/push/phone"), Browser(f"{base}/push/old-laptop")
        for browser in (phone, old):
            subscribed = await app.client.post(
                SUBSCRIPTIONS, json=browser.subscription(), headers=me.headers
            )
            assert subscribed.status_code == 204, subscribed.text
        prefs = await app.client.get("/api/v1/me/notification-preferences", headers=me.headers)
        assert prefs.json()["channels"]["webpush"] is True  # subscribing switched it on
        assert "webpush" in prefs.json()["available"]

        result = await publish(app, me.employee_no, position={"code": "pm", "name": "产品经理"})
        await app.run_jobs()

        by_name = {p.name: p for p in service.pushes}
        assert sorted(by_name) == ["old-laptop", "phone"]
        push = by_name["phone"]
        message = phone.read(push)
        assert message["title"] == "您的面试结果已发布"
        assert "产品经理" in message["body"]
        assert message["link"] == f"/my-results/{result}"
        assert push.headers["ttl"] == "86400"
        # Signed with the key browsers subscribed with; for this push service's origin.
        authorization = push.headers["authorization"]
        assert authorization.startswith("vapid t=")
        assert authorization.endswith(f"k={key['public_key']}")
        assert Vapid02.verify(authorization)
        claims = claims_of(authorization)
        assert claims["aud"] == base
        assert claims["sub"] == SUBJECT
        with_other_key = Browser(f"{base}/push/phone")
        try:
            with_other_key.read(push)
        except Exception:  # only the subscribed browser can read it
            pass
        else:
            raise AssertionError("another browser's key decrypted the message")

        # The laptop's subscription answered 410 Gone: dropped, the phone's kept.
        assert await subscriptions_of(app) == [phone.endpoint]
        [sent] = await deliveries(app, channel="webpush")
        assert (sent["status"], sent["error"]) == ("sent", None)

        await publish(app, me.employee_no)
        await app.run_jobs()
        assert [p.name for p in service.pushes].count("old-laptop") == 1
        assert [p.name for p in service.pushes].count("phone") == 2


async def test_a_push_service_that_fails_is_retried_and_email_still_delivers(
    fast_retries: App,
) -> None:
    app = fast_retries
    service = PushService(status={"down": 503})
    async with serve(service.app()) as base, smtp_server() as (inbox, smtp_port):
        await configure(app, "webpush", {"subject": "https://corp.example/contact"})
        await configure(app, "email", {"host": "127.0.0.1", "port": smtp_port,
                                       "from": "noreply@scorebridge.cn"})  # fmt: skip
        me = await employee(app, locale="en")
        browser = Browser(f"{base}/push/down")
        await app.client.post(SUBSCRIPTIONS, json=browser.subscription(), headers=me.headers)
        await publish(app, me.employee_no)
        await app.run_jobs()
        [mail] = inbox.messages
        assert mail["Subject"] == "Your interview result is published"
    log = await deliveries(app, channel="webpush")
    assert [d["status"] for d in log] == ["failed", "retrying", "retrying"]
    assert log[0]["error"] == "the push service is unavailable (HTTP 503)"
    assert await subscriptions_of(app) == [browser.endpoint]  # kept: it may recover


async def test_no_browser_left_is_a_final_failure_with_a_reason(app: App) -> None:
    service = PushService(status={"gone": 410})
    async with serve(service.app()) as base:
        await configure(app, "webpush", {"subject": SUBJECT})
        me = await employee(app)
        browser = Browser(f"{base}/push/gone")
        await app.client.post(SUBSCRIPTIONS, json=browser.subscription(), headers=me.headers)
        await publish(app, me.employee_no)
        await app.run_jobs()
        [failed] = await deliveries(app, channel="webpush")
        assert failed["status"] == "failed"
        assert "subscription has ended (HTTP 404/410)" in failed["error"]
        assert await subscriptions_of(app) == []
        # The next notice: nobody to push to, said so at once.
        await publish(app, me.employee_no)
        await app.run_jobs()
        latest = (await deliveries(app, channel="webpush"))[0]
        assert latest["error"] == "the recipient has no browser subscribed to push"
        assert len(service.pushes) == 1


async def test_bad_subscriptions_are_422_naming_the_field(app: App) -> None:
    me = await employee(app)
    good = Browser(f"http://127.0.0.1:{free_port()}/push/x").subscription()

    def changed(path: list[str], value: Any) -> dict[str, Any]:
        body = json.loads(json.dumps(good))
        target = body
        for name in path[:-1]:
            target = target[name]
        if value is None:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return body

    cases: list[tuple[dict[str, Any], list[str]]] = [
        (changed(["keys"], None), ["body", "keys"]),
        (changed(["endpoint"], None), ["body", "endpoint"]),
        (changed(["keys", "auth"], None), ["body", "keys", "auth"]),
        (changed(["endpoint"], "not a url"), ["body", "endpoint"]),
        (changed(["endpoint"], "\x1fhttps://push.example/x"), ["body", "endpoint"]),
        (changed(["endpoint"], "ftp://push.example/x"), ["body", "endpoint"]),
        (changed(["endpoint"], "http://10.0.0.7/push"), ["body", "endpoint"]),  # private net
        (changed(["endpoint"], "http://push.example/x"), ["body", "endpoint"]),  # not https
        (changed(["keys", "p256dh"], "not*base64"), ["body", "keys", "p256dh"]),
        (changed(["keys", "p256dh"], b64url(b"\x04" + b"\x01" * 64)), ["body", "keys", "p256dh"]),
        (changed(["keys", "p256dh"], b64url(b"\x02" * 33)), ["body", "keys", "p256dh"]),
        (changed(["keys", "auth"], b64url(b"short")), ["body", "keys", "auth"]),
        (changed(["keys", "auth"], 16), ["body", "keys", "auth"]),
        ({**good, "extra": 1}, ["body", "extra"]),
    ]
    for body, loc in cases:
        response = await app.client.post(SUBSCRIPTIONS, json=body, headers=me.headers)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["loc"] == loc, (body, response.json())
    assert await subscriptions_of(app) == []
    not_json = await app.client.post(
        SUBSCRIPTIONS,
        content=b"{",
        headers={**me.headers, "content-type": "application/json"},
    )
    assert not_json.status_code == 422
    anonymous = await app.client.post(SUBSCRIPTIONS, json=good)
    assert anonymous.status_code == 401
    bad_subject = await configure(app, "webpush", {"subject": "hr at corp"})
    assert bad_subject.status_code == 422
    assert bad_subject.json()["errors"][0]["loc"] == ["body", "config", "subject"]


async def test_unsubscribe_by_body_or_query_only_my_own(app: App) -> None:
    me, other = await employee(app), await employee(app, "韩梅梅")
    port = free_port()
    mine = Browser(f"http://127.0.0.1:{port}/push/mine")
    second = Browser(f"http://127.0.0.1:{port}/push/second")
    theirs = Browser(f"http://127.0.0.1:{port}/push/theirs")
    for browser, who in ((mine, me), (second, me), (theirs, other)):
        response = await app.client.post(
            SUBSCRIPTIONS, json=browser.subscription(), headers=who.headers
        )
        assert response.status_code == 204
    # Subscribing the same browser again keeps one row.
    await app.client.post(SUBSCRIPTIONS, json=mine.subscription(), headers=me.headers)
    assert len(await subscriptions_of(app)) == 3

    not_mine = await app.client.request(
        "DELETE", SUBSCRIPTIONS, json={"endpoint": theirs.endpoint}, headers=me.headers
    )
    assert not_mine.status_code == 204
    assert len(await subscriptions_of(app, "/theirs")) == 1
    by_body = await app.client.request(
        "DELETE", SUBSCRIPTIONS, json={"endpoint": mine.endpoint}, headers=me.headers
    )
    assert by_body.status_code == 204
    by_query = await app.client.delete(
        SUBSCRIPTIONS, params={"endpoint": second.endpoint}, headers=me.headers
    )
    assert by_query.status_code == 204
    assert await subscriptions_of(app) == [theirs.endpoint]
    missing = await app.client.delete(SUBSCRIPTIONS, headers=me.headers)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["query", "endpoint"]


async def test_the_vapid_key_is_made_once_and_sealed(app: App) -> None:
    me = await employee(app)
    first = (await app.client.get("/api/v1/webpush/key", headers=me.headers)).json()
    second = (await app.client.get("/api/v1/webpush/key", headers=me.headers)).json()
    assert (await app.client.get("/api/v1/webpush/key")).status_code == 401
    assert first == second
    assert first["enabled"] is False
    async with app.db.unit_of_work() as session:
        stored = await session.scalar(text("SELECT private_key FROM vapid_keys"))
        count = await session.scalar(select(func.count()).select_from(PushSubscription))
    assert stored.startswith("sealed:v1:")
    assert "PRIVATE KEY" not in stored
    assert count == 0
