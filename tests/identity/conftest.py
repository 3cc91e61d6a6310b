"""The sign-in tests' partner: a real OpenID Provider (panva/oidc-provider, ``tests/idp/``,
installed by ``make idp-install``), started once per run."""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterator

import pytest

from enterprise_emulator import enterprise_emulator
from identity.support import ACCOUNTS, CALLBACK, CLIENT_ID, CLIENT_SECRET, IDP_DIR, Idp

__all__ = ["enterprise_emulator", "idp"]


@pytest.fixture(scope="session")
def idp() -> Iterator[Idp]:
    if not (IDP_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("the test OpenID Provider is not installed: run `make idp-install`")
    options = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [CALLBACK],
            }
        ],
        "accounts": ACCOUNTS,
    }
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            ["node", str(IDP_DIR / "provider.mjs"), json.dumps(options)],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            log.seek(0)
            pytest.fail(f"the test OpenID Provider did not start: {log.read().decode()[-2000:]}")
        try:
            yield Idp(issuer=json.loads(line)["issuer"])
        finally:
            process.terminate()
            process.wait(timeout=10)
