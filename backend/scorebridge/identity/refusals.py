"""Why a sign-in failed. The code goes to the SPA's login page (``/login?error=<code>``), which
words it in the reader's language; ``why`` goes to the audit log (never a secret)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from scorebridge.enterprise_apps.errors import ProviderError

RefusalCode = Literal[
    "sso_unavailable",  # the provider is not configured or switched off
    "sso_state",  # no, a wrong, a used or an expired state: start again
    "sso_denied",  # the provider (or the person) declined
    "sso_provider",  # the provider could not be reached or answered wrongly
    "sso_token",  # the ID token failed a check (signature, iss, aud, azp, exp, iat, nonce)
    "sso_unverified_email",  # only an unverified email to go on: never linked
    "sso_unknown_person",  # nobody in ScoreBridge matches the account
    "sso_ambiguous",  # more than one person matches
    "sso_no_account",  # the person has no account and accounts are not created here
    "sso_account_disabled",  # the matching account is switched off
    "sso_failed",  # anything else (logged)
]


class SignInRefused(Exception):
    def __init__(self, code: RefusalCode, why: str) -> None:
        super().__init__(why)
        self.code: RefusalCode = code
        self.why = why


def provider_refusal(
    exc: ProviderError,
    locale: str,
    *,
    code_refused: Collection[int | str],
    not_a_member: Collection[int | str],
) -> SignInRefused:
    """A WeCom or DingTalk failure as a refusal: a code it no longer knows (used, expired), a
    visitor who is no member of the organisation, or the provider failing."""
    code: RefusalCode = "sso_provider"
    if exc.errcode in code_refused:
        code = "sso_denied"
    elif exc.errcode in not_a_member:
        code = "sso_unknown_person"
    return SignInRefused(code, exc.reason(locale))
