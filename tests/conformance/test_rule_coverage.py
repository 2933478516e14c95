"""Every conformance rule is produced by some conformance test.

The conformance rules are never reported by `check`, so the lint case files cannot cover
them (tests/rules/test_rule_cases.py exempts them). Instead each id must be what some test
under tests/conformance asserts: its id written out, or a `naftiko_lint.conformance.findings`
constant naming it, used outside the imports. Read from the tests' source (the tests run
in several worker processes, so there is no one place to collect what they observed)."""

from __future__ import annotations

import ast
from pathlib import Path

from naftiko_lint.conformance import findings
from naftiko_lint.ruleset import builtin

HERE = Path(__file__).resolve().parent


def _asserted(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == findings.__name__:
            for alias in node.names:
                value = getattr(findings, alias.name, None)
                if isinstance(value, str):
                    names[alias.asname or alias.name] = value
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.startswith("conformance-"):
                found.add(node.value)
        elif isinstance(node, ast.Name) and node.id in names:
            found.add(names[node.id])
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "findings"
            and isinstance(getattr(findings, node.attr, None), str)
        ):
            found.add(getattr(findings, node.attr))
    return found


def test_every_conformance_rule_is_produced_by_some_conformance_test() -> None:
    tests = [p for p in HERE.glob("test_*.py") if p.name != Path(__file__).name]
    asserted = set().union(*(_asserted(p) for p in tests))
    wanted = {rule.id for rule in builtin.CONFORMANCE_RULES}
    assert sorted(wanted - asserted) == []


def test_the_findings_constants_are_the_conformance_rules() -> None:
    constants = {v for k, v in vars(findings).items() if k.isupper() and isinstance(v, str)}
    assert constants == {rule.id for rule in builtin.CONFORMANCE_RULES}
