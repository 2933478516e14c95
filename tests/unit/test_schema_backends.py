"""jsonschema-rs and python-jsonschema must produce identical findings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from naftiko_lint.spec import schema as schema_check
from naftiko_lint.spec import versions

from ..conftest import FIXTURES

DOCUMENTS = sorted(p for folder in ("seeds", "schema") for p in (FIXTURES / folder).glob("*.yaml"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("version", versions.known_names())
def test_backends_agree(path: Path, version: str) -> None:
    pytest.importorskip("jsonschema_rs")
    data = yaml.safe_load(path.read_text())
    fast = schema_check.check(data, version, prefer="jsonschema-rs")
    slow = schema_check.check(data, version, prefer="jsonschema")
    assert sorted(fast, key=repr) == sorted(slow, key=repr)


def test_rust_backend_is_used_when_installed() -> None:
    pytest.importorskip("jsonschema_rs")
    assert schema_check.backend_for("1.0.0-alpha2").name == "jsonschema-rs"
