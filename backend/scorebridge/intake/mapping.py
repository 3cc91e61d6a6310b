"""From a vendor's raw body to a validated :class:`StandardResult`, or errors naming fields.

Without a mapping the body is the standard envelope and ``body["data"]`` is used; with one, the
vendor's JMESPath expression turns the whole body into the ``data`` object.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError
from jmespath.parser import ParsedResult
from pydantic import ValidationError

from scorebridge.intake.schemas import StandardResult

Loc = list[str | int]


class MappingError(Exception):
    """The delivery cannot become a result; ``errors`` name each field (``data.total_score``)."""

    def __init__(self, errors: list[tuple[Loc, str]]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        return "; ".join(f"{'.'.join(str(p) for p in loc)}: {msg}" for loc, msg in self.errors)


@lru_cache(maxsize=512)
def compiled(expression: str) -> ParsedResult:
    return jmespath.compile(expression)


def search(expression: str, payload: Any, *, loc: str = "expression") -> Any:
    try:
        return compiled(expression).search(payload)
    except JMESPathError as exc:
        raise MappingError([([loc], f"JMESPath error: {exc}")]) from None


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
