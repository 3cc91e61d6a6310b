"""From a vendor's raw body to a validated :class:`StandardResult`, or errors naming fields.

Without a mapping the body is the standard envelope and ``body["data"]`` is used; with one, the
vendor's JMESPath expression turns the whole body into the ``data`` object. Expressions run on a
budget (``intake.expressions``); the async variants run them in a worker thread, so that even a
slow mapping never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, TypeVar

from jmespath.exceptions import JMESPathError
from pydantic import ValidationError

from scorebridge.intake import expressions
from scorebridge.intake.expressions import compiled as compiled
from scorebridge.intake.schemas import StandardResult

Loc = list[str | int]
T = TypeVar("T")


class MappingError(Exception):
    """The delivery cannot become a result; ``errors`` name each field (``data.total_score``)."""

    def __init__(self, errors: list[tuple[Loc, str]]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        return "; ".join(f"{'.'.join(str(p) for p in loc)}: {msg}" for loc, msg in self.errors)


def search(expression: str, payload: Any, *, loc: str = "expression") -> Any:
    try:
        return expressions.evaluate(expression, payload)
    except JMESPathError as exc:
        raise MappingError([([loc], f"JMESPath error: {exc}")]) from None
    except expressions.TooCostly as exc:
        raise MappingError([([loc], str(exc))]) from None
    except RecursionError:
        raise MappingError([([loc], "the mapping is nested too deeply")]) from None


async def off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Run a mapping step in a worker thread (its own budget bounds it; so does a timeout)."""
    try:
        async with asyncio.timeout(expressions.MAX_SECONDS * 5):
            return await asyncio.to_thread(fn, *args)
    except TimeoutError:
        message = f"the mapping takes longer than {expressions.MAX_SECONDS:g} s"
        raise MappingError([(["expression"], message)]) from None


def parse_body(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingError([(["body"], f"not valid JSON: {exc}")]) from None


def extract(expression: str | None, payload: Any) -> Any:
    if expression:
        return search(expression, payload)
    if isinstance(payload, dict) and "data" in payload:
        return payload["data"]
    raise MappingError([(["data"], "Field required")])


def validate(data: Any) -> StandardResult:
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__
        raise MappingError([(["data"], f"must be an object, the mapping produced {kind}")])
    try:
        result = StandardResult.model_validate(data)
    except ValidationError as exc:
        raise MappingError(
            [
                (["data", *exc_loc(err["loc"])], err["msg"].removeprefix("Value error, "))
                for err in exc.errors()
            ]
        ) from None
    if not 0 <= result.total_score <= result.max_score:
        raise MappingError(
            [
                (
                    ["data", "total_score"],
                    f"{result.total_score:g} is outside 0–{result.max_score:g} (max_score)",
                )
            ]
        )
    return result


def exc_loc(loc: tuple[int | str, ...]) -> Loc:
    return [p if isinstance(p, int) else str(p) for p in loc]


def to_standard(expression: str | None, payload: Any) -> StandardResult:
    return validate(extract(expression, payload))


def to_standard_bytes(expression: str | None, body: bytes) -> StandardResult:
    return to_standard(expression, parse_body(body))


async def to_standard_async(expression: str | None, payload: Any) -> StandardResult:
    return await off_loop(to_standard, expression, payload)


async def to_standard_bytes_async(expression: str | None, body: bytes) -> StandardResult:
    return await off_loop(to_standard_bytes, expression, body)


async def search_async(expression: str, payload: Any, *, loc: str = "expression") -> Any:
    return await off_loop(lambda: search(expression, payload, loc=loc))
