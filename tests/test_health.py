from __future__ import annotations

from conftest import App


async def test_health_and_ready(app: App) -> None:
    assert (await app.client.get("/api/v1/health")).json() == {"status": "ok", "checks": None}
    ready = await app.client.get("/api/v1/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"
