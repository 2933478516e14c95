"""Every built-in rule: its case file lists fixtures and the exact findings they give."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from naftiko_lint.config import Config
from naftiko_lint.linter import LintOptions, lint_source
from naftiko_lint.plan import RulePlan, build_plan
from naftiko_lint.ruleset import builtin as catalog
from naftiko_lint.ruleset import docs as registry

from ..conftest import CASES, FIXTURES


def _cases() -> list[tuple[str, dict]]:
    out = []
    for case_file in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(case_file.read_text())):
            out.append(pytest.param(case_file.stem, case, id=f"{case_file.stem}-{i}"))
    return out


def _plan(rule_id: str) -> RulePlan:
    """Built-in rules are checked alone: the default ruleset is switched off."""
    if rule_id in catalog.BY_ID:
        return build_plan(Config(extends=(("naftiko-lint:default", "off"),)))
    return build_plan(Config())


def test_every_rule_has_a_case_file() -> None:
    """The official naftiko-* rules are covered by their documented examples instead
    (tests/rules/test_rule_docs.py); every other rule has a case file."""
    rules = [e.id for e in registry.active_rules(build_plan(Config()), include_off=True)]
    missing = [
        r for r in rules if not r.startswith("naftiko-") and not (CASES / f"{r}.yaml").exists()
    ]
    assert missing == []


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_case(rule_id: str, case: dict) -> None:
    fixture: Path = FIXTURES / case["fixture"]
    options = LintOptions(
        max_file_bytes=case.get("max_file_size", LintOptions().max_file_bytes),
        spec_version=case.get("spec_version"),
    )
    _, diagnostics = lint_source(
        case["fixture"], fixture.read_bytes(), options, plan=_plan(rule_id), file=fixture
    )
    if rule_id not in catalog.BY_ID:  # a ruleset rule: its own findings only
        diagnostics = [d for d in diagnostics if d.rule == rule_id]
    got = [
        {
            "rule": d.rule,
            "severity": d.severity.label,
            "line": d.range.start.line,
            "column": d.range.start.column,
        }
        for d in diagnostics
    ]
    expected = [{k: e[k] for k in ("rule", "severity", "line", "column")} for e in case["expect"]]
    assert got == expected
    for want, diagnostic in zip(case["expect"], diagnostics, strict=True):
        if "pointer" in want:
            assert diagnostic.pointer == want["pointer"]
        if "message" in want:
            assert want["message"] in diagnostic.message
        assert diagnostic.message  # never empty
    if case["expect"]:
        assert any(d.rule == rule_id for d in diagnostics)
