"""deploy/k8s: every core object is valid against the Kubernetes schemas (offline, bundled by
kubernetes-validate), the custom ones (KEDA, kustomize) have what they need, the pieces point
at each other, and every SCOREBRIDGE_* name in them is a setting — and every setting is
wired."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from scorebridge.settings import Settings

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30.0"
CUSTOM = {"ScaledObject", "Kustomization"}
SETTING = re.compile(r"\bSCOREBRIDGE_[A-Z0-9_]+\b")


def documents() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(K8S.rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                found.append((path, doc))
    return found


DOCS = documents()


def objects(kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for _, d in DOCS if d.get("kind") == kind}


@pytest.mark.parametrize(
    "doc",
    [d for _, d in DOCS if d["kind"] not in CUSTOM],
    ids=lambda d: f"{d['kind']}/{d['metadata']['name']}",
)
def test_core_objects_match_the_kubernetes_schemas(doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_schema_check_catches_mistakes() -> None:
    api = objects("Deployment")["scorebridge-api"]
    broken = yaml.safe_load(yaml.safe_dump(api))
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}  # a typo
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)
    broken = yaml.safe_load(yaml.safe_dump(api))
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_kustomizations_list_files_that_exist() -> None:
    for path, doc in DOCS:
        if doc["kind"] != "Kustomization":
            continue
        assert doc["apiVersion"] == "kustomize.config.k8s.io/v1beta1"
        for resource in doc["resources"]:
            assert (path.parent / resource).exists(), (path, resource)
    main = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = {(K8S / r).resolve() for r in main["resources"]}
    top_level = {p.resolve() for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml"}
    assert top_level == listed, "every manifest is in the kustomization"


def test_keda_scaled_object_scales_the_worker_on_the_queue() -> None:
    [scaled] = objects("ScaledObject").values()
    assert scaled["apiVersion"] == "keda.sh/v1alpha1"
    spec = scaled["spec"]
    assert spec["scaleTargetRef"]["name"] in objects("Deployment")
    assert spec["scaleTargetRef"]["name"] == "scorebridge-worker"
    assert spec["minReplicaCount"] >= 1
    assert spec["maxReplicaCount"] > spec["minReplicaCount"]
    queries = [t["metadata"]["query"] for t in spec["triggers"]]
    for trigger in spec["triggers"]:
        assert trigger["type"] == "prometheus"
        assert {"serverAddress", "query", "threshold"} <= set(trigger["metadata"])
    assert any("scorebridge_jobs_queued" in q for q in queries)
    assert any("scorebridge_delivery_lag_seconds" in q for q in queries)


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    return container


def test_api_probes_autoscaling_and_disruption_budget() -> None:
    deployments = objects("Deployment")
    api = _container(deployments["scorebridge-api"])
    assert api["readinessProbe"]["httpGet"]["path"] == "/api/v1/ready"
    assert api["livenessProbe"]["httpGet"]["path"] == "/api/v1/health"
    assert api["args"][0] == "serve"
    assert _container(deployments["scorebridge-worker"])["args"] == ["worker"]
    [job] = objects("Job").values()
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]
    [hpa] = objects("HorizontalPodAutoscaler").values()
    assert hpa["spec"]["scaleTargetRef"]["name"] == "scorebridge-api"
    budgets = objects("PodDisruptionBudget")
    for name, deployment in deployments.items():
        if not name.startswith("scorebridge-"):
            continue
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        covering = [
            b for b in budgets.values()
            if b["spec"]["selector"]["matchLabels"].items() <= labels.items()
        ]  # fmt: skip
        assert covering, f"{name} has a disruption budget"
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            requests = container["resources"]["requests"]
            assert {"cpu", "memory"} <= set(requests), name
            assert "memory" in container["resources"]["limits"], name
    services = objects("Service")
    assert services["scorebridge-api"]["spec"]["selector"].items() <= (
        deployments["scorebridge-api"]["spec"]["template"]["metadata"]["labels"].items()
    )


def test_network_policies_deny_by_default_and_keep_metadata_out() -> None:
    policies = objects("NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {}
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny
    assert "egress" not in deny
    partners = policies["scorebridge-partners"]["spec"]["egress"]
    for rule in partners:
        for peer in rule["to"]:
            assert "169.254.0.0/16" in peer["ipBlock"]["except"]


def test_every_setting_in_the_manifests_exists_and_every_setting_is_wired() -> None:
    named: set[str] = set()
    for path in K8S.rglob("*.yaml"):
        named |= set(SETTING.findall(path.read_text()))
    settings = {f"SCOREBRIDGE_{name.upper()}" for name in Settings.model_fields}
    unknown = named - settings
    assert not unknown, f"not settings (backend/scorebridge/settings.py): {sorted(unknown)}"
    missing = settings - named
    assert not missing, f"add to deploy/k8s/configmap.yaml or secret.yaml: {sorted(missing)}"
    secrets = {
        f"SCOREBRIDGE_{n}"
        for n in (
            "SECRET_KEY",
            "PREVIOUS_SECRET_KEYS",
            "DATABASE_URL",
            "REDIS_URL",
            "METRICS_TOKEN",
        )
    }
    assert secrets <= set(objects("Secret")["scorebridge-secrets"]["stringData"])
    assert not secrets & set(objects("ConfigMap")["scorebridge-config"]["data"])
    for deployment in objects("Deployment").values():
        if deployment["metadata"]["name"].startswith("scorebridge-"):
            sources = _container(deployment)["envFrom"]
            assert {"configMapRef": {"name": "scorebridge-config"}} in sources
            assert {"secretRef": {"name": "scorebridge-secrets"}} in sources
