"""Production refuses to start with the development secret or a short one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scorebridge.app import create_app
from scorebridge.settings import DEV_SECRET_KEY, Environment, Settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SCOREBRIDGE_SECRET_KEY", "SCOREBRIDGE_ENV"):
        monkeypatch.delenv(name, raising=False)


def test_production_with_default_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="SCOREBRIDGE_SECRET_KEY"):
        Settings(env=Environment.production)
    with pytest.raises(ValidationError):
        Settings(env=Environment.production, secret_key=DEV_SECRET_KEY)


def test_production_with_short_secret_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(env=Environment.production, secret_key="too-short-0123456789")


def test_production_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREBRIDGE_ENV", "production")
    with pytest.raises(ValidationError):
        Settings()
    with pytest.raises(ValidationError):
        create_app(Settings(env=Environment.production))
    monkeypatch.setenv("SCOREBRIDGE_SECRET_KEY", "x9" * 20)  # long, but not random
    with pytest.raises(ValidationError):
        Settings()
    monkeypatch.setenv("SCOREBRIDGE_SECRET_KEY", "Hq3-vT9zLw2pXe7RbN4kYs8uJd6mFa1C")
    assert Settings().env is Environment.production


def test_production_with_a_real_secret_starts() -> None:
    settings = Settings(env=Environment.production, secret_key="k7Gq2Zp9Lw-Xe4RbN8vTs3Hd6MfA1cJy")
    assert settings.env is Environment.production
    # Development and test may use the default.
    assert Settings(env=Environment.development).secret_key == DEV_SECRET_KEY
    assert Settings(env=Environment.test).secret_key == DEV_SECRET_KEY
