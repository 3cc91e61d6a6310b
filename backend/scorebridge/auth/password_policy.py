"""Which passwords may be set: everywhere a password is set (create user, update user, CLI).

Refused, with a 422 naming the field in the setter's language:

* a password from the bundled list of the 20,000 most common ones
  (``common-passwords.txt.gz``, see ``common-passwords.LICENSE``), also with digits or symbols
  only added before or after it (``Password2026!``);
* trivial ones: few distinct characters (``aaaaaaaaaa``, ``abababab12``), a repeated pattern
  (``abcabcabca``), a run up or down the alphabet or the digits (``0123456789``, ``zyxwvuts``);
* the account's own email, its local part or the person's name, with little else.

Length (10–256) is checked by the schema.
"""

from __future__ import annotations

import gzip
import itertools
import re
from functools import lru_cache
from pathlib import Path

from scorebridge.kit.errors import InvalidInput

LIST_FILE = Path(__file__).with_name("common-passwords.txt.gz")
MIN_DISTINCT = 5
MIN_OWN_REST = 6  # characters a password must have besides the email/name inside it

MESSAGES: dict[str, dict[str, str]] = {
    "common": {
        "zh-CN": "该密码属于最常见的密码之一,很容易被猜中,请换一个",
        "en": "This password is one of the most common passwords and easy to guess; choose another",
    },
    "repeated": {
        "zh-CN": "密码由少数字符重复组成,过于简单,请换一个",
        "en": "This password repeats a few characters and is too simple; choose another",
    },
    "sequence": {
        "zh-CN": "密码是连续的字母或数字(如 12345678、abcdefgh),过于简单,请换一个",
        "en": "This password is a run of letters or digits (like 12345678 or abcdefgh); "
        "choose another",
    },
    "personal": {
        "zh-CN": "密码与账号的邮箱或姓名过于接近,请换一个",
        "en": "This password is too close to the account's email or name; choose another",
    },
}


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(LIST_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _is_common(lowered: str) -> bool:
    common = common_passwords()
    if lowered in common:
        return True
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    return len(core) >= 4 and core in common


def _is_repeated(lowered: str) -> bool:
    if len(set(lowered)) < MIN_DISTINCT:
        return True
    size = len(lowered)
    return any(
        lowered == (lowered[:period] * (size // period + 1))[:size]
        for period in range(1, size // 2 + 1)
    )


def _is_sequence(lowered: str) -> bool:
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(lowered)}
    return len(steps) == 1 and abs(next(iter(steps))) == 1


def _is_personal(lowered: str, email: str | None, name: str | None) -> bool:
    letters = re.sub(r"[\W_]+", "", lowered)
    own: list[str] = []
    if email:
        email = email.lower()
        own += [email, email.split("@", 1)[0]]
    if name:
        own += [name.lower(), name.lower().replace(" ", "")]
    for value in own:
        value = re.sub(r"[\W_]+", "", value)
        if len(value) >= 3 and value in letters and len(letters.replace(value, "")) < MIN_OWN_REST:
            return True
    return False


def problem(password: str, *, email: str | None = None, name: str | None = None) -> str | None:
    """The reason ``password`` is refused (a key of :data:`MESSAGES`), or None."""
    lowered = password.lower()
    if _is_common(lowered):
        return "common"
    if _is_repeated(lowered):
        return "repeated"
    if _is_sequence(lowered):
        return "sequence"
    if _is_personal(lowered, email, name):
        return "personal"
    return None


def message(reason: str, locale: str | None) -> str:
    return MESSAGES[reason]["en" if locale == "en" else "zh-CN"]


def check(
    password: str,
    *,
    email: str | None = None,
    name: str | None = None,
    locale: str | None = None,
    loc: tuple[str, ...] = ("body", "password"),
) -> None:
    """Raise a 422 naming the field when ``password`` may not be set."""
    reason = problem(password, email=email, name=name)
    if reason is not None:
        raise InvalidInput(list(loc), message(reason, locale))
