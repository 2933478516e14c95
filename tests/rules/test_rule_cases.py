"""Every built-in rule: its case file lists documents (fixtures, patched clean fixtures or
inline text; tests/cases/README.md) and the exact findings they give."""

from __future__ import annotations

import pytest

from naftiko_lint.config import Config
from naftiko_lint.linter import LintOptions, lint_source
from naftiko_lint.plan import RulePlan, build_plan
from naftiko_lint.ruleset import builtin as catalog
from naftiko_lint.ruleset import docs as registry

from ..conftest import CASES
from .patches import Case, PatchError, apply_patch, load_cases


def _cases() -> list:
    return [pytest.param(c, id=f"{c.rule}-{c.index}") for c in load_cases()]


def _plan(rule_id: str) -> RulePlan:
    """Built-in rules are checked alone: the default ruleset is switched off."""
    if rule_id in catalog.BY_ID:
        return build_plan(Config(extends=(("naftiko-lint:default", "off"),)))
    return build_plan(Config())


def test_every_rule_has_a_case_file() -> None:
    """The official naftiko-* rules are covered by their documented examples instead
    (tests/rules/test_rule_docs.py); the conformance rules are observed on running servers,
    never by `check`, so a lint case cannot show them: tests/conformance/test_rule_coverage.py
    holds every one produced by some conformance test. Every other rule has a case file."""
    rules = [e.id for e in registry.active_rules(build_plan(Config()), include_off=True)]
    conformance = {r.id for r in catalog.CONFORMANCE_RULES}
    missing = [
        r
        for r in rules
        if not r.startswith("naftiko-")
        and r not in conformance
        and not (CASES / f"{r}.yaml").exists()
    ]
    assert missing == []


def test_case_names_are_unique() -> None:
    """A name is how a test or `scripts/materialize_cases.py` finds a case."""
    names = [c.entry["name"] for c in load_cases() if "name" in c.entry]
    assert sorted(names) == sorted(set(names))


@pytest.mark.parametrize("the_case", _cases())
def test_case(the_case: Case) -> None:
    rule_id, case = the_case.rule, the_case.entry
    display, raw, file = the_case.source()
    options = LintOptions(
        max_file_bytes=case.get("max_file_size", LintOptions().max_file_bytes),
        spec_version=case.get("spec_version"),
    )
    _, diagnostics = lint_source(display, raw, options, plan=_plan(rule_id), file=file)
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


def test_patch_edits_are_read_against_the_base() -> None:
    base = "a: 1\nb: 1\nc: 2\n"
    edits = [{"replace": "c: 2", "with": "c: 3"}, {"replace": "1", "with": "9", "line": 2}]
    assert apply_patch(base, edits) == "a: 1\nb: 9\nc: 3\n"
    assert apply_patch(base, [{"replace": "b: 1\n", "with": ""}]) == "a: 1\nc: 2\n"


@pytest.mark.parametrize(
    "edit",
    [
        {"replace": "1", "with": "9"},  # twice in the base, no line to pick one
        {"replace": "c", "with": "d", "line": 2},  # not on that line
        {"replace": "a", "with": "d", "line": 7},  # no such line
        {"replace": "", "with": "x"},
        {"replace": "a"},
        {"replace": "a", "with": "b", "occurrence": 1},
    ],
)
def test_a_patch_that_does_not_apply_exactly_is_refused(edit: dict) -> None:
    with pytest.raises(PatchError):
        apply_patch("a: 1\nb: 1\nc: 2\n", [edit])


def test_overlapping_edits_are_refused() -> None:
    edits = [{"replace": "a: 1", "with": "x"}, {"replace": "1\nb", "with": "y"}]
    with pytest.raises(PatchError):
        apply_patch("a: 1\nb: 1\n", edits)
