"""Traces (OpenTelemetry, the SDK's in-memory exporter): one trace runs from the vendor's
webhook through the jobs it starts to the outgoing SMTP conversation and HTTP request."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from conftest import App
from enterprise_emulator import AGENT_ID, CORP_ID, CORP_SECRET, Emulator, running
from notifications.servers import smtp_server
from scorebridge.app import create_app
from scorebridge.kit import jobs as job_queue
from scorebridge.observability import tracing
from scorebridge.settings import Settings
from selfservice.support import employee
from vendor_support import admin, create_vendor, send, standard_data


def test_traces_are_off_unless_the_environment_asks() -> None:
    assert not tracing.wanted({})
    assert not tracing.wanted({"OTEL_SERVICE_NAME": "x"})
    assert tracing.wanted({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"})
    assert tracing.wanted({"OTEL_TRACES_EXPORTER": "console"})
    assert not tracing.wanted({"OTEL_TRACES_EXPORTER": "none"})
    assert not tracing.wanted(
        {"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}
    )


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    assert tracing.start("scorebridge-test", provider=provider)
    try:
        yield memory
    finally:
        tracing.stop()


@pytest.fixture
async def traced(settings: Settings, exporter: InMemorySpanExporter) -> AsyncIterator[App]:
    asgi = create_app(settings)  # after tracing started: the app is instrumented
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi, client=("203.0.113.7", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield App(asgi, client, settings)


def _trace_of(spans: list[ReadableSpan], name: str) -> int:
    matching = [s for s in spans if s.name == name]
    assert matching, (name, sorted({s.name for s in spans}))
    context = matching[0].context
    assert context is not None
    return context.trace_id


async def test_one_trace_from_webhook_to_smtp_and_http(
    traced: App, exporter: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = traced
    # Each ``run_jobs`` starts a worker, whose startup sweep queues a job for every pending
    # delivery: that job could claim the webhook's delivery before the webhook's own job does.
    # A worker that has been running did its sweep long ago.
    monkeypatch.setattr(job_queue, "_STARTUP_HOOKS", [])
    emulator = Emulator()
    async with smtp_server() as (inbox, smtp_port), running(emulator) as base:
        for kind, config in (
            ("email", {"host": "127.0.0.1", "port": smtp_port, "from": "noreply@scorebridge.cn"}),
            (
                "wecom",
                {
                    "mode": "app",
                    "corp_id": CORP_ID,
                    "agent_id": AGENT_ID,
                    "secret": CORP_SECRET,
                    "api_base": base,
                },
            ),
        ):
            response = await app.client.put(
                f"/api/v1/notification-channels/{kind}",
                json={"enabled": True, "config": config},
                headers=await admin(app),
            )
            assert response.status_code == 200, response.text
        await create_vendor(app, auto_confirm=True)
        me = await employee(app)
        emulator.add_member(me.employee_no, "李雷")
        prefs = await app.client.put(
            "/api/v1/me/notification-preferences",
            json={"channels": {"email": True, "wecom": True}},
            headers=me.headers,
        )
        assert prefs.status_code == 200, prefs.text
        # Jobs queued by the setup run first: a worker claims pending deliveries in batches, and
        # a delivery claimed by an earlier job is processed in that job's trace, not the webhook's.
        await app.run_jobs()
        exporter.clear()
        data = standard_data()
        data["candidate"] = {"employee_no": me.employee_no}
        assert (await send(app, data)).status_code == 202
        await app.run_jobs()
        assert inbox.messages
        assert emulator.received("wecom", me.employee_no)

    spans = list(exporter.get_finished_spans())
    trace_id = _trace_of(spans, "POST /api/v1/webhooks/{slug}")
    in_trace = {s.name for s in spans if s.context is not None and s.context.trace_id == trace_id}
    assert {
        "job intake.process_delivery",
        "job events.deliver",
        "job notifications.send",
        "smtp send",
    } <= in_trace, sorted(in_trace)
    outgoing = [
        s
        for s in spans
        if s.context is not None
        and s.context.trace_id == trace_id
        and s.kind.name == "CLIENT"
        and "/cgi-bin/message/send"
        in str((s.attributes or {}).get("url.full", ""))
        + str((s.attributes or {}).get("http.url", ""))
    ]
    assert outgoing, "the outgoing WeCom request has its span in the same trace"
    assert any(
        "db.statement" in (s.attributes or {}) or "db.query.text" in (s.attributes or {})
        for s in spans
    ), "SQL statements have spans"
    jobs = [
        s
        for s in spans
        if s.name == "job intake.process_delivery"
        and s.context is not None
        and s.context.trace_id == trace_id
    ]
    assert all(job.parent is not None for job in jobs)  # children of the request
