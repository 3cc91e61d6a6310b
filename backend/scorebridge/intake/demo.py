"""``seed-demo``: the demo vendor and ~40 results, made by the real processing code.

Idempotent: each demo message has a fixed ``webhook_id``; one already stored is skipped.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.demo import DEMO_EXTENSIONS
from scorebridge.intake import processing, repository
from scorebridge.intake.models import Delivery, Vendor
from scorebridge.intake.simulator import ResultGenerator, envelope
from scorebridge.kit.db import Database, utcnow
from scorebridge.results.models import ResultStatus
from scorebridge.settings import Settings

DEMO_VENDOR_SLUG = "demo-ai"
# base64 of b"scorebridge-demo-vendor-key-2026": a development secret, printed by seed-demo.
DEMO_VENDOR_SECRET = "whsec_c2NvcmVicmlkZ2UtZGVtby12ZW5kb3Ita2V5LTIwMjY="
INTERVIEWER = "interviewer@demo.scorebridge.cn"
EMPLOYEE = {"employee_no": "E1001", "name": "张伟", "email": "employee@demo.scorebridge.cn"}
RANDOM_RESULTS = 34


def demo_messages() -> list[tuple[dict[str, Any], bool, bool]]:
    """(data, is_update, confirm) for every demo message, always the same."""
    gen = ResultGenerator(seed=2026)
    messages: list[tuple[dict[str, Any], bool, bool]] = []
    for n in range(3):  # the demo employee: two confirmed and published, one awaiting review
        data = gen.result(
            interview_id=f"demo-e1001-{n + 1}",
            candidate=dict(EMPLOYEE),
            organisation=0,
            interviewers=[INTERVIEWER] if n != 1 else [],
        )
        messages.append((data, False, n < 2))
    for employee_no, name, email, org in (
        ("E1002", "王芳", "wang.fang@demo.scorebridge.cn", 1),
        ("E1003", "李娜", "li.na@demo.scorebridge.cn", 2),
    ):
        candidate = {"employee_no": employee_no, "name": name, "email": email}
        messages.append((gen.result(candidate=candidate, organisation=org), False, True))
    for n in range(RANDOM_RESULTS):
        interviewers = [INTERVIEWER] if n % 4 == 0 else []
        messages.append((gen.result(organisation=n % 4, interviewers=interviewers), False, False))
    for n in (5, 9, 13):  # vendor corrections: a second revision
        messages.append((gen.update(messages[n][0]), True, False))
    return messages


async def _demo_vendor(session: AsyncSession) -> Vendor:
    vendor = await repository.vendor_by_slug(session, DEMO_VENDOR_SLUG)
    if vendor is None:
        vendor = Vendor(
            id=uuid.uuid4(),
            slug=DEMO_VENDOR_SLUG,
            name="演示 AI 面试平台",
            signing_scheme="standard-webhooks",
            secret=DEMO_VENDOR_SECRET,
            auto_confirm=False,
            is_active=True,
        )
        session.add(vendor)
        await session.flush()
    return vendor


async def seed_demo_results(session: AsyncSession, database: Database, settings: Settings) -> None:
    vendor = await _demo_vendor(session)
    created = 0
    for index, (data, is_update, confirm) in enumerate(demo_messages()):
        body = json.dumps(envelope(data, update=is_update), ensure_ascii=False).encode()
        delivery_id, new = await repository.store_delivery(
            session,
            database.dialect,
            vendor_id=vendor.id,
            webhook_id=f"demo-{index:03d}",
            body=body,
            source="demo",
        )
        if not new:
            continue
        created += 1
        delivery = await session.get(Delivery, delivery_id)
        assert delivery is not None
        delivery.attempts = 1
        applied = await processing.process_claimed(session, database.dialect, vendor, delivery)
        if applied is not None and confirm:  # as if HR had reviewed it
            applied.result.status = ResultStatus.confirmed
            applied.result.mark_published()
            applied.result.reviewed_at = utcnow()
        await session.flush()
    print(
        f"Demo vendor '{DEMO_VENDOR_SLUG}' (standard-webhooks) secret: {DEMO_VENDOR_SECRET}"
        f"  ({created} demo deliveries processed)"
    )


DEMO_EXTENSIONS.append(seed_demo_results)
