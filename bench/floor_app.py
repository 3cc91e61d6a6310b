"""The intake floor: a bare FastAPI app that only verifies a Standard-Webhooks signature and
inserts the body with one asyncpg INSERT (what ``POST /webhooks/{slug}`` cannot do with less).

    .venv/bin/python bench/floor_app.py --port 8812 --database-url postgresql+asyncpg://…

``bench/intake.py`` starts it (its table ``bench_floor`` must exist) and measures it beside
ScoreBridge in the same run.
"""

from __future__ import annotations

import argparse
import time
import uuid
from typing import Any

from fastapi import FastAPI, Request, Response
from sqlalchemy import text

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TABLE = (
    "CREATE TABLE bench_floor (id uuid PRIMARY KEY, webhook_id text UNIQUE, body bytea, "
    "received_at timestamptz DEFAULT now())"
)


def floor_app(database_url: str) -> Any:
    from scorebridge.intake import signing
    from scorebridge.kit.db import create_engine

    engine = create_engine(database_url)
    app = FastAPI()

    @app.post("/hook")
    async def hook(request: Request) -> Response:
        body = await request.body()
        try:
            verified = signing.verify_standard([SECRET], request.headers, body, now=time.time())
        except signing.SignatureError:
            return Response(status_code=401)
        async with engine.begin() as conn:
            row = await conn.execute(
                text(
                    "INSERT INTO bench_floor (id, webhook_id, body) VALUES (:id, :wid, :body) "
                    "ON CONFLICT (webhook_id) DO NOTHING RETURNING id"
                ),
                {"id": uuid.uuid4(), "wid": verified.webhook_id, "body": body},
            )
            row.scalar_one_or_none()
        return Response(status_code=202)

    @app.get("/ready")
    async def ready() -> Response:
        return Response(status_code=204)

    return app


if __name__ == "__main__":
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    uvicorn.run(floor_app(args.database_url), host="127.0.0.1", port=args.port, log_level="warning")
