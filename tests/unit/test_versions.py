"""Every known spec version has a bundled, valid JSON Schema."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from naftiko_lint.spec import versions


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


def test_default_ruleset_formats_are_the_known_versions() -> None:
    import yaml

    from naftiko_lint.bundled import rules_dir

    data = yaml.safe_load((rules_dir() / "naftiko.yaml").read_text())
    assert data["formats"] == versions.known_names()


PRE_1_0 = """naftiko: "0.5"
capability:
  exposes:
    - type: mcp
      namespace: legacy-tools
      tools:
        - name: lookup
          description: Looks a thing up.
          steps:
            - {name: each, type: call, call: legacy.get, forEach: "{{list.items}}",
               with: {id: "{{item.id}}"}}
"""


def test_unknown_version_gets_no_consistency_findings_unless_asked() -> None:
    from naftiko_lint.linter import LintOptions, lint_source

    _, found = lint_source("old.yaml", PRE_1_0.encode(), LintOptions())
    assert [d.rule for d in found] == ["unknown-version"]
    assert "not checked" in found[0].message
    _, forced = lint_source("old.yaml", PRE_1_0.encode(), LintOptions(spec_version="1.0.0-alpha2"))
    assert {"call-unresolved", "with-input-undeclared"} <= {d.rule for d in forced}
