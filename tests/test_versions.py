"""Every known spec version has a bundled, valid JSON Schema."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from naftiko_lint import versions


@pytest.mark.parametrize("version", versions.KNOWN_VERSIONS, ids=lambda v: v.name)
def test_schema_is_bundled_and_valid(version: versions.SpecVersion) -> None:
    schema = json.loads(version.schema_file.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(f"naftiko-{version.name}.schema.json")
    assert schema["properties"]["naftiko"]["const"] == version.name
    undocumented = [name for name, d in schema["$defs"].items() if not d.get("description")]
    assert undocumented == []


def test_unknown_version_suggests_closest() -> None:
    message, suggestion = versions.unknown_version_message("1.0.0-alpha")
    assert suggestion is not None and suggestion.startswith("1.0.0-alpha")
    assert "known versions: 1.0.0-alpha1, 1.0.0-alpha2, 1.0.0-alpha3" in message


def test_retired_version_is_named_as_such() -> None:
    message, suggestion = versions.unknown_version_message("0.5")
    assert "predates 1.0" in message and suggestion == versions.LATEST.name
