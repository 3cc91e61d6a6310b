"""Shared by tests/intake and tests/results: a vendor, signed deliveries, standard bodies."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx

from conftest import App
from scorebridge.intake import signing

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def standard_data(interview_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "interview_id": interview_id or f"v-{uuid.uuid4().hex[:8]}",
        "candidate": {
            "external_id": f"c-{uuid.uuid4().hex[:6]}",
            "name": "张三",
            "email": f"zhang.{uuid.uuid4().hex[:6]}@mail.example",
        },
        "position": {"code": "sales-rep", "name": "销售代表"},
        "department": {"code": "sales", "name": "销售部"},
        "batch": {"code": "2026-spring", "name": "2026 春招"},
        "interviewers": [],
        "interviewed_at": "2026-11-20T09:30:00Z",
        "total_score": 82,
        "max_score": 100,
        "dimensions": [
            {"code": "communication", "name": "沟通能力", "score": 85, "max_score": 100},
            {"code": "logic", "name": "逻辑思维", "score": 80, "max_score": 100},
        ],
        "comment": "候选人对行业趋势的理解深刻,适合销售岗位",
        "suggestions": ["建议加强数据统计能力的学习"],
        "recommendation": "hire",
        "updated_at": "2026-11-20T10:00:00Z",
    }
    data.update(overrides)
    return data


def envelope(data: dict[str, Any], kind: str = "interview.result.completed") -> bytes:
    return json.dumps({"type": kind, "data": data}, ensure_ascii=False).encode()


def signed(
    body: bytes,
    *,
    secret: str = SECRET,
    webhook_id: str | None = None,
    timestamp: int | None = None,
) -> dict[str, str]:
    webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "content-type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signing.sign_standard(secret, webhook_id, timestamp, body),
    }


async def admin(app: App) -> dict[str, str]:
    cached = getattr(app, "_admin_headers", None)
    if cached is None:
        cached = await app.user_headers("admin")
        app._admin_headers = cached  # type: ignore[attr-defined]
    return cached


async def create_vendor(app: App, slug: str = "acme", **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "slug": slug,
        "name": "Acme AI 面试",
        "signing": {"scheme": "standard-webhooks", "secret": SECRET},
    }
    body.update(fields)
    response = await app.client.post("/api/v1/vendors", json=body, headers=await admin(app))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def send(
    app: App,
    data: dict[str, Any] | bytes,
    *,
    slug: str = "acme",
    webhook_id: str | None = None,
    secret: str = SECRET,
    kind: str = "interview.result.completed",
) -> httpx.Response:
    body = data if isinstance(data, bytes) else envelope(data, kind)
    return await app.client.post(
        f"/api/v1/webhooks/{slug}",
        content=body,
        headers=signed(body, secret=secret, webhook_id=webhook_id),
    )


async def deliveries(
    app: App, slug: str = "acme", status: str | None = None
) -> list[dict[str, Any]]:
    params = {"status": status} if status else {}
    response = await app.client.get(
        f"/api/v1/vendors/{slug}/deliveries", params=params, headers=await admin(app)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def results(app: App, **params: Any) -> list[dict[str, Any]]:
    response = await app.client.get("/api/v1/results", params=params, headers=await admin(app))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items
