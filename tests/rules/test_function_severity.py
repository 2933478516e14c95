"""A rule function may report a case below its rule's severity; the lower of the two wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from naftiko_lint.linter import LintOptions
from naftiko_lint.runner import lint_paths

FUNCTION = """
from naftiko_lint.diagnostics import Severity
from naftiko_lint.functions.api import FunctionResult


def port_report(target, options, context):
    for i, adapter in enumerate(target.get("capability", {}).get("exposes", [])):
        weaker = Severity.WARNING if adapter.get("port", 0) >= 8000 else None
        yield FunctionResult(f"port {adapter.get('port')}",
                             ("capability", "exposes", i, "port"), severity=weaker)
"""
DOCUMENT = """naftiko: 1.0.0-alpha2
capability:
  exposes:
    - {type: rest, namespace: a, port: 80, resources: [{path: /a, operations: [{method: GET}]}]}
    - {type: rest, namespace: b, port: 8080, resources: [{path: /b, operations: [{method: GET}]}]}
"""


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("error", ["error", "warning"]),
        ("warn", ["warning", "warning"]),
        ("info", ["info", "info"]),
    ],
)
def test_result_severity_caps_the_rules(
    tmp_path: Path, configured: str, expected: list[str]
) -> None:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "port-report.py").write_text(FUNCTION)
    (tmp_path / "ruleset.yaml").write_text(
        "functions: [port-report]\nrules:\n  house-ports:\n    description: Ports.\n"
        f"    message: '{{{{error}}}}'\n    severity: {configured}\n    given: $\n"
        "    then: {function: port-report}\n"
    )
    (tmp_path / "cap.yaml").write_text(DOCUMENT)
    options = LintOptions(rulesets=(tmp_path / "ruleset.yaml",), discover_config=False)
    result = lint_paths([str(tmp_path / "cap.yaml")], options)
    assert result.errors == []
    found = [(d.pointer, d.severity.label) for d in result.diagnostics if d.rule == "house-ports"]
    assert found == [
        ("/capability/exposes/0/port", expected[0]),
        ("/capability/exposes/1/port", expected[1]),
    ]
