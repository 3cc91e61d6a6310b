"""Request-scoped plumbing: the unit of work per request and the client address."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.kit.db import Database
from scorebridge.settings import Settings


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _unit_of_work(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).unit_of_work() as session:
        yield session


# The dependencies are coroutines: FastAPI runs a plain function dependency in a worker thread,
# a thread hop per request for two attribute reads.
async def _database(request: Request) -> Database:
    return get_database(request)


async def _settings(request: Request) -> Settings:
    return get_settings(request)


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


# scope="function": commit happens when the endpoint returns, before the response is sent,
# so a client never sees 2xx for a write that then fails to commit.
Session = Annotated[AsyncSession, Depends(_unit_of_work, scope="function")]
AppSettings = Annotated[Settings, Depends(_settings)]
AppDatabase = Annotated[Database, Depends(_database)]
