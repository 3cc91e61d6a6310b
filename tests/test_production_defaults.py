"""The container image defaults to production and then refuses to start without a real secret
(docker is not available here: the test reads the image's ENV lines and runs the command with
exactly that environment)."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shlex
import sys
from pathlib import Path

DOCKERFILE = Path(__file__).resolve().parents[1] / "Dockerfile"


def image_environment() -> dict[str, str]:
    """The ENV of the Dockerfile's last stage (``KEY=VALUE`` pairs, continued lines joined)."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    stages = re.split(r"^FROM\s", text, flags=re.MULTILINE)
    env: dict[str, str] = {}
    for line in stages[-1].splitlines():
        if line.startswith("ENV "):
            for pair in shlex.split(line[4:]):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


async def run(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("scorebridge")),
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode()


def test_the_image_defaults_to_production() -> None:
    env = image_environment()
    assert env["SCOREBRIDGE_ENV"] == "production"
    assert "SCOREBRIDGE_SECRET_KEY" not in env  # never baked into the image


async def test_the_image_refuses_to_start_without_a_real_secret(tmp_path: Path) -> None:
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **image_environment()}
    base["SCOREBRIDGE_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/prod.db"
    for secret in (None, "x9" * 20, "please-change-me-to-a-long-random-value-0123"):
        env = dict(base) if secret is None else {**base, "SCOREBRIDGE_SECRET_KEY": secret}
        code, stderr = await run(env, tmp_path, "migrate")
        assert code != 0
        assert "refusing to start" in stderr
        assert "SCOREBRIDGE_SECRET_KEY" in stderr
        assert "Traceback" not in stderr
    assert not (tmp_path / "prod.db").exists()  # refused before touching anything

    env = {**base, "SCOREBRIDGE_SECRET_KEY": secrets.token_urlsafe(48)}
    code, stderr = await run(env, tmp_path, "migrate")
    assert code == 0, stderr
