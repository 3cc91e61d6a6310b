"""Sign-in throttling: OWASP progressive delay instead of a hard lockout.

Every password attempt is stored as a ``LoginFailure`` row *before* it is judged (committed on
its own), so parallel guesses see each other; a correct password removes it again. Within the
window (``login_window_seconds``) the stored failures are counted three ways:

* per account from this address: ``login_max_failures`` are free, then each next try must wait
  ``login_delay_seconds`` after the last failure, doubled per further failure (capped at the
  window). This is what the person at the keyboard meets after mistyping.
* per address, over all accounts (password spraying): ``login_address_max_failures`` free, the
  same doubling.
* per account, over all addresses (guessing from many addresses): ``login_account_max_failures``
  free, the same doubling but capped at ``login_account_max_delay_seconds``, so someone failing
  from address A never keeps the rightful user at address B out for longer than that.

A try that must wait answers 429 with ``Retry-After`` and is not counted. In addition, at most
``login_address_concurrency`` sign-ins from one address are in flight in a process; more answer
429 at once without touching the database (a burst cannot take the connections).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from sqlalchemy import delete, or_, select

from scorebridge.auth.models import LoginFailure
from scorebridge.kit.db import Database, utcnow
from scorebridge.kit.errors import TooManyRequests
from scorebridge.settings import Settings

MAX_ROWS = 2000  # failures read per attempt (the throttle itself keeps far fewer in a window)


@dataclass(frozen=True)
class Attempt:
    id: uuid.UUID
    email: str
    ip: str
    pair_failures: int  # earlier failures of this account from this address, in the window


def _delay(failures: int, free: int, base: float, cap: float) -> float:
    if failures < free:
        return 0.0
    return float(min(cap, base * 2 ** min(failures - free, 30)))


def _wait(failures: list[datetime], free: int, base: float, cap: float, now: datetime) -> float:
    """Seconds until the next try is allowed by one rule (0: now)."""
    delay = _delay(len(failures), free, base, cap)
    if not delay:
        return 0.0
    return max(0.0, (max(failures) + timedelta(seconds=delay) - now).total_seconds())


def too_many(retry_after: float) -> TooManyRequests:
    seconds = max(1, math.ceil(retry_after))
    when = f"{seconds} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"
    return TooManyRequests(f"Too many failed sign-ins; try again in {when}", retry_after=seconds)


_IN_FLIGHT: WeakKeyDictionary[asyncio.AbstractEventLoop, Counter[str]] = WeakKeyDictionary()


@contextlib.contextmanager
def in_flight(settings: Settings, ip: str) -> Iterator[None]:
    """Count this sign-in against its address for as long as it runs (429 beyond the limit)."""
    loop = asyncio.get_running_loop()
    counts = _IN_FLIGHT.setdefault(loop, Counter())
    if counts[ip] >= settings.login_address_concurrency:
        raise TooManyRequests(
            "Too many sign-ins from this address at once; try again in a second", retry_after=1
        )
    counts[ip] += 1
    try:
        yield
    finally:
        counts[ip] -= 1
        if counts[ip] <= 0:
            del counts[ip]


async def admit(db: Database, settings: Settings, email: str, ip: str) -> Attempt:
    """Store this attempt, then let it through or raise 429 (and forget it again)."""
    now = utcnow()
    async with db.unit_of_work() as session:
        row = LoginFailure(email=email, ip=ip, at=now)
        session.add(row)
    window_start = now - timedelta(seconds=settings.login_window_seconds)
    async with db.unit_of_work() as session:
        earlier = (
            await session.execute(
                select(LoginFailure.email, LoginFailure.ip, LoginFailure.at)
                .where(
                    LoginFailure.at > window_start,
                    or_(LoginFailure.email == email, LoginFailure.ip == ip),
                    LoginFailure.id != row.id,
                )
                .order_by(LoginFailure.at.desc())
                .limit(MAX_ROWS)
            )
        ).all()
    pair = [at for e, i, at in earlier if e == email and i == ip]
    address = [at for _, i, at in earlier if i == ip]
    account = [at for e, _, at in earlier if e == email]
    base, window = settings.login_delay_seconds, float(settings.login_window_seconds)
    wait = max(
        _wait(pair, settings.login_max_failures, base, window, now),
        _wait(address, settings.login_address_max_failures, base, window, now),
        _wait(
            account,
            settings.login_account_max_failures,
            base,
            settings.login_account_max_delay_seconds,
            now,
        ),
    )
    if wait > 0:
        async with db.unit_of_work() as session:
            await session.execute(delete(LoginFailure).where(LoginFailure.id == row.id))
        raise too_many(wait)
    return Attempt(id=row.id, email=email, ip=ip, pair_failures=len(pair))


def attempts_left(settings: Settings, attempt: Attempt) -> int:
    """Failures left from this address before tries must wait (this failure counted)."""
    return max(0, settings.login_max_failures - attempt.pair_failures - 1)


async def succeeded(db: Database, attempt: Attempt) -> None:
    """The right password: forget this attempt and this address's failures on the account."""
    async with db.unit_of_work() as session:
        await session.execute(
            delete(LoginFailure).where(
                or_(
                    LoginFailure.id == attempt.id,
                    (LoginFailure.email == attempt.email) & (LoginFailure.ip == attempt.ip),
                )
            )
        )
