"""The redaction filter's net: what it takes out of a line, and what it leaves."""

from __future__ import annotations

import io
import json
import logging

import pytest

from scorebridge.observability import logs, redaction


@pytest.mark.parametrize(
    ("line", "gone"),
    [
        ("sent to zhang.san@corp.example", "zhang.san@corp.example"),
        ("call 13800138000 now", "13800138000"),
        ("call +86 138 0013 8000 now", "138 0013 8000"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_x", "eyJzdWIiOiIxIn0"),
        ("Authorization: Bearer abcdefgh12345678", "abcdefgh12345678"),
        ("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8I"),
        ("POST https://qyapi.example/send?key=abc123&x=1", "abc123"),
        ("GET /api/v1/notifications/stream?ticket=t-123456", "t-123456"),
        ("redis://:hunter2-pass@redis:6379/0", "hunter2-pass"),
        ("postgresql+asyncpg://app:db-pa55@db/scorebridge", "db-pa55"),
    ],
)
def test_scrubbed(line: str, gone: str) -> None:
    assert gone not in redaction.scrub(line)


def test_left_alone() -> None:
    line = (
        "delivery 0b8c3a1e-51f4-4a47-9b1d-2f0f3a2d9e11 took 1234 ms at 1764412345678 "
        "(request 6095d4d970cd4cc387f4cd7b825fe676, 42 rows, score 87.5)"
    )
    assert redaction.scrub(line) == line


def test_remembered_secrets_never_reach_a_line() -> None:
    buffer = io.StringIO()
    logs.configure("INFO")
    with logs.written_to(buffer):
        redaction.remember("an-opened-channel-password")
        try:
            raise RuntimeError("login failed with an-opened-channel-password for li@corp.example")
        except RuntimeError:
            logging.getLogger("scorebridge.test").exception(
                "sending to %s failed", "li@corp.example"
            )
    [line] = [json.loads(x) for x in buffer.getvalue().splitlines()]
    assert line["message"] == "sending to [email] failed"
    assert "an-opened-channel-password" not in line["exception"]
    assert "li@corp.example" not in line["exception"]
    assert "RuntimeError" in line["exception"]
