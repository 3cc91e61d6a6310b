"""Secrets at rest: the keys ScoreBridge must keep in a usable form (a vendor's signing key,
an outgoing endpoint's secret, a channel's SMTP password or SMS API key, the key inside a robot's
webhook URL, a vendor's poll headers) are stored sealed with
AES-256-GCM, so a copy of the database (a backup, a dump handed to support) does not give them
away. Passwords and client secrets, which only need checking, are hashed elsewhere.

* The key is derived (HKDF-SHA256) from ``SCOREBRIDGE_SECRET_KEY``. To change that key, put the
  old one in ``SCOREBRIDGE_PREVIOUS_SECRET_KEYS``: values sealed with it still open, and
  ``scorebridge reseal`` seals them all again with the new key.
* A sealed value reads ``sealed:v1:<key id>:<base64 of nonce + ciphertext>``; the key id (the
  first bytes of the key's SHA-256) says which key opens it. A value without the prefix is a
  secret stored before sealing existed: it is read as it is (and sealed on its next write).
* The column types below seal on write and open on read, so the rest of the code sees plain
  strings.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import JSON, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from scorebridge.observability import redaction

PREFIX = "sealed:v1:"
_INFO = b"scorebridge sealed secrets v1"
_FINGERPRINT_INFO = b"scorebridge fingerprints v1"


class UnreadableSecret(RuntimeError):
    """A sealed value that none of the configured keys opens: the secret key was changed
    without listing the old one in ``SCOREBRIDGE_PREVIOUS_SECRET_KEYS``."""


def _derive(secret_key: str, info: bytes = _INFO) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        secret_key.encode()
    )


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


class Sealer:
    """Seals with the current key; opens with the current or any previous key."""

    def __init__(self, secret_key: str, previous: list[str] | tuple[str, ...] = ()) -> None:
        current = _derive(secret_key)
        self._current = (_key_id(current), AESGCM(current))
        self._keys = {_key_id(k): AESGCM(k) for k in (_derive(p) for p in previous)}
        self._keys[self._current[0]] = self._current[1]
        self._fingerprint_keys = [
            _derive(k, _FINGERPRINT_INFO) for k in dict.fromkeys([secret_key, *previous])
        ]

    def fingerprints(self, value: str) -> list[str]:
        """Keyed hashes (HMAC-SHA256, hex) of ``value``: the current key's first, then one per
        previous key, so that a hash stored before a key change still matches."""
        return [
            hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
            for key in self._fingerprint_keys
        ]

    def seal(self, plain: str) -> str:
        kid, cipher = self._current
        nonce = os.urandom(12)
        sealed = cipher.encrypt(nonce, plain.encode(), kid.encode())
        return f"{PREFIX}{kid}:{base64.b64encode(nonce + sealed).decode()}"

    def open(self, stored: str) -> str:
        if not stored.startswith(PREFIX):
            return stored  # stored before sealing existed
        kid, _, body = stored[len(PREFIX) :].partition(":")
        cipher = self._keys.get(kid)
        if cipher is None:
            raise UnreadableSecret(
                f"A secret was sealed with key {kid}, which is neither SCOREBRIDGE_SECRET_KEY "
                "nor in SCOREBRIDGE_PREVIOUS_SECRET_KEYS"
            )
        try:
            raw = base64.b64decode(body, validate=True)
            return cipher.decrypt(raw[:12], raw[12:], kid.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise UnreadableSecret(f"A secret sealed with key {kid} is damaged") from exc

    def is_current(self, stored: str) -> bool:
        """Whether ``stored`` is sealed with the current key (else ``reseal`` would change it)."""
        return stored.startswith(f"{PREFIX}{self._current[0]}:")


_sealer: Sealer | None = None


def configure(secret_key: str, previous: list[str] | tuple[str, ...] = ()) -> None:
    """Set the keys (the app and the worker call this with their settings at start-up)."""
    global _sealer
    _sealer = Sealer(secret_key, previous)


def sealer() -> Sealer:
    if _sealer is None:  # a script that never configured: the settings from the environment
        from scorebridge.settings import get_settings

        settings = get_settings()
        configure(settings.secret_key, settings.previous_secret_keys)
    assert _sealer is not None
    return _sealer


def unseal(stored: str) -> str:
    """Open a stored secret; from then on the logs never show it (observability.redaction)."""
    value = sealer().open(stored)
    redaction.remember(value)
    return value


class SealedText(TypeDecorator[str]):
    """A secret string column, sealed in the database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return sealer().seal(value) if value is not None else None

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return unseal(value) if value is not None else None


class SealedFieldsJSON(TypeDecorator[dict[str, Any]]):
    """A JSON object column whose values under ``fields`` are sealed in the database: a string
    value, or each string value of an object (a vendor's poll ``headers``)."""

    impl = JSON
    cache_ok = True

    def __init__(self, fields: frozenset[str], **json: Any) -> None:
        super().__init__(**json)
        self.fields = fields

    def _each(self, value: dict[str, Any] | None, how: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        return {k: self._value(v, how) if k in self.fields else v for k, v in value.items()}

    @staticmethod
    def _value(value: Any, how: Any) -> Any:
        if isinstance(value, str) and value:
            return how(value)
        if isinstance(value, dict):
            return {k: how(v) if isinstance(v, str) and v else v for k, v in value.items()}
        return value

    def process_bind_param(self, value: dict[str, Any] | None, dialect: Dialect) -> Any:
        return self._each(value, sealer().seal)

    def process_result_value(self, value: Any, dialect: Dialect) -> dict[str, Any] | None:
        return self._each(value, unseal)
