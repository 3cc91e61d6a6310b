"""Secrets at rest: sealed in the database, plain to the code, readable across a key change."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from conftest import SECRET as APP_SECRET_KEY
from conftest import App
from scorebridge import migrate
from scorebridge.intake.models import Vendor
from scorebridge.kit import sealing
from scorebridge.kit.sealing import PREFIX, Sealer, UnreadableSecret
from scorebridge.resealing import reseal
from vendor_support import SECRET, admin, create_vendor, send, standard_data

OLD_KEY = "an-old-secret-key-0123456789abcdef-0123456789"
NEW_KEY = "a-new-secret-key-abcdef0123456789-abcdef012345"


@pytest.fixture
def keys() -> Iterator[None]:
    """Tests that change the keys put the app's back afterwards."""
    yield
    sealing.configure(APP_SECRET_KEY)


async def stored(app: App, sql: str) -> Any:
    async with app.db.unit_of_work() as session:
        return (await session.execute(text(sql))).scalar_one()


def test_sealing_round_trip_and_its_failures() -> None:
    sealer = Sealer(OLD_KEY)
    sealed = sealer.seal("whsec_秘密-value")
    assert sealed.startswith(PREFIX)
    assert "秘密" not in sealed
    assert sealer.open(sealed) == "whsec_秘密-value"
    assert sealer.seal("same") != sealer.seal("same")  # a fresh nonce each time
    assert sealer.open("plain-from-before") == "plain-from-before"
    with pytest.raises(UnreadableSecret, match="SCOREBRIDGE_PREVIOUS_SECRET_KEYS"):
        Sealer(NEW_KEY).open(sealed)
    assert Sealer(NEW_KEY, [OLD_KEY]).open(sealed) == "whsec_秘密-value"
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(UnreadableSecret, match="damaged"):
        sealer.open(tampered)


async def test_secrets_are_sealed_in_the_database_and_work(app: App) -> None:
    await create_vendor(app)
    raw = await stored(app, "SELECT secret FROM vendors WHERE slug = 'acme'")
    assert raw.startswith(PREFIX)
    assert SECRET not in raw
    accepted = await send(app, standard_data())  # signed with the secret: verified
    assert accepted.status_code == 202, accepted.text

    headers = await admin(app)
    endpoint = await app.client.post(
        "/api/v1/webhook-endpoints",
        json={"url": "https://hris.example.com/hooks", "events": ["result.confirmed"]},
        headers=headers,
    )
    assert endpoint.status_code == 201, endpoint.text
    raw = await stored(app, "SELECT secret FROM webhook_endpoints")
    assert raw.startswith(PREFIX)
    assert endpoint.json()["secret"] not in raw

    config = {"url": "https://sms.example.com/send", "api_key": "sk-live-123456"}
    saved = await app.client.put(
        "/api/v1/notification-channels/sms",
        json={"enabled": True, "config": config},
        headers=headers,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["config"]["api_key"] == "***"
    raw = await stored(app, "SELECT CAST(config AS TEXT) FROM notification_channels")
    assert "sk-live-123456" not in raw
    assert "sms.example.com" not in raw  # the URL too: a key may ride in it


async def test_a_key_change_keeps_secrets_readable_and_reseal_moves_them(
    app: App, keys: None
) -> None:
    sealing.configure(OLD_KEY)
    await create_vendor(app)
    before = await stored(app, "SELECT secret FROM vendors WHERE slug = 'acme'")

    sealing.configure(NEW_KEY, [OLD_KEY])  # the key changed; the old one is listed
    assert (await send(app, standard_data())).status_code == 202
    async with app.db.unit_of_work() as session:
        assert await reseal(session) >= 1
    after = await stored(app, "SELECT secret FROM vendors WHERE slug = 'acme'")
    assert after != before
    assert Sealer(NEW_KEY).open(after) == SECRET

    sealing.configure(NEW_KEY)  # the old key is gone for good: nothing needs it any more
    async with app.db.unit_of_work() as session:
        vendor = await session.scalar(select(Vendor).where(Vendor.slug == "acme"))
        assert vendor is not None
        assert vendor.secret == SECRET
    assert (await send(app, standard_data())).status_code == 202


async def test_the_migration_seals_secrets_stored_in_clear(tmp_path: Any) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'clear.db'}"
    await migrate.upgrade_async(url, "0007")
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO vendors (id, slug, name, signing_scheme, secret, auto_confirm, "
                "is_active, created_at, updated_at, poll) VALUES "
                "('0190a1b2c3d47e5f8a1b2c3d4e5f6071', "
                "'old', 'Old vendor', 'standard-webhooks', :secret, 0, 1, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00', :poll)"
            ),
            {
                "secret": SECRET,
                "poll": '{"url": "https://api.vendor.example/results", "interval_seconds": 60, '
                '"headers": {"Authorization": "Bearer poll-plain"}, "items": "items"}',
            },
        )
        await conn.execute(
            text("INSERT INTO notification_channels (kind, enabled, config, updated_at) VALUES "
                 "('dingtalk', 1, :config, '2026-01-01 00:00:00')"),
            {"config": '{"webhook_url": '
                       '"https://oapi.dingtalk.com/robot/send?access_token=tok-plain", '
                       '"secret": "SEC-plain"}'},
        )  # fmt: skip
    await migrate.upgrade_async(url)
    async with engine.connect() as conn:
        secret = (await conn.execute(text("SELECT secret FROM vendors"))).scalar_one()
        config = (await conn.execute(text("SELECT config FROM notification_channels"))).scalar()
        poll = (await conn.execute(text("SELECT poll FROM vendors"))).scalar()
    assert secret.startswith(PREFIX)
    assert sealing.sealer().open(secret) == SECRET
    assert "SEC-plain" not in config
    assert "tok-plain" not in config  # migration 0010: the robot URL and its key
    assert "poll-plain" not in poll
    assert "api.vendor.example" in poll
    # And back: the downgrade opens them again.
    await asyncio.to_thread(command.downgrade, migrate.alembic_config(url), "0007")
    async with engine.connect() as conn:
        secret = (await conn.execute(text("SELECT secret FROM vendors"))).scalar_one()
        config = (await conn.execute(text("SELECT config FROM notification_channels"))).scalar()
        poll = (await conn.execute(text("SELECT poll FROM vendors"))).scalar()
    assert secret == SECRET
    assert "tok-plain" in config
    assert "SEC-plain" in config
    assert "Bearer poll-plain" in poll
    await engine.dispose()
