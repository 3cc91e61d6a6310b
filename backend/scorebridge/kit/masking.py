"""Secrets in answers: every secret reads ``"***"``; a ``"***"`` sent back keeps the stored
secret, but only while the address it goes to is unchanged — a secret is never sent to a new
host without being typed again.

Secrets may also ride inside a URL (a WeCom robot's ``key=``, a DingTalk robot's
``access_token=``, a password in ``user:password@``): such URLs are sealed whole at rest and
shown with those parts masked.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable

from scorebridge.kit.errors import InvalidInput

MASK = "***"
# Query parameters that carry a key in the URLs people paste (robot webhooks, gateways).
URL_SECRET_PARAMS = frozenset(
    {"key", "access_token", "token", "api_key", "apikey", "secret", "sign", "signature"}
)


def destination(url: str) -> tuple[str, str, int | None]:
    """Where a URL goes: scheme, host (lower case) and port (the scheme's default if none)."""
    parts = urllib.parse.urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    default = {"https": 443, "http": 80}.get(scheme)
    return scheme, (parts.hostname or "").rstrip(".").lower(), port or default


def masked_url(url: str) -> str:
    """``url`` with its secret query values and userinfo password replaced by ``***``."""
    parts = urllib.parse.urlsplit(url)
    query = [
        (name, MASK if name.lower() in URL_SECRET_PARAMS and value else value)
        for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    ]
    netloc = parts.netloc
    if parts.password:
        netloc = netloc.replace(f":{parts.password}@", f":{MASK}@", 1)
    return urllib.parse.urlunsplit(
        parts._replace(netloc=netloc, query=urllib.parse.urlencode(query, safe="*"))
    )


def _has_mask(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.password == MASK:
        return True
    return any(
        name.lower() in URL_SECRET_PARAMS and value == MASK
        for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    )


def unmask_url(loc: list[str | int], given: str, stored: str | None) -> str:
    """The URL to store for ``given``: masked parts are filled in from ``stored`` when both go
    to the same address; a 422 naming ``loc`` otherwise (the secret must be sent again)."""
    if not _has_mask(given):
        return given
    if not stored or destination(given) != destination(stored):
        raise InvalidInput(
            loc, "The address changed (or none is stored): send the URL with its key again"
        )
    old = urllib.parse.urlsplit(stored)
    old_query = dict(urllib.parse.parse_qsl(old.query, keep_blank_values=True))
    parts = urllib.parse.urlsplit(given)
    query = []
    for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        if value == MASK and name.lower() in URL_SECRET_PARAMS:
            if name not in old_query:
                raise InvalidInput(loc, f"No stored value for '{name}': send it")
            value = old_query[name]
        query.append((name, value))
    netloc = parts.netloc
    if parts.password == MASK:
        netloc = netloc.replace(f":{MASK}@", f":{old.password or ''}@", 1)
    return urllib.parse.urlunsplit(
        parts._replace(netloc=netloc, query=urllib.parse.urlencode(query))
    )


def keep_masked(loc: list[str | int], given: str, stored: str | None, *, same_address: bool) -> str:
    """The secret to store for ``given``: the stored one when ``given`` is ``***`` and the
    address is unchanged; a 422 naming ``loc`` when it is ``***`` and it cannot be kept."""
    if given != MASK:
        return given
    if not stored:
        raise InvalidInput(loc, "The value is masked but none is stored: send it")
    if not same_address:
        raise InvalidInput(loc, "The address changed: send this secret again")
    return stored


def masked_values(values: dict[str, str], names: Iterable[str] | None = None) -> dict[str, str]:
    """``values`` with the values of ``names`` (all when None) masked."""
    chosen = set(names) if names is not None else set(values)
    return {k: (MASK if k in chosen and v else v) for k, v in values.items()}
