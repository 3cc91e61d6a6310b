"""GET /metrics: protected, Prometheus text, the processing lag that rises while no worker
runs and falls once one does, and the counters of what this process did."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from conftest import App
from observability.support import scrape
from scorebridge.app import create_app
from scorebridge.kit.jobs import InProcessQueue
from scorebridge.settings import Settings
from vendor_support import create_vendor, send, standard_data


async def test_metrics_answer_loopback_only_without_a_token(app: App) -> None:
    # The test client is 203.0.113.7: not loopback.
    refused = await app.client.get("/metrics")
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    samples = await scrape(app)
    assert any(name.startswith("scorebridge_") for name in samples)
    assert all(name.startswith(("scorebridge_", "python_", "process_")) for name in samples), [
        n for n in samples if not n.startswith(("scorebridge_", "python_", "process_"))
    ]


async def test_metrics_need_the_bearer_token_when_one_is_set(settings: Settings) -> None:
    token = "metrics-token-0123456789abcdef"
    asgi = create_app(settings.model_copy(update={"metrics_token": token}))
    async with asgi.router.lifespan_context(asgi):
        for client_host in ("203.0.113.7", "127.0.0.1"):  # loopback is no exemption then
            transport = httpx.ASGITransport(app=asgi, client=(client_host, 5000))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                assert (await client.get("/metrics")).status_code == 401
                wrong = {"Authorization": "Bearer not-the-token"}
                assert (await client.get("/metrics", headers=wrong)).status_code == 401
                basic = {"Authorization": f"Basic {token}"}
                assert (await client.get("/metrics", headers=basic)).status_code == 401
                good = {"Authorization": f"Bearer {token}"}
                answer = await client.get("/metrics", headers=good)
                assert answer.status_code == 200
                assert "scorebridge_delivery_lag_seconds" in answer.text


async def _stop_worker(app: App) -> None:
    """No worker runs: on PostgreSQL jobs wait in Redis until ``run_jobs`` starts a real arq
    worker; the in-process queue is paused."""
    if isinstance(app.db.queue, InProcessQueue):
        app.db.queue.pause()


async def _start_worker(app: App) -> None:
    if isinstance(app.db.queue, InProcessQueue):
        await app.db.queue.resume()
    await app.run_jobs()


async def test_processing_lag_rises_while_no_worker_runs_and_falls_after(app: App) -> None:
    await create_vendor(app)
    await _stop_worker(app)
    before = await scrape(app)
    assert before["scorebridge_delivery_lag_seconds"] == 0
    for _ in range(3):
        assert (await send(app, standard_data())).status_code == 202

    first = await scrape(app)
    assert first['scorebridge_deliveries{status="pending"}'] == 3
    await asyncio.sleep(1.2)
    second = await scrape(app)
    assert (
        second["scorebridge_delivery_lag_seconds"] >= first["scorebridge_delivery_lag_seconds"] + 1
    )
    if "scorebridge_jobs_queued" in second:  # arq: the wake-up calls wait in Redis
        assert second["scorebridge_jobs_queued"] >= 3

    await _start_worker(app)
    after = await scrape(app)
    assert after["scorebridge_delivery_lag_seconds"] == 0
    assert after['scorebridge_deliveries{status="pending"}'] == 0
    assert after['scorebridge_deliveries{status="failed"}'] == 0
    if "scorebridge_jobs_queued" in after:
        assert after["scorebridge_jobs_queued"] == 0


async def test_webhooks_counted_by_outcome_and_reason(app: App) -> None:
    await create_vendor(app)
    before = await scrape(app)
    data = standard_data()
    assert (await send(app, data, webhook_id="msg-1")).status_code == 202
    assert (await send(app, data, webhook_id="msg-1")).status_code == 202
    assert (await send(app, data, secret="whsec_" + "A" * 32)).status_code == 401
    assert (await send(app, data, slug="nobody")).status_code == 404
    after = await scrape(app)

    def grew(name: str) -> float:
        return after.get(name, 0) - before.get(name, 0)

    assert (
        grew('scorebridge_webhooks_received_total{outcome="accepted",reason="new",vendor="acme"}')
        == 1
    )
    assert (
        grew(
            'scorebridge_webhooks_received_total{outcome="accepted",reason="duplicate",vendor="acme"}'
        )
        == 1
    )
    assert (
        grew(
            'scorebridge_webhooks_received_total{outcome="refused",reason="bad_signature",vendor="acme"}'
        )
        == 1
    )
    assert (
        grew(
            'scorebridge_webhooks_received_total{outcome="refused",reason="unknown_vendor",vendor="unknown"}'
        )
        == 1
    )


async def test_request_latency_by_route_template(app: App) -> None:
    await app.client.get("/api/v1/health")
    missing = "/api/v1/results/00000000-0000-0000-0000-000000000000"
    headers = await app.user_headers("hr")
    assert (await app.client.get(missing, headers=headers)).status_code == 404
    samples = await scrape(app)
    counts = [n for n in samples if n.startswith("scorebridge_http_request_duration_seconds_count")]
    assert any('route="/api/v1/health"' in n and 'status="200"' in n for n in counts)
    assert any('route="/api/v1/results/{result_id}"' in n and 'status="404"' in n for n in counts)
    assert not any("00000000-0000" in n for n in counts)  # never the raw path


async def test_feedback_and_pool_gauges_are_exposed(app: App) -> None:
    samples = await scrape(app)
    for state in ("open", "due_soon", "overdue"):
        assert samples[f'scorebridge_feedback{{state="{state}"}}'] == 0
    assert samples['scorebridge_import_rows_per_second{kind="results"}'] == 0
    assert "scorebridge_db_pool_connections_in_use" in samples


@pytest.mark.parametrize("given", ["", "x" * 129, "bad id with spaces", "ü-nicode", "a\tb"])
async def test_unacceptable_request_ids_are_replaced(app: App, given: str) -> None:
    response = await app.client.get(
        "/api/v1/health", headers={"X-Request-Id": given.encode("utf-8")}
    )
    assert response.status_code == 200
    assert response.headers["X-Request-Id"] != given
    assert len(response.headers["X-Request-Id"]) == 32


async def test_request_id_is_echoed_or_made(app: App) -> None:
    mine = "req-2026.11:abc_DEF-1"
    response = await app.client.get("/api/v1/health", headers={"X-Request-Id": mine})
    assert response.headers["X-Request-Id"] == mine
    made = await app.client.get("/api/v1/nothing-here")
    assert made.status_code == 404
    assert len(made.headers["X-Request-Id"]) == 32
    other = await app.client.get("/api/v1/nothing-here")
    assert other.headers["X-Request-Id"] != made.headers["X-Request-Id"]


async def test_a_500_carries_the_request_id_too(settings: Settings) -> None:
    asgi = create_app(settings)

    async def boom() -> None:
        raise RuntimeError("boom")

    asgi.add_api_route("/api/v1/test-boom", boom, methods=["GET"])
    asgi.router.routes.insert(0, asgi.router.routes.pop())  # before the SPA catch-all
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/api/v1/test-boom", headers={"X-Request-Id": "r-500"})
            assert response.status_code == 500
            assert response.headers["X-Request-Id"] == "r-500"
