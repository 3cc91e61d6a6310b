"""Input types that take only what they say: no quiet coercion of a wrong JSON type.

Pydantic's lax mode turns ``0`` into ``false`` and ``1970-01-01``, ``0.5`` into a moment in
1970 and ``"yes"`` into ``true``. Request bodies and query parameters use these instead, so a
wrong type is a 422 naming the field:

* :data:`Flag` — JSON ``true``/``false`` only (bodies; query strings stay ``true``/``false``).
* :data:`Day` — an ISO 8601 date as text; :data:`Instant` — an ISO 8601 date-time as text.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    GetJsonSchemaHandler,
    Strict,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


def _iso_text(value: Any) -> Any:
    """A date or time is ISO 8601 text (or already one): a number is refused, not read as
    seconds since 1970."""
    numeric = isinstance(value, int | float | Decimal) or (
        isinstance(value, str) and _NUMBER.fullmatch(value) is not None
    )
    if numeric:
        raise PydanticCustomError("not-a-number-date", "must be ISO 8601 text, not a number")
    return value


Flag = Annotated[bool, Strict()]
Day = Annotated[date, BeforeValidator(_iso_text)]
Instant = Annotated[datetime, BeforeValidator(_iso_text)]


class Patch(BaseModel):
    """A PATCH body: a field left out stays as it is; ``null`` clears only the fields named in
    ``clearable`` — only those advertise ``null`` in the schema — and is a 422 elsewhere."""

    clearable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _null_clears_only_clearable(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.clearable:
            raise PydanticCustomError("may-not-be-null", "may not be null")
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler.resolve_ref_schema(handler(core_schema))
        for name, prop in schema.get("properties", {}).items():
            if name in cls.clearable or "anyOf" not in prop:
                continue
            kept = [option for option in prop["anyOf"] if option.get("type") != "null"]
            del prop["anyOf"]
            if len(kept) == 1:
                prop.update(kept[0])
            else:
                prop["anyOf"] = kept
            if prop.get("default", ...) is None:
                del prop["default"]
        return schema
