"""Every documented operation, fuzzed by schemathesis against the app in-process.

A seeded demo instance (``scorebridge seed-demo``'s data) answers positive and negative cases
of every operation as admin, HR and employee; each answer must be no 5xx and must match the
schema: its status code, content type, body and headers. ``make test`` runs this module in
both the SQLite and the PostgreSQL pass (marker ``contract``). Bounded by
``SCOREBRIDGE_CONTRACT_EXAMPLES`` (default 3) examples per operation and mode.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import SECRET, Backend
from scorebridge.app import create_app
from scorebridge.demo import DEMO_PASSWORD, seed_demo
from scorebridge.settings import Environment, Settings

pytestmark = pytest.mark.contract

BASE_URL = "http://localhost"
EXAMPLES = int(os.environ.get("SCOREBRIDGE_CONTRACT_EXAMPLES", "3"))
# Embedded jobs (a report's PDF, say) share the app's event loop: on a busy machine an answer
# may wait for one.
TIMEOUT = 120
ROLES = {
    "admin": "admin@demo.scorebridge.cn",
    "hr": "hr@demo.scorebridge.cn",
    "employee": "employee@demo.scorebridge.cn",
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Left out: signing out ends the very sign-ins the run uses, and the event stream never ends.
ROTATION = list(ROLES)
_turn = itertools.count()
SKIPPED = {
    ("POST", "/api/v1/auth/logout"),
    ("GET", "/api/v1/notifications/stream"),
}


@pytest.fixture(scope="module")
async def seeded_app(backend: Backend) -> Any:
    """The app on a database holding the demo organisation (``scorebridge seed-demo``)."""
    url = await backend.fresh(f"contract-{uuid.uuid4().hex}.db")
    settings = Settings(
        env=Environment.test,
        database_url=url,
        redis_url=backend.redis_url,
        secret_key=SECRET,
        outbound_allow="127.0.0.1",
        database_pooler=backend.pooler,
    )
    app = create_app(settings)  # first: it sets the key the demo's secrets are sealed with
    await seed_demo(settings)
    return app


@pytest.fixture(scope="module")
def client(seeded_app: Any) -> Iterator[Any]:
    """A client of the app served in-process (schemathesis runs it on its own event loop)."""
    with asgi.get_client(seeded_app) as session:
        yield session
    asgi.shutdown_lifespans()


@pytest.fixture(scope="module")
def role_headers(client: Any) -> dict[str, dict[str, str]]:
    headers = {}
    for role, email in ROLES.items():
        response = client.post(
            f"{BASE_URL}/api/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": DEMO_PASSWORD},
        )
        assert response.status_code == 200, response.text
        headers[role] = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return headers


def _documented() -> Any:
    """The schema the app serves (the same as openapi.yaml, which a test keeps in step)."""
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:", secret_key=SECRET))
    loaded = schemathesis.openapi.from_dict(app.openapi())
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES
    )
    return loaded


schema = _documented()


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
    database=None,
)
def test_every_operation_keeps_its_contract(
    case: Any, client: Any, role_headers: dict[str, dict[str, str]]
) -> None:
    if (case.method.upper(), case.path) in SKIPPED or case.path.startswith("/api/v1/auth/sso"):
        return
    # One role per example, in turn: every operation meets each of them.
    role = ROTATION[next(_turn) % len(ROTATION)]
    case.call_and_validate(
        base_url=BASE_URL,
        session=client,
        headers=role_headers[role],
        checks=CHECKS,
        timeout=TIMEOUT,
    )
