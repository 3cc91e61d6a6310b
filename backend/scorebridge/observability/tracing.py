"""OpenTelemetry traces, switched on by the standard ``OTEL_*`` environment variables.

Traces are on when ``OTEL_TRACES_EXPORTER`` names an exporter (``otlp``, ``console``) or an
OTLP endpoint is set (``OTEL_EXPORTER_OTLP_ENDPOINT`` / ``…_TRACES_ENDPOINT``), unless
``OTEL_SDK_DISABLED=true`` or ``OTEL_TRACES_EXPORTER=none``. Everything else (service name,
resource attributes, headers, sampler, batch sizes) is read by the SDK from its own variables.
When off, no OpenTelemetry SDK module is even imported and every helper here is a no-op.

Spans: each API request (FastAPI/ASGI instrumentation), its SQL (SQLAlchemy), every outgoing
HTTP request (httpx, instrumented globally, so every client is covered), each job try
(``job <name>``, a child of the request or job that queued it: the trace context travels with
the job like the request id) and each SMTP send (a manual span).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Tracer
    from sqlalchemy.ext.asyncio import AsyncEngine

_provider: TracerProvider | None = None
_tracer: Tracer | None = None


def wanted(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the ``OTEL_*`` variables ask for traces."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporter = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter:
        return exporter != "none"
    return bool(
        environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def enabled() -> bool:
    return _tracer is not None


def start(service_name: str, provider: TracerProvider | None = None) -> bool:
    """Start tracing when the environment asks for it (or ``provider`` is given, as tests do).

    Returns whether traces are on. Idempotent: the first provider stays."""
    global _provider, _tracer
    if _tracer is not None:
        return True
    if provider is None:
        if not wanted():
            return False
        provider = _provider_from_environment(service_name)
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    _provider = provider
    _tracer = provider.get_tracer("scorebridge")
    HTTPXClientInstrumentor().instrument(tracer_provider=provider)
    return True


def stop() -> None:
    """Stop tracing (tests): flush the spans, undo the global httpx instrumentation."""
    global _provider, _tracer
    if _provider is None:
        return
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    HTTPXClientInstrumentor().uninstrument()
    _provider.force_flush()
    _provider = _tracer = None


def _provider_from_environment(service_name: str) -> TracerProvider:
    from opentelemetry.sdk.resources import OTELResourceDetector, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    resource = Resource.create({"service.name": service_name}).merge(
        OTELResourceDetector().detect()
    )
    provider = TracerProvider(resource=resource)
    kinds = os.environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() or "otlp"
    for kind in (k.strip() for k in kinds.split(",")):
        if kind == "console":
            provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
        elif kind == "otlp":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def instrument_app(app: FastAPI) -> None:
    if _provider is None:
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=_provider, exclude_spans=["receive", "send"], excluded_urls="metrics"
    )


def instrument_engine(engine: AsyncEngine) -> None:
    """Spans for ``engine``'s statements (SQL text only: parameters are never recorded)."""
    if _tracer is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import get_meter

    usage = get_meter("scorebridge").create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    EngineTracer(_tracer, engine.sync_engine, usage)  # type: ignore[no-untyped-call]


def inject(carrier: MutableMapping[str, str]) -> None:
    """Add the current trace context (``traceparent``) to ``carrier``."""
    if _tracer is None:
        return
    from opentelemetry.propagate import inject as otel_inject

    otel_inject(carrier)


def job_span(name: str, carried: Mapping[str, str], attempt: int) -> AbstractContextManager[Any]:
    """The span of one try of a job, continuing the trace it was queued in."""
    if _tracer is None:
        return nullcontext()
    from opentelemetry.propagate import extract
    from opentelemetry.trace import SpanKind

    return _tracer.start_as_current_span(
        f"job {name}",
        context=extract(dict(carried)),
        kind=SpanKind.CONSUMER,
        attributes={"scorebridge.job": name, "scorebridge.job.attempt": attempt},
    )


@contextmanager
def span(name: str, **attributes: str | int) -> Iterator[None]:
    """A span around work no instrumentation sees (an SMTP conversation)."""
    if _tracer is None:
        yield
        return
    from opentelemetry.trace import SpanKind

    with _tracer.start_as_current_span(name, kind=SpanKind.CLIENT, attributes=attributes):
        yield


def log_ids() -> dict[str, str]:
    """``trace_id`` and ``span_id`` of the current span, for a log line."""
    if _tracer is None:
        return {}
    from opentelemetry import trace

    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return {}
    return {"trace_id": f"{ctx.trace_id:032x}", "span_id": f"{ctx.span_id:016x}"}
