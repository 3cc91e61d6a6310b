from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from scorebridge.kit.jobs import ArqQueue
from scorebridge.kit.web import AppDatabase

router = APIRouter(tags=["health"])
CHECK_SECONDS = 0.8


class HealthOut(BaseModel):
    status: str
    checks: dict[str, str] | None = None


@router.get("/health", operation_id="getHealth", summary="Liveness: the process answers")
async def health() -> HealthOut:
    return HealthOut(status="ok")


@router.get(
    "/ready",
    operation_id="getReadiness",
    summary="Readiness: the database (and Redis, where configured) answer",
    responses={503: {"model": HealthOut, "description": "A dependency does not answer"}},
)
async def ready(db: AppDatabase) -> JSONResponse:
    """Each dependency gets at most ``CHECK_SECONDS``, all at once: the probe answers in about
    a second even when the database or Redis does not answer at all."""
    checks: dict[str, str] = {}

    async def database() -> None:
        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def check(name: str, probe: Callable[[], Awaitable[None]]) -> None:
        try:
            async with asyncio.timeout(CHECK_SECONDS):
                await probe()
            checks[name] = "ok"
        except TimeoutError:
            checks[name] = "error: no answer"
        except Exception as exc:  # any failure means not ready
            checks[name] = f"error: {exc.__class__.__name__}"

    probes = [check("database", database)]
    queue = db.queue
    if isinstance(queue, ArqQueue):
        probes.append(check("redis", lambda: queue.ping(CHECK_SECONDS)))
    await asyncio.gather(*probes)
    ok = all(v == "ok" for v in checks.values())
    body = HealthOut(status="ok" if ok else "unavailable", checks=dict(sorted(checks.items())))
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)
