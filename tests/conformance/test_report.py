"""Observations become located diagnostics of the capability file, with the severity its
configuration gives, in check's own formats (SARIF and JUnit included). No server."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from naftiko_lint.cli.conformance import _write
from naftiko_lint.conformance.findings import (
    MCP_REQUIRED_ACCEPTED,
    UNREACHABLE,
    UPSTREAM_LITERAL,
    Observation,
)
from naftiko_lint.conformance.report import locate_observations, result_of
from naftiko_lint.diagnostics import Severity
from naftiko_lint.ruleset import builtin
from tests.conftest import FIXTURES

SEED0 = FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml"
STATUS = ("capability", "exposes", 0, "resources", 0, "operations", 1, "with", "status")
OBSERVED = [
    Observation(UPSTREAM_LITERAL, STATUS, "the upstream received 'rest.status'"),
    Observation(UPSTREAM_LITERAL, STATUS, "the upstream received 'rest.status'"),  # a repeat
    Observation(MCP_REQUIRED_ACCEPTED, ("capability", "exposes", 1, "tools", 0), "accepted"),
    Observation(UNREACHABLE, ("capability", "exposes", 0), "refused"),
]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "seed.yaml"
    shutil.copy(SEED0, target)
    return target


def test_observations_are_located_at_their_nodes_once_each(tmp_path: Path) -> None:
    located = locate_observations(str(_copy(tmp_path)), OBSERVED)
    got = [
        (d.rule, d.severity, d.range.start.line, d.range.start.column) for d in located.diagnostics
    ]
    assert got == [
        (UNREACHABLE, Severity.ERROR, 85, 5),
        (UPSTREAM_LITERAL, Severity.ERROR, 109, 19),
        (MCP_REQUIRED_ACCEPTED, Severity.WARNING, 140, 7),
    ]
    assert located.rules == tuple(sorted(r.id for r in builtin.CONFORMANCE_RULES))


def test_the_configuration_sets_their_severity(tmp_path: Path) -> None:
    capability = _copy(tmp_path)
    (tmp_path / ".naftiko-lint.yaml").write_text(
        f"rules:\n  {UPSTREAM_LITERAL}: off\n  {MCP_REQUIRED_ACCEPTED}: error\n"
    )
    located = locate_observations(str(capability), OBSERVED)
    assert [(d.rule, d.severity) for d in located.diagnostics] == [
        (UNREACHABLE, Severity.ERROR),
        (MCP_REQUIRED_ACCEPTED, Severity.ERROR),
    ]
    assert UPSTREAM_LITERAL not in located.rules


def test_every_format_of_check_reports_them(tmp_path: Path) -> None:
    located = locate_observations(str(_copy(tmp_path)), OBSERVED)
    outputs = {name: tmp_path / f"report.{name}" for name in ("sarif", "junit", "json", "text")}
    _write(located, [(name, str(path)) for name, path in outputs.items()], result_of(located))
    sarif = json.loads(outputs["sarif"].read_text())
    run = sarif["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == [
        UNREACHABLE,
        UPSTREAM_LITERAL,
        MCP_REQUIRED_ACCEPTED,
    ]
    described = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {UNREACHABLE, UPSTREAM_LITERAL} <= described
    suite = ET.parse(outputs["junit"]).getroot().find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {r.id for r in builtin.CONFORMANCE_RULES}
    assert cases[UPSTREAM_LITERAL].find("failure") is not None
    assert cases["conformance-upstream-path"].find("failure") is None
    report = json.loads(outputs["json"].read_text())
    assert [d["rule"] for d in report["diagnostics"]][:2] == [UNREACHABLE, UPSTREAM_LITERAL]
    assert "[conformance-upstream-literal]" in outputs["text"].read_text()
