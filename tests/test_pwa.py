"""The web app installs to the home screen: its manifest is valid, names its icons (real PNGs
of the stated sizes, one maskable), and the manifest and the service worker are served by the
same origin, with their content types, under the strict policy, revalidated on every load."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import httpx

from scorebridge.app import create_app
from scorebridge.settings import Settings

PUBLIC = Path(__file__).resolve().parents[1] / "frontend" / "public"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_manifest_is_installable() -> None:
    manifest = json.loads((PUBLIC / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "成绩桥 ScoreBridge"
    assert manifest["short_name"]
    assert manifest["lang"] == "zh-CN"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["theme_color"] == "#1677ff"
    sizes = set()
    for icon in manifest["icons"]:
        width, height = png_size(PUBLIC / icon["src"].lstrip("/"))
        assert icon["sizes"] == f"{width}x{height}"
        assert icon["type"] == "image/png"
        sizes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    index = (PUBLIC.parent / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="/manifest.webmanifest" />' in index
    assert '<meta name="theme-color" content="#1677ff" />' in index


async def test_manifest_and_service_worker_are_served_same_origin(
    settings: Settings, tmp_path: Path
) -> None:
    shutil.copytree(PUBLIC, tmp_path, dirs_exist_ok=True)
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    settings.spa_dir = tmp_path
    asgi = create_app(settings)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="https://sb.test") as client:
            manifest = await client.get("/manifest.webmanifest")
            worker = await client.get("/sw.js")
            icon = await client.get("/icons/icon-512.png")
    assert manifest.status_code == 200
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert json.loads(manifest.content)["icons"]
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-cache"  # a new worker is picked up at once
    assert "script-src 'self'" in worker.headers["content-security-policy"]
    assert "worker-src 'self'" in worker.headers["content-security-policy"]
    assert b"showNotification" in worker.content
    assert icon.headers["content-type"] == "image/png"
