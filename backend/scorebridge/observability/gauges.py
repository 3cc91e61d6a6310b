"""Gauges read from the database (and Redis) when ``/metrics`` is scraped.

What is pending, failed, open or overdue is a fact of the database, not of one process: these
gauges are computed from it at scrape time, so every API process reports the same, right
value however many there are (dashboards take ``max`` over the targets, never ``sum``).

A domain adds its own with :func:`db_gauge`::

    @db_gauge("scorebridge_feedback", "Unresolved feedback by state", labels=("state",))
    async def feedback(session: AsyncSession, now: datetime) -> Reading:
        return {("open",): 3.0, ("overdue",): 1.0}

A reading is a number (a gauge without labels) or a mapping of label values to numbers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.jobs import ArqQueue

logger = logging.getLogger(__name__)

Reading = float | Mapping[tuple[str, ...], float]
ReadFunction = Callable[[AsyncSession, datetime], Awaitable[Reading]]
SCRAPE_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class DbGauge:
    name: str
    documentation: str
    labels: tuple[str, ...]
    read: ReadFunction


_GAUGES: dict[str, DbGauge] = {}


def db_gauge(
    name: str, documentation: str, *, labels: tuple[str, ...] = ()
) -> Callable[[ReadFunction], ReadFunction]:
    """Register a gauge computed from the database at each scrape."""
    if not name.startswith("scorebridge_"):
        raise ValueError(f"metric {name!r} must start with 'scorebridge_'")

    def register(fn: ReadFunction) -> ReadFunction:
        _GAUGES[name] = DbGauge(name, documentation, labels, fn)
        return fn

    return register


def registered() -> list[DbGauge]:
    return list(_GAUGES.values())


def _family(gauge: DbGauge, reading: Reading) -> GaugeMetricFamily:
    family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=list(gauge.labels))
    if isinstance(reading, Mapping):
        for values, number in reading.items():
            family.add_metric(list(values), float(number))
    else:
        family.add_metric([], float(reading))
    return family


async def read_all(db: Database) -> list[Metric]:
    """Every registered gauge (each in its own short read) and the arq queue length."""
    families: list[Metric] = []
    now = utcnow()
    async with asyncio.timeout(SCRAPE_TIMEOUT_SECONDS):
        for gauge in registered():
            try:
                async with db.sessionmaker() as session:
                    families.append(_family(gauge, await gauge.read(session, now)))
            except Exception:
                logger.warning("metrics: could not read %s", gauge.name, exc_info=True)
        if isinstance(db.queue, ArqQueue):
            families.append(await _arq_queued(db.queue))
    return families


async def _arq_queued(queue: ArqQueue) -> Metric:
    from arq.constants import default_queue_name

    family = GaugeMetricFamily(
        "scorebridge_jobs_queued", "Jobs waiting in the arq queue (Redis sorted set arq:queue)"
    )
    try:
        family.add_metric([], float(await (await queue.pool()).zcard(default_queue_name)))
    except Exception:
        logger.warning("metrics: could not read the arq queue", exc_info=True)
    return family


class Readings(Collector):
    """Metrics already read, for a registry to expose."""

    def __init__(self, families: Iterable[Metric]) -> None:
        self.families = list(families)

    def collect(self) -> Iterable[Metric]:
        return self.families
