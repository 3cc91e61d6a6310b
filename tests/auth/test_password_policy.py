"""Password policy wherever a password is set: common, trivial and personal passwords are
refused with a 422 naming the field, in the setter's language; the CLI refuses them too."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from pathlib import Path

import pytest

from conftest import PASSWORD, App
from scorebridge.auth import password_policy

REFUSED = {
    "aaaaaaaaaa": "common",  # in the list already
    "kkkkkkkkkkkk": "repeated",
    "abababab12": "repeated",
    "abcabcabcabc": "repeated",
    "0123456789": "common",  # also a run, but it is in the list first
    "abcdefghijkl": "sequence",
    "zyxwvutsrqpo": "sequence",
    "password123": "common",
    "Password2026!": "common",  # a common word with only digits/symbols added
    "1qaz2wsx3edc": "common",
    "qwertyuiop": "common",
    "basketball": "common",
}
ACCEPTED = [
    PASSWORD,
    "ScoreBridge-demo-2026",  # the demo password is part of the contract
    "Long-enough-2026",
    "Tea-Kettle-Harbor-91",
]


@pytest.mark.parametrize(("password", "reason"), sorted(REFUSED.items()))
def test_refused_passwords(password: str, reason: str) -> None:
    assert password_policy.problem(password) == reason


@pytest.mark.parametrize("password", ACCEPTED)
def test_accepted_passwords(password: str) -> None:
    assert password_policy.problem(password, email="admin@demo.scorebridge.cn") is None


def test_the_list_is_bundled_and_large() -> None:
    assert len(password_policy.common_passwords()) > 19_000


def test_the_account_itself_is_no_password() -> None:
    email, name = "zhang.wei.sales@corp.example", "Zhang Wei"
    for password in ("zhang.wei.sales", "Zhang.Wei.Sales@corp.example", "ZhangWei2026!"):
        assert password_policy.problem(password, email=email, name=name) == "personal"
    # The name inside a long, otherwise strong password is fine.
    assert password_policy.problem("ZhangWei-Tea-Kettle-Harbor", email=email, name=name) is None


def user_body(password: str) -> dict[str, object]:
    return {
        "email": f"new-{uuid.uuid4().hex[:8]}@corp.example",
        "name": "新用户",
        "password": password,
        "roles": ["employee"],
    }


async def test_create_user_refuses_with_a_422_naming_the_field(app: App) -> None:
    admin = await app.user_headers("admin")
    for password in ("aaaaaaaaaa", "password123", "1234567890"):
        response = await app.client.post("/api/v1/users", json=user_body(password), headers=admin)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        error = response.json()["errors"][0]
        assert error["loc"] == ["body", "password"]
        assert "请换一个" in error["msg"]  # the admin's language: zh-CN by default
    # No half-write: nobody was created.
    listed = await app.client.get("/api/v1/users", params={"q": "new-"}, headers=admin)
    assert listed.json()["items"] == []

    await app.client.patch("/api/v1/me", json={"locale": "en"}, headers=admin)
    response = await app.client.post("/api/v1/users", json=user_body("qwertyuiop"), headers=admin)
    assert response.status_code == 422
    assert "most common passwords" in response.json()["errors"][0]["msg"]

    assert (
        await app.client.post("/api/v1/users", json=user_body(PASSWORD), headers=admin)
    ).status_code == 201


async def test_update_user_refuses_weak_and_personal_passwords(app: App) -> None:
    admin = await app.user_headers("admin")
    user_id = await app.create_user(["hr"], email="li.na@corp.example", name="Li Na")
    for password in ("aaaaaaaaaa", "li.na@corp.example", "LiNa-2026!!"):
        response = await app.client.patch(
            f"/api/v1/users/{user_id}", json={"password": password}, headers=admin
        )
        assert response.status_code == 422, (password, response.text)
        assert response.json()["errors"][0]["loc"] == ["body", "password"]
    # The old password still works (nothing was written).
    await app.token("li.na@corp.example")
    response = await app.client.patch(
        f"/api/v1/users/{user_id}", json={"password": "Tea-Kettle-Harbor-91"}, headers=admin
    )
    assert response.status_code == 200
    await app.token("li.na@corp.example", "Tea-Kettle-Harbor-91")


async def run_cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("scorebridge")),
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode()


async def test_the_cli_refuses_a_common_password(app: App) -> None:
    """(The CLI's happy path is the demo seed; create-user shares the service.)"""
    env = {**os.environ, "SCOREBRIDGE_DATABASE_URL": app.settings.database_url}
    env["SCOREBRIDGE_ENV"] = "test"
    env.pop("SCOREBRIDGE_REDIS_URL", None)
    command = ["create-user", "--email", "cli@corp.example", "--name", "CLI", "--role", "hr"]
    code, stderr = await run_cli(env, *command, "--password", "password1234")
    assert code != 0
    assert "most common passwords" in stderr
