"""HR hear of feedback: a new question, an employee's reply, 4 hours before it is due and when
it is overdue reach the assigned HR (every HR user while unassigned), in-app and on the
channels they chose, once per event; the employee hears of a resolution once."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import update

from conftest import App
from notifications.servers import smtp_server
from notifications.test_channels import configure
from scorebridge.feedback.models import Feedback
from scorebridge.feedback.tasks import check_overdue
from scorebridge.kit.db import utcnow
from selfservice.support import employee, notifications, publish


async def kinds(app: App, headers: dict[str, str]) -> list[str]:
    return [n["kind"] for n in (await notifications(app, headers))["items"]]


async def test_hr_hear_of_questions_replies_and_due_soon_once(app: App) -> None:
    emails = [f"hr-{n}-{uuid.uuid4().hex[:6]}@corp.example" for n in (1, 2)]
    first_id = await app.create_user(["hr"], email=emails[0], name="王芳")
    await app.create_user(["hr"], email=emails[1], name="赵敏")
    first, second = await app.login(emails[0]), await app.login(emails[1])
    async with smtp_server() as (inbox, smtp_port):
        saved = await configure(
            app, "email", {"host": "127.0.0.1", "port": smtp_port, "from": "noreply@corp.cn"}
        )
        assert saved.status_code == 200, saved.text
        prefs = await app.client.put(
            "/api/v1/me/notification-preferences",
            json={"channels": {"email": True}},
            headers=first,
        )
        assert prefs.status_code == 200, prefs.text
        await app.client.put(
            "/api/v1/me/notification-preferences",
            json={"channels": {"email": False}},
            headers=second,
        )

        me = await employee(app)
        asked = await app.client.post(
            "/api/v1/feedback",
            json={"result_id": await publish(app, me.employee_no), "message": "沟通维度为何偏低?"},
            headers=me.headers,
        )
        assert asked.status_code == 201, asked.text
        feedback_id = asked.json()["id"]
        await app.run_jobs()
        # Unassigned: every HR user hears of it, on their own channels too.
        for headers in (first, second):
            [note] = (await notifications(app, headers))["items"]
            assert note["kind"] == "feedback.created"
            assert note["title"] == "员工提出了新的疑问"
            assert "李雷" in note["body"]
            assert "沟通维度为何偏低?" in note["body"]
            assert note["link"] == f"/feedback-inbox/{feedback_id}"
        to_first = lambda: [m["Subject"] for m in inbox.messages if m["To"] == emails[0]]  # noqa: E731
        assert to_first() == ["员工提出了新的疑问"]
        assert not [m for m in inbox.messages if m["To"] == emails[1]]  # email switched off

        # Assigned: from now on only the assignee hears.
        assigned = await app.client.post(
            f"/api/v1/feedback/{feedback_id}/assign",
            json={"user_id": str(first_id)},
            headers=second,
        )
        assert assigned.status_code == 200, assigned.text
        again = await app.client.post(
            f"/api/v1/feedback/{feedback_id}/messages", json={"body": "补充:录音在第 5 分钟"},
            headers=me.headers,
        )  # fmt: skip
        assert again.status_code in (200, 201), again.text
        await app.run_jobs()
        assert await kinds(app, first) == ["feedback.followed_up", "feedback.created"]
        assert await kinds(app, second) == ["feedback.created"]

        # 4 hours before it is due (the SLA is 24 h): one reminder, however often the check runs.
        check = lambda: check_overdue(app.asgi.state.job_context)  # noqa: E731
        await check()
        await app.run_jobs()
        assert len(await kinds(app, first)) == 2
        async with app.db.unit_of_work() as session:
            await session.execute(
                update(Feedback)
                .where(Feedback.id == uuid.UUID(feedback_id))
                .values(due_at=utcnow() + timedelta(hours=3))
            )
        await check()
        await check()
        await app.run_jobs()
        notes = (await notifications(app, first))["items"]
        assert notes[0]["kind"] == "feedback.due_soon"
        assert [n["kind"] for n in notes].count("feedback.due_soon") == 1
        assert notes[0]["title"] == "员工疑问即将超时"
        assert "4 小时内到期" in notes[0]["body"]
        assert await kinds(app, second) == ["feedback.created"]
        assert to_first() == [
            "员工提出了新的疑问",
            "员工回复了疑问",
            "员工疑问即将超时",
        ]

        # Overdue: the assignee, once.
        async with app.db.unit_of_work() as session:
            await session.execute(
                update(Feedback)
                .where(Feedback.id == uuid.UUID(feedback_id))
                .values(due_at=utcnow() - timedelta(minutes=1))
            )
        await check()
        await check()
        await app.run_jobs()
        assert (await kinds(app, first)).count("feedback.overdue") == 1
        assert "feedback.overdue" not in await kinds(app, second)

        # HR answers, the employee replies again: the assignee hears of each reply.
        await app.client.post(
            f"/api/v1/feedback/{feedback_id}/messages", json={"body": "已查看录音"}, headers=first
        )
        await app.client.post(
            f"/api/v1/feedback/{feedback_id}/messages", json={"body": "谢谢"}, headers=me.headers
        )
        await app.run_jobs()
        assert (await kinds(app, first)).count("feedback.followed_up") == 2

        # One resolution: one notification to the employee.
        resolved = await app.client.post(
            f"/api/v1/feedback/{feedback_id}/resolve",
            json={"resolution": "upheld", "note": "维持原成绩"},
            headers=first,
        )
        assert resolved.status_code == 200, resolved.text
        await app.run_jobs()
        mine = await kinds(app, me.headers)
        assert mine.count("feedback.resolved") == 1
        assert "result.adjusted" not in mine


async def test_english_hr_read_english(app: App) -> None:
    email = f"hr-en-{uuid.uuid4().hex[:6]}@corp.example"
    await app.create_user(["hr"], email=email, name="Grace")
    grace = await app.login(email)
    assert (
        await app.client.patch("/api/v1/me", json={"locale": "en"}, headers=grace)
    ).status_code == 200
    me = await employee(app)
    await app.client.post(
        "/api/v1/feedback",
        json={"result_id": await publish(app, me.employee_no), "message": "Why?"},
        headers=me.headers,
    )
    await app.run_jobs()
    [note] = (await notifications(app, grace))["items"]
    assert note["title"] == "New question from an employee"
    assert note["body"].endswith(": Why?")
