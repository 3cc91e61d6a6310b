from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from scorebridge.kit.fields import Flag, Patch

EventType = Literal["result.confirmed", "result.updated", "feedback.created", "feedback.resolved"]
EVENT_TYPES: tuple[str, ...] = (
    "result.confirmed",
    "result.updated",
    "feedback.created",
    "feedback.resolved",
)


class EndpointCreate(BaseModel):
    url: AnyHttpUrl
    events: list[EventType] = Field(min_length=1)
    description: str | None = Field(default=None, max_length=200)


class EndpointUpdate(Patch):
    clearable = frozenset({"description"})

    url: AnyHttpUrl | None = None
    secret: str | None = Field(
        default=None,
        max_length=256,
        description="The endpoint's current signing secret: required when `url` changes to "
        "another address (a new host never gets messages signed with a secret the caller "
        "could not name)",
    )
    events: list[EventType] | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, max_length=200)
    is_active: Flag | None = None


class EndpointOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    events: list[str]
    description: str | None
    is_active: bool
    created_at: datetime


class EndpointCreated(EndpointOut):
    secret: str = Field(description="The Standard Webhooks signing secret; shown once")


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    event_type: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any]
