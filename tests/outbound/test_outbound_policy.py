"""Outgoing webhook endpoints and the outgoing-request policy: a refused URL is a 422 when
saved, a refused address is never sent to, and a new address needs the endpoint's secret."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from conftest import App
from notifications.servers import serve
from scorebridge.kit import egress
from scorebridge.outbound import service
from scorebridge.outbound.models import WebhookEndpoint
from scorebridge.settings import Settings
from vendor_support import admin, create_vendor, results, send, standard_data


async def _create(app: App, url: str) -> Any:
    return await app.client.post(
        "/api/v1/webhook-endpoints",
        json={"url": url, "events": ["result.confirmed"]},
        headers=await admin(app),
    )


async def test_a_refused_endpoint_url_is_a_422_naming_the_field(app: App) -> None:
    for url in (
        "https://169.254.169.254/hooks",
        "https://[::1]/hooks",
        "https://[::ffff:10.0.0.1]/hooks",
        "https://0x7f000002/hooks",
        "https://100.64.3.4/hooks",
        "http://hooks.example.com/x",
    ):
        response = await _create(app, url)
        assert response.status_code == 422, (url, response.text)
        assert response.json()["errors"][0]["loc"] == ["body", "url"]
    created = await _create(app, "https://hooks.example.com/scorebridge")
    assert created.status_code == 201, created.text
    patched = await app.client.patch(
        f"/api/v1/webhook-endpoints/{created.json()['id']}",
        json={"url": "https://10.9.8.7/x", "secret": created.json()["secret"]},
        headers=await admin(app),
    )
    assert patched.status_code == 422
    assert patched.json()["errors"][0]["loc"] == ["body", "url"]


async def test_a_new_address_needs_the_endpoint_secret(app: App) -> None:
    created = (await _create(app, "https://hooks.example.com/scorebridge")).json()
    path = f"/api/v1/webhook-endpoints/{created['id']}"
    headers = await admin(app)
    for body in (
        {"url": "https://collector.attacker.example/x"},
        {"url": "https://collector.attacker.example/x", "secret": "whsec_wrong"},
        {"url": "https://hooks.example.com:8443/scorebridge"},  # another port: another address
    ):
        response = await app.client.patch(path, json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["loc"] == ["body", "secret"]
    same_host = await app.client.patch(
        path, json={"url": "https://hooks.example.com/v2"}, headers=headers
    )
    assert same_host.status_code == 200
    moved = await app.client.patch(
        path,
        json={"url": "https://hooks2.example.com/x", "secret": created["secret"]},
        headers=headers,
    )
    assert moved.status_code == 200
    assert moved.json()["url"] == "https://hooks2.example.com/x"
    audit = await app.client.get(
        "/api/v1/audit-events", params={"action": "webhook_endpoint.updated"}, headers=headers
    )
    assert created["secret"] not in audit.text


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"outbound_allow": ""})


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[str, list[str]]]:
    hits: list[str] = []
    target = FastAPI()

    @target.post("/hooks")
    async def hooks(request: Request) -> JSONResponse:
        hits.append(request.url.path)
        return JSONResponse({})

    async with serve(target) as base:
        yield base, hits


async def test_at_send_time_a_refused_address_gets_nothing(
    app: App, receiver: tuple[str, list[str]]
) -> None:
    base, hits = receiver
    port = base.rsplit(":", 1)[1]
    async with app.db.unit_of_work() as session:  # saved before the policy / DNS changed
        for url in (f"{base}/hooks", f"https://localhost:{port}/hooks"):
            session.add(
                WebhookEndpoint(url=url, events=["result.confirmed"], secret=service.new_secret())
            )
    hr = await app.user_headers("hr")
    await create_vendor(app)
    await send(app, standard_data("out-1", candidate={"employee_no": "O1", "name": "周九"}))
    await app.run_jobs()
    [pending] = await results(app)
    confirm = await app.client.post(
        f"/api/v1/results/{pending['id']}/review", json={"action": "confirm"}, headers=hr
    )
    assert confirm.status_code == 200
    await app.run_jobs()
    assert hits == []
    listed = await app.client.get("/api/v1/webhook-endpoints", headers=await admin(app))
    for endpoint in listed.json()["items"]:
        messages = await app.client.get(
            f"/api/v1/webhook-endpoints/{endpoint['id']}/messages", headers=await admin(app)
        )
        [message] = messages.json()["items"]
        assert message["last_error"] == egress.REFUSED
