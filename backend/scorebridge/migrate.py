"""Alembic, configured from code so ``scorebridge migrate`` works from any directory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(database_url: str, pooler: str = "none") -> Config:
    config = Config()
    config.attributes["pooler"] = pooler  # "pgbouncer": see kit.db.pgbouncer_connect_args
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    return config


def upgrade(database_url: str, revision: str = "head", *, pooler: str = "none") -> None:
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url, pooler), revision)


async def upgrade_async(database_url: str, revision: str = "head", *, pooler: str = "none") -> None:
    """``upgrade`` from inside an event loop (Alembic's env.py runs its own loop)."""
    import asyncio

    await asyncio.to_thread(upgrade, database_url, revision, pooler=pooler)
