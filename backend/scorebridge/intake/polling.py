"""Polling vendors that do not push: fetch pages, store each item as a delivery, follow the cursor.

Every polled item goes through the same inbox as a webhook: a stable id per item
(``interview_id`` + ``updated_at`` after mapping, else the SHA-256 of the item) makes a
re-polled item a no-op.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import or_, select

from scorebridge import __version__
from scorebridge.intake import mapping, service
from scorebridge.intake.models import Vendor
from scorebridge.intake.schemas import PollConfig
from scorebridge.kit import egress
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.jobs import enqueue

logger = logging.getLogger(__name__)

POLL_JOB = "intake.poll_vendor"
MAX_PAGES = 20
HTTP_TRIES = 3
TIMEOUT = httpx.Timeout(15.0, connect=5.0)


class PollError(Exception):
    pass


async def enqueue_due(db: Database) -> int:
    """Claim the vendors whose next poll is due and queue one poll job for each."""
    now = utcnow()
    async with db.unit_of_work() as session:
        statement = select(Vendor).where(
            Vendor.poll.is_not(None),
            Vendor.is_active.is_(True),
            or_(Vendor.next_poll_at.is_(None), Vendor.next_poll_at <= now),
        )
        if db.dialect == "postgresql":
            statement = statement.with_for_update(skip_locked=True)
        vendors = (await session.scalars(statement)).all()
        for vendor in vendors:
            interval = int((vendor.poll or {}).get("interval_seconds", 300))
            vendor.next_poll_at = now + timedelta(seconds=interval)
            slot = int(now.timestamp())
            enqueue(session, POLL_JOB, str(vendor.id), job_id=f"poll:{vendor.id}:{slot}")
    return len(vendors)


def item_delivery(expression: str | None, item: Any) -> tuple[str, bytes]:
    """The stored body of a polled item and its stable id."""
    payload = item
    if not expression and not (isinstance(item, dict) and "data" in item):
        payload = {"type": "interview.result.updated", "data": item}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    try:
        data = mapping.to_standard(expression, payload)
    except mapping.MappingError:
        data = None
    if data is not None and data.updated_at is not None:
        return f"poll:{data.interview_id}:{data.updated_at.isoformat()}", body
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False).encode()
    return "poll:sha256:" + hashlib.sha256(canonical).hexdigest(), body


async def _fetch(client: httpx.AsyncClient, config: PollConfig, cursor: str | None) -> Any:
    url = httpx.URL(config.url)
    if config.cursor and cursor:  # merged into the URL's own query (``params=`` would drop it)
        url = url.copy_merge_params({config.cursor.param: cursor})
    for attempt in range(1, HTTP_TRIES + 1):
        try:
            response = await client.get(url, headers=config.headers)
            if response.status_code in (429, 502, 503, 504) and attempt < HTTP_TRIES:
                await asyncio.sleep(0.25 * 2**attempt)
                continue
            response.raise_for_status()
            return response.json()
        except egress.Refused:
            raise  # logged by egress; nothing was sent, and a retry would be refused again
        except httpx.TransportError:
            if attempt == HTTP_TRIES:
                raise
            await asyncio.sleep(0.25 * 2**attempt)
        except ValueError:
            raise PollError("the response is not JSON") from None
    raise PollError("unreachable")


async def poll_vendor(db: Database, vendor_id: uuid.UUID) -> int:
    """One poll of one vendor (following the cursor over several pages); returns new items."""
    async with db.unit_of_work() as session:
        vendor = await session.get(Vendor, vendor_id)
        if vendor is None or not vendor.poll or not vendor.is_active:
            return 0
        config = PollConfig.model_validate(vendor.poll)
        expression, cursor = vendor.mapping_expression, vendor.poll_cursor
    error: str | None = None
    stored = 0
    try:
        async with egress.client(
            timeout=TIMEOUT,
            headers={"User-Agent": f"ScoreBridge/{__version__} (+poll)"},
            follow_redirects=True,
            retries=1,
        ) as client:
            for _ in range(MAX_PAGES):
                body = await _fetch(client, config, cursor)
                items = await mapping.search_async(config.items, body, loc="poll.items") or []
                if not isinstance(items, list):
                    raise PollError("poll.items did not select a list")
                next_cursor = (
                    await mapping.search_async(config.cursor.next, body, loc="poll.cursor.next")
                    if config.cursor
                    else None
                )
                stored += await _store_page(db, vendor_id, expression, items, next_cursor)
                if not items or next_cursor is None or str(next_cursor) == cursor:
                    break
                cursor = str(next_cursor)
    except httpx.HTTPError as exc:
        # A generic class only: the vendor's (or another server's) answer is never shown.
        error = egress.describe(exc)
        logger.warning("polling vendor %s failed: %s (%s)", vendor_id, error, type(exc).__name__)
    except PollError as exc:
        error = str(exc)
        logger.warning("polling vendor %s failed: %s", vendor_id, error)
    except mapping.MappingError as exc:
        # JMESPath's message may quote the response: name only the expression that failed.
        where = ", ".join(".".join(map(str, loc)) for loc, _ in exc.errors)
        error = f"the expression {where} failed on the response"
        logger.warning("polling vendor %s failed: %s", vendor_id, error)
    async with db.unit_of_work() as session:
        vendor = await session.get(Vendor, vendor_id)
        if vendor is not None:
            vendor.last_poll_at = utcnow()
            vendor.last_poll_error = error
    return stored


async def _store_page(
    db: Database, vendor_id: uuid.UUID, expression: str | None, items: list[Any], cursor: Any
) -> int:
    """Store one page's items and the cursor after it in one transaction."""
    created = 0
    prepared = await mapping.off_loop(lambda: [item_delivery(expression, i) for i in items])
    async with db.unit_of_work() as session:
        vendor = await session.get(Vendor, vendor_id)
        if vendor is None:
            return 0
        for webhook_id, body in prepared:
            _, new = await service.receive(session, db.dialect, vendor.id, webhook_id, body, "poll")
            created += new
        if cursor is not None:
            vendor.poll_cursor = str(cursor)[:1024]
    return created
