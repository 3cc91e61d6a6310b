"""The committed openapi.yaml is what the app serves: regenerate with `make openapi`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _exporter():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "export_openapi", ROOT / "scripts/export_openapi.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_openapi_matches_the_app() -> None:
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == _exporter().render(), "openapi.yaml drifted: run `make openapi`"


def test_every_operation_has_an_id_and_declares_errors() -> None:
    import yaml

    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("operationId"), f"{method} {path} has no operationId"
            if path not in ("/api/v1/health",):
                assert any(code.startswith(("4", "5")) for code in operation["responses"]), (
                    f"{method} {path} declares no error response"
                )
