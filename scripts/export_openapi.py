"""Writes openapi.yaml from the app (``make openapi``); tests/test_openapi.py fails on drift."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from scorebridge.app import create_app
from scorebridge.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def render() -> str:
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:"))
    return yaml.safe_dump(app.openapi(), allow_unicode=True, sort_keys=False, width=100)


if __name__ == "__main__":
    target = ROOT / "openapi.yaml"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}", file=sys.stderr)
