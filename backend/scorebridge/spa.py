"""Serves the built SPA at ``/``; client-side routes fall back to ``index.html``.

The app installs to the home screen (a PWA): ``/manifest.webmanifest`` (served as
``application/manifest+json``) and the service worker ``/sw.js`` (scope ``/``, which shows
browser push notifications) come from the same origin, revalidated on every load."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException

DEFAULT_SPA_DIR = Path(__file__).resolve().parents[2] / "frontend" / "dist"

_NOT_BUILT = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>ScoreBridge</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>ScoreBridge API is running</h1><p>The web app has not been built. Run <code>make run</code>
(or <code>npm --prefix frontend run build</code>). API docs: <a href="/api/docs">/api/docs</a>.</p>
</body></html>"""


mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")


def install(app: FastAPI, spa_dir: Path | None) -> None:
    root = (spa_dir or DEFAULT_SPA_DIR).resolve()

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            raise HTTPException(status_code=404)
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            cache = (
                "public, max-age=31536000, immutable" if "/assets/" in f"/{path}" else "no-cache"
            )
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
