"""Keeps secrets, tokens and personal data out of the logs.

Call sites log ids, never names, contacts or credentials; this is the net under them. Every
line (message, exception and traceback) is scrubbed before it is written:

* JWTs, ``Bearer …`` credentials, passwords in URLs, ``whsec_…`` signing secrets;
* email addresses and phone numbers (mainland mobile numbers and ``+`` international ones);
* the values of sensitive query parameters (``token``, ``ticket``, ``code``, ``key``, ``sign``,
  ``q`` …) in any URL;
* every configured secret: the secret keys given at start-up and each stored credential the
  moment it is opened (vendor signing keys, channel passwords and API keys —
  see ``kit/sealing.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), "[jwt]"),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 [redacted]"),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*:)[^/\s@]+@"), r"\1[redacted]@"),
    (re.compile(r"whsec_[A-Za-z0-9+/=]+"), "whsec_[redacted]"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"), "[email]"),
    (re.compile(r"(?<![\w.+])(?:\+?86[ -]?)?1[3-9]\d{9}(?![\w.])"), "[phone]"),
    (re.compile(r"(?<![\w])\+\d[\d -]{6,16}\d(?![\w])"), "[phone]"),
    (
        re.compile(
            r"(?i)([?&](?:access_token|refresh_token|id_token|token|ticket|code|state|key|sign"
            r"|signature|secret|password|api_key|apikey|q|email|phone)=)[^&\s\"'#]+"
        ),
        r"\1[redacted]",
    ),
]
MIN_SECRET_LENGTH = 6
MAX_REMEMBERED = 10_000
_secrets: set[str] = set()


def remember(*values: str | None) -> None:
    """Never write these values (secrets known at run time) into a log line."""
    for value in values:
        if value and len(value) >= MIN_SECRET_LENGTH and len(_secrets) < MAX_REMEMBERED:
            _secrets.add(value)


def remember_all(values: Iterable[str | None]) -> None:
    remember(*values)


def scrub(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, "[secret]")
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactionFilter(logging.Filter):
    """Scrubs a record's message and exception in place (so every handler writes it clean)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
