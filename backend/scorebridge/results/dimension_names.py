"""What each dimension code is called: the name vendors give it.

A score imported from a sheet headed ``维度:<code>`` carries only its code (its name is the code),
so wherever a dimension is shown the code is replaced by the name another result gives it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.results.models import ResultDimension


def is_unnamed(code: str, name: str | None) -> bool:
    """A dimension whose name says nothing more than its code."""
    return not name or name == code


async def names_for(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """``code → name`` for each code: a name some result gives it, else the code itself. One
    probe of the code index per code."""
    d = ResultDimension
    out: dict[str, str] = {}
    for code in sorted(set(codes)):
        name = await session.scalar(select(d.name).where(d.code == code, d.name != code).limit(1))
        out[code] = name or code
    return out


async def fill_names(
    session: AsyncSession, pairs: Iterable[tuple[str, str | None]]
) -> dict[str, str]:
    """``code → name`` for the ``(code, name)`` pairs about to be shown, looking up only the codes
    that came without a real name (no query when every dimension is named)."""
    pairs = list(pairs)
    known = {code: name for code, name in pairs if name and not is_unnamed(code, name)}
    missing = {code for code, _ in pairs if code not in known}
    return {**(await names_for(session, missing) if missing else {}), **known}
