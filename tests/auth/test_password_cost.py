"""Passwords are hashed at Argon2id's production cost (the other tests hash cheaply: conftest)."""

from __future__ import annotations

import pytest

from conftest import QUICK_HASHER
from scorebridge.kit import security

pytestmark = pytest.mark.production_password_cost


def test_passwords_are_hashed_with_argon2id_at_64_mib_and_three_passes() -> None:
    stored = security.hash_password("Correct-Horse-2026")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert security.verify_password(stored, "Correct-Horse-2026")
    assert not security.verify_password(stored, "correct-horse-2026")
    assert not security.verify_password(None, "Correct-Horse-2026")


def test_a_cheaper_stored_hash_still_verifies() -> None:
    """Hashes carry their own parameters: an account hashed at another cost still signs in."""
    cheap = QUICK_HASHER.hash("Correct-Horse-2026")
    assert security.verify_password(cheap, "Correct-Horse-2026")
