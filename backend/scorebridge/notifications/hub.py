"""Fan-out of new notifications to open streams, in this process or across processes.

* :class:`LocalHub` (embedded mode): an in-process broadcaster of per-user queues.
* :class:`RedisHub` (with ``SCOREBRIDGE_REDIS_URL``): each notification is published on a Redis
  channel per user (``scorebridge:notifications:<user id>``); every API process listens to the
  channel pattern once and hands messages to its local streams. A notification created in the
  worker thus reaches a stream served by any API process.

Notifications are pushed only after the unit of work that created them committed
(:func:`push_after_commit`), so a stream never shows a notification that was rolled back.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session as SyncSession

logger = logging.getLogger(__name__)

CHANNEL_PREFIX = "scorebridge:notifications:"
QUEUE_SIZE = 256
_PUSH_KEY = "scorebridge.notifications.push"


class LocalHub:
    """Per-user queues of the streams open in this process."""

    def __init__(self) -> None:
        self._queues: dict[uuid.UUID, set[asyncio.Queue[dict[str, Any]]]] = {}

    @contextlib.contextmanager
    def listen(self, user_id: uuid.UUID) -> Iterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._queues.setdefault(user_id, set()).add(queue)
        try:
            yield queue
        finally:
            listeners = self._queues.get(user_id)
            if listeners is not None:
                listeners.discard(queue)
                if not listeners:
                    del self._queues[user_id]

    def listeners(self, user_id: uuid.UUID) -> int:
        return len(self._queues.get(user_id, ()))

    def deliver_local(self, user_id: uuid.UUID, payload: dict[str, Any]) -> None:
        for queue in list(self._queues.get(user_id, ())):
            try:
                queue.put_nowait(payload)
            except asyncio.QueueFull:  # a stalled client loses events, never blocks others
                logger.warning("notification stream of %s is full; dropping", user_id)

    async def start(self) -> None:
        return None

    async def publish(self, user_id: uuid.UUID, payload: dict[str, Any]) -> None:
        self.deliver_local(user_id, payload)

    async def close(self) -> None:
        return None


class RedisHub(LocalHub):
    """Publishes on a Redis channel per user and relays the pattern to local streams."""

    def __init__(self, redis_url: str) -> None:
        super().__init__()
        self.redis_url = redis_url
        self._client: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    def _redis(self) -> Any:
        if self._client is None:
            import redis.asyncio as redis

            self._client = redis.from_url(self.redis_url)  # type: ignore[no-untyped-call]
        return self._client

    async def start(self) -> None:
        """Make sure this process listens (returns once the pattern subscription is live)."""
        if self._reader is None or self._reader.done():
            self._subscribed.clear()
            self._reader = asyncio.create_task(self._read(), name="notifications:redis-reader")
        async with asyncio.timeout(10):
            await self._subscribed.wait()

    async def _read(self) -> None:
        delay = 0.1
        while True:
            pubsub = self._redis().pubsub()
            try:
                await pubsub.psubscribe(CHANNEL_PREFIX + "*")
                self._subscribed.set()
                delay = 0.1
                async for message in pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    self._relay(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                self._subscribed.clear()
                logger.warning("notification fan-out lost Redis; reconnecting", exc_info=True)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    def _relay(self, message: dict[str, Any]) -> None:
        try:
            channel = message["channel"]
            channel = channel.decode() if isinstance(channel, bytes) else str(channel)
            user_id = uuid.UUID(channel.removeprefix(CHANNEL_PREFIX))
            payload = json.loads(message["data"])
        except (KeyError, ValueError, TypeError):
            logger.warning("ignoring a malformed notification message")
            return
        self.deliver_local(user_id, payload)

    async def publish(self, user_id: uuid.UUID, payload: dict[str, Any]) -> None:
        await self._redis().publish(
            f"{CHANNEL_PREFIX}{user_id}", json.dumps(payload, ensure_ascii=False)
        )

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
            self._reader = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None


Hub = LocalHub
_HUBS: dict[tuple[str | None, int], LocalHub] = {}


def hub_for(redis_url: str | None) -> LocalHub:
    """The hub of this event loop for ``redis_url`` (None: the in-process hub)."""
    key = (redis_url, id(asyncio.get_running_loop()))
    hub = _HUBS.get(key)
    if hub is None:
        hub = RedisHub(redis_url) if redis_url else LocalHub()
        _HUBS[key] = hub
    return hub


async def close_hubs() -> None:
    loop_id = id(asyncio.get_running_loop())
    for key in [k for k in _HUBS if k[1] == loop_id]:
        await _HUBS.pop(key).close()


# --- Sign-ins that end ----------------------------------------------------------------------

SIGN_IN_ENDED = "scorebridge.sign_in_ended"


def sign_in_ended_message(sign_in_id: uuid.UUID) -> dict[str, Any]:
    """The message that closes the streams of a sign-in (never shown to the client)."""
    return {SIGN_IN_ENDED: str(sign_in_id)}


# --- Push after commit ---------------------------------------------------------------------

_PUSHING: set[asyncio.Task[None]] = set()


def push_after_commit(
    session: AsyncSession, hub: LocalHub, user_id: uuid.UUID, payload: dict[str, Any]
) -> None:
    """Send ``payload`` to the user's streams once ``session`` has committed."""
    session.info.setdefault(_PUSH_KEY, []).append((hub, user_id, payload))


async def _publish(hub: LocalHub, user_id: uuid.UUID, payload: dict[str, Any]) -> None:
    try:
        await hub.publish(user_id, payload)
    except Exception:  # the notification is stored; the list and unread count still show it
        logger.warning("could not push notification to %s", user_id, exc_info=True)


@event.listens_for(SyncSession, "after_commit")
def _after_commit(session: SyncSession) -> None:
    pending = session.info.pop(_PUSH_KEY, None)
    if not pending:
        return
    loop = asyncio.get_running_loop()
    for hub, user_id, payload in pending:
        task = loop.create_task(_publish(hub, user_id, payload))
        _PUSHING.add(task)
        task.add_done_callback(_PUSHING.discard)


@event.listens_for(SyncSession, "after_rollback")
def _after_rollback(session: SyncSession) -> None:
    if not session.in_transaction():
        session.info.pop(_PUSH_KEY, None)
