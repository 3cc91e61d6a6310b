"""deploy/grafana/scorebridge.json: valid JSON whose queries use only metrics ScoreBridge has."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client import REGISTRY

import scorebridge.app  # noqa: F401  (every domain registers its gauges)
from scorebridge.observability import gauges

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "scorebridge.json"


def test_every_panel_queries_a_metric_scorebridge_exposes() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    known = {g.name for g in gauges.registered()} | {"scorebridge_jobs_queued"}
    for family in REGISTRY.collect():
        known |= {sample.name for sample in family.samples} | {family.name}
    known |= {f"{name}_total" for name in list(known)}
    for suffix in ("_bucket", "_count", "_sum"):
        known |= {f"scorebridge_http_request_duration_seconds{suffix}"}
    assert dashboard["panels"]
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            used = set(re.findall(r"scorebridge_[a-z_]+", target["expr"]))
            assert used, panel["title"]
            assert used <= known, (panel["title"], used - known)
