"""The whole flow — vendor webhook, HR confirms, email (SMTP with a password) and WeCom
notifications, the employee's feedback, HR's reply — with every ScoreBridge, httpx, uvicorn
and arq logger at DEBUG: every line is one JSON object with a request id field, the request
id follows the work into its jobs, and no line holds an email address, a phone number, a JWT
or a configured secret."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from conftest import SECRET, App
from enterprise_emulator import AGENT_ID, CORP_ID, CORP_SECRET, Emulator, running
from notifications.servers import Inbox, free_port
from observability.support import scrape
from scorebridge.observability import logs
from selfservice.support import employee, hr
from vendor_support import SECRET as VENDOR_SECRET
from vendor_support import admin, create_vendor, send, standard_data

SMTP_PASSWORD = "smtp-Pa55word-9f8e7d"
PHONE = "+86 138 0013 8000"
CANDIDATE_EMAIL = f"li.lei.{uuid.uuid4().hex[:6]}@mail.example"
LOUD = ("scorebridge", "httpx", "httpcore", "uvicorn", "arq", "aiosmtplib")

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A mobile number, not digits inside a float (a duration such as 0.18499854810).
# Not inside a number, a hex id (uuid, trace id) or a word of letters: a run of
# digits inside "a19040038266f" is part of an id, not a phone number.
MOBILE = re.compile(r"(?<![0-9A-Za-z._-])1[3-9]\d{9}(?![0-9A-Za-z._-])|138[ -]?0013[ -]?8000")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


@contextmanager
def captured() -> Iterator[io.StringIO]:
    """The app's own log configuration, writing to a buffer, with the loud loggers at DEBUG."""
    buffer = io.StringIO()
    levels = {name: logging.getLogger(name).level for name in LOUD}
    for name in LOUD:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        with logs.written_to(buffer):
            yield buffer
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


@asynccontextmanager
async def smtp_with_login() -> AsyncIterator[tuple[Inbox, int, list[Any]]]:
    """A local SMTP server that wants AUTH (so the password really goes over the wire)."""
    inbox, logins, port = Inbox(), [], free_port()

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        logins.append(data)
        return AuthResult(success=data.password.decode() == SMTP_PASSWORD)

    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=authenticate, auth_require_tls=False
    )
    controller.start()
    try:
        yield inbox, port, logins
    finally:
        controller.stop()


async def _whole_flow(
    app: App, smtp_port: int, emulator: Emulator, emulator_base: str
) -> dict[str, Any]:
    channels = {
        "email": {"host": "127.0.0.1", "port": smtp_port, "username": "scorebridge-bot",
                  "password": SMTP_PASSWORD, "from": "noreply@scorebridge.cn"},
        "wecom": {"mode": "app", "corp_id": CORP_ID, "agent_id": AGENT_ID,
                  "secret": CORP_SECRET, "api_base": emulator_base},
    }  # fmt: skip
    for kind, config in channels.items():
        response = await app.client.put(
            f"/api/v1/notification-channels/{kind}",
            json={"enabled": True, "config": config},
            headers=await admin(app),
        )
        assert response.status_code == 200, response.text
    await create_vendor(app)
    me = await employee(app, name="韩梅梅", phone=PHONE)
    emulator.add_member(me.employee_no, "韩梅梅")
    prefs = await app.client.put(
        "/api/v1/me/notification-preferences",
        json={"channels": {"email": True, "wecom": True}},
        headers=me.headers,
    )
    assert prefs.status_code == 200, prefs.text

    data = standard_data()
    data["candidate"] = {"employee_no": me.employee_no, "name": "韩梅梅",
                         "email": CANDIDATE_EMAIL, "phone": PHONE}  # fmt: skip
    received = await app.client.post(
        "/api/v1/webhooks/acme",
        content=json.dumps({"type": "interview.result.completed", "data": data}).encode(),
        headers={**_signed(data), "X-Request-Id": "flow-webhook"},
    )
    assert received.status_code == 202, received.text
    await app.run_jobs()

    listed = await app.client.get("/api/v1/results", headers=await hr(app))
    [result] = listed.json()["items"]
    confirmed = await app.client.post(
        f"/api/v1/results/{result['id']}/review",
        json={"action": "confirm", "note": f"ok, told {me.email}"},
        headers={**await hr(app), "X-Request-Id": "flow-confirm"},
    )
    assert confirmed.status_code == 200, confirmed.text
    await app.run_jobs()

    asked = await app.client.post(
        "/api/v1/feedback",
        json={"result_id": result["id"], "message": f"我的电话 {PHONE},邮箱 {me.email}"},
        headers=me.headers,
    )
    assert asked.status_code == 201, asked.text
    feedback_id = asked.json()["id"]
    replied = await app.client.post(
        f"/api/v1/feedback/{feedback_id}/messages",
        json={"body": "已收到,我们会在 24 小时内答复"},
        headers=await hr(app),
    )
    assert replied.status_code in (200, 201), replied.text
    await app.run_jobs()
    await scrape(app)
    return {"employee_email": me.email, "result_id": result["id"]}


def _signed(data: dict[str, Any]) -> dict[str, str]:
    from vendor_support import signed

    body = json.dumps({"type": "interview.result.completed", "data": data}).encode()
    return signed(body)


async def test_logs_are_json_lines_with_request_ids_and_nothing_personal(app: App) -> None:
    emulator = Emulator()
    with captured() as buffer:
        async with smtp_with_login() as (inbox, smtp_port, logins), running(emulator) as base:
            flow = await _whole_flow(app, smtp_port, emulator, base)
        # A refused webhook and a bad token leave lines too.
        assert (await send(app, standard_data(), secret="whsec_" + "B" * 32)).status_code == 401
        bad = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"}
        assert (await app.client.get("/api/v1/me", headers=bad)).status_code == 401

    assert inbox.messages, "the email was delivered"
    assert logins
    assert logins[0].password.decode() == SMTP_PASSWORD
    assert emulator.received("wecom"), "the WeCom app message was sent"

    text = buffer.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]  # every line is one JSON object
    assert len(lines) > 50
    assert all("request_id" in line and line["message"] is not None for line in lines)

    # The id a request came with follows the work into the jobs it started, and on.
    def job_lines(request_id: str) -> set[str]:
        return {
            line.get("job", "")
            for line in lines
            if line["logger"] == "scorebridge.jobs" and line["request_id"] == request_id
        }

    assert "intake.process_delivery" in job_lines("flow-webhook")
    assert {"events.deliver", "notifications.send"} <= job_lines("flow-confirm")

    leaks = {
        "email address": EMAIL.findall(text),
        "phone number": MOBILE.findall(text),
        "JWT": JWT.findall(text),
        "secret key": [SECRET] if SECRET in text else [],
        "vendor secret": [VENDOR_SECRET] if VENDOR_SECRET.removeprefix("whsec_") in text else [],
        "SMTP password": [SMTP_PASSWORD] if SMTP_PASSWORD in text else [],
        "WeCom secret": [CORP_SECRET] if CORP_SECRET in text else [],
        "name": [n for n in ("韩梅梅", "张三") if n in text],
        "result id in a URL query": [],
    }
    assert flow["employee_email"] not in text
    assert not any(leaks.values()), {k: v[:3] for k, v in leaks.items() if v}
