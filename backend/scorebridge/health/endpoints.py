from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from scorebridge.kit.jobs import ArqQueue
from scorebridge.kit.web import AppDatabase

router = APIRouter(tags=["health"])


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
    checks: dict[str, str] = {}
    try:
        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready
        checks["database"] = f"error: {exc.__class__.__name__}"
    if isinstance(db.queue, ArqQueue):
        try:
            await (await db.queue.pool()).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}"
    ok = all(v == "ok" for v in checks.values())
    body = HealthOut(status="ok" if ok else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)
