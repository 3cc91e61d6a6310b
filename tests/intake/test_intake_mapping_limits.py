"""Admin-written JMESPath is bounded: pathological expressions are refused when saved, and any
evaluation runs on a budget of steps, time and size, off the event loop."""

from __future__ import annotations

import asyncio
import json

import pytest

from conftest import App
from scorebridge.intake import expressions, mapping
from vendor_support import admin, create_vendor, deliveries, send

# Each ``.[@,@]`` doubles the value: 2^16 copies of the payload's list, were it materialised.
DOUBLING = "a" + ".[@,@]" * 16
PAYLOAD = {"a": ["x" * 1000] * 10}
PIPES = "a" + "|[@,@]" * 12  # the 230-character kind of expression that froze the API


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        (PIPES, "at most 8 pipes"),
        ("a" + "[*]" * 30, "at most 24 projections"),
        ("[" * 40 + "a" + "]" * 40, "nested more than 32 levels"),
        ("a" * 5000, "at most 4096"),
    ],
)
def test_pathological_expressions_are_refused(expression: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        expressions.check_expression(expression)


def test_ordinary_mappings_pass() -> None:
    expressions.check_expression(
        "{interview_id: result.id, candidate: {external_id: applicant.uid},"
        " total_score: result.score, dimensions: result.items[].{code: key, score: value}}"
    )


@pytest.mark.parametrize(
    "expression",
    [
        f"length(to_string({DOUBLING}))",
        f"{DOUBLING} == {DOUBLING}",
        f"{DOUBLING}",
        "join('', a" + ".[@,@]" * 10 + "[]" * 10 + ")",
    ],
)
def test_evaluation_is_bounded(expression: str) -> None:
    expressions.check_expression(expression)  # small enough to be saved …
    with pytest.raises(mapping.MappingError, match=r"steps|bytes|longer"):
        mapping.search(expression, PAYLOAD)  # … but stopped when it runs away


async def test_saving_a_pathological_mapping_is_a_422_naming_the_field(app: App) -> None:
    await create_vendor(app)
    for expression in (PIPES, "[" * 40 + "a" + "]" * 40, "a" * 5000):
        response = await app.client.patch(
            "/api/v1/vendors/acme",
            json={"mapping": {"expression": expression}},
            headers=await admin(app),
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        [error] = response.json()["errors"]
        assert error["loc"] == ["body", "mapping", "expression"]
    poll = await app.client.patch(
        "/api/v1/vendors/acme",
        json={"poll": {"url": "https://vendor.example/results", "items": PIPES}},
        headers=await admin(app),
    )
    assert poll.status_code == 422, poll.text
    assert ["body", "poll", "items"] in [e["loc"] for e in poll.json()["errors"]]


async def test_preview_of_a_runaway_mapping_answers_and_health_stays_up(app: App) -> None:
    headers = await admin(app)
    preview = asyncio.create_task(
        app.client.post(
            "/api/v1/vendors/mapping-preview",
            json={"expression": f"length(to_string({DOUBLING}))", "payload": PAYLOAD},
            headers=headers,
        )
    )
    async with asyncio.timeout(10):
        health = await app.client.get("/api/v1/health")
        answer = await preview
    assert health.status_code == 200
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["ok"] is False
    assert body["errors"][0]["loc"] == ["expression"]
    assert "bytes" in body["errors"][0]["msg"]
    refused = await app.client.post(
        "/api/v1/vendors/mapping-preview",
        json={"expression": PIPES, "payload": PAYLOAD},
        headers=headers,
    )
    assert refused.json()["errors"] == [
        {"loc": ["expression"], "msg": "at most 8 pipes (|), this one has 12"}
    ]


async def test_a_runaway_mapping_fails_the_delivery_with_a_reason(app: App) -> None:
    expression = f"{{interview_id: id, total_score: length(to_string({DOUBLING}))}}"
    await create_vendor(app, mapping={"expression": expression})
    await send(app, json.dumps({"id": "x", **PAYLOAD}).encode())
    await app.run_jobs()
    [failed] = await deliveries(app, status="failed")
    assert failed["error"].startswith("expression: the mapping makes a value over")
