"""The MCP hint fixes: written where the HTTP methods decide, never for the findings that
ask the author to verify (readOnly on POST, idempotent on POST/PATCH), never against a ref
function's semantics."""

from __future__ import annotations

import itertools

import pytest
import yaml

import naftiko_lint
from naftiko_lint.diagnostics import Diagnostic, Edit
from naftiko_lint.fix.api import fix_text
from naftiko_lint.linter import LintOptions

from .test_hint_table import HINT_RULES, METHODS, VALUES, capability, expected

OPTIONS = LintOptions(discover_config=False)
TOOL = "/capability/exposes/0/tools/0"
# what the author must decide: the findings that never carry a fix
VERIFY = {
    ("mcp-readonly-unsafe-method", "warning"),  # readOnly on POST
    ("mcp-idempotent-mismatch", "info"),  # idempotent on POST or PATCH
}


def hint_findings(text: str) -> list[Diagnostic]:
    return [d for d in naftiko_lint.lint_text(text, "t.yaml", OPTIONS) if d.rule in HINT_RULES]


def one(method: str, hints: dict, rule: str) -> Diagnostic:
    [d] = [d for d in hint_findings(capability(method, hints)) if d.rule == rule]
    return d


def test_readonly_on_delete_writes_what_delete_implies() -> None:
    d = one("DELETE", {"readOnly": True, "destructive": False}, "mcp-readonly-unsafe-method")
    assert d.fix is not None and not d.fix.safe and d.fix.replacement is None
    assert d.fix.edits == (
        Edit("set", f"{TOOL}/hints/readOnly", False),
        Edit("set", f"{TOOL}/hints/destructive", True),
        Edit("set", f"{TOOL}/hints/idempotent", True),
    )
    assert d.fix.title == "set readOnly: false, set destructive: true, set idempotent: true"


def test_readonly_on_patch_only_unsets_readonly() -> None:
    d = one("PATCH", {"readOnly": True}, "mcp-readonly-unsafe-method")
    assert d.fix is not None
    assert d.fix.edits == (Edit("set", f"{TOOL}/hints/readOnly", False),)


def test_get_without_hints_gets_a_hints_mapping() -> None:
    d = one("GET", {}, "mcp-readonly-missing")
    assert d.fix is not None and not d.fix.safe
    assert d.fix.edits == (Edit("set", f"{TOOL}/hints", {"readOnly": True}),)


def test_get_marked_destructive_loses_it_with_readonly() -> None:
    d = one("GET", {"readOnly": False, "destructive": True}, "mcp-readonly-missing")
    assert d.fix is not None
    assert d.fix.edits == (
        Edit("set", f"{TOOL}/hints/readOnly", True),
        Edit("remove", f"{TOOL}/hints/destructive"),
    )


def test_put_is_marked_idempotent() -> None:
    d = one("PUT", {}, "mcp-idempotent-mismatch")
    assert d.fix is not None and not d.fix.safe
    assert d.fix.edits == (Edit("set", f"{TOOL}/hints", {"idempotent": True}),)
    d = one("PUT", {"idempotent": False}, "mcp-idempotent-mismatch")
    assert d.fix is not None
    assert d.fix.edits == (Edit("set", f"{TOOL}/hints/idempotent", True),)


def test_delete_marked_not_destructive_is_marked_destructive() -> None:
    d = one("DELETE", {"destructive": False, "idempotent": True}, "mcp-destructive-mismatch")
    assert d.fix is not None and not d.fix.safe
    assert d.fix.edits == (Edit("set", f"{TOOL}/hints/destructive", True),)


@pytest.mark.parametrize(
    ("method", "hints", "rule"),
    [
        ("POST", {"readOnly": True}, "mcp-readonly-unsafe-method"),
        ("POST", {"idempotent": True}, "mcp-idempotent-mismatch"),
        ("PATCH", {"readOnly": False, "idempotent": True}, "mcp-idempotent-mismatch"),
        ("POST", {"readOnly": True, "destructive": True}, "mcp-destructive-mismatch"),
    ],
)
def test_findings_to_verify_have_no_fix(method: str, hints: dict, rule: str) -> None:
    assert one(method, hints, rule).fix is None


def _ref_tool(method: str, semantics: dict, hints: dict) -> str:
    data = yaml.safe_load(capability(method, hints))
    tool = data["capability"]["exposes"][0]["tools"][0]
    del tool["call"], tool["name"], tool["description"]
    tool["ref"] = "fns.act"
    data["capability"]["aggregates"] = [
        {
            "namespace": "fns",
            "functions": [
                {"name": "act", "description": "Act.", "semantics": semantics, "call": "api.op"}
            ],
        }
    ]
    return yaml.safe_dump(data, sort_keys=False)


def test_no_fix_against_the_functions_semantics() -> None:
    # readOnly comes from semantics.safe: the function is what is wrong, not the tool
    text = _ref_tool("DELETE", {"safe": True}, {})
    [d] = [d for d in hint_findings(text) if d.rule == "mcp-readonly-unsafe-method"]
    assert d.fix is None
    text = _ref_tool("PUT", {"safe": False, "idempotent": False}, {"readOnly": False})
    [d] = [d for d in hint_findings(text) if d.rule == "mcp-idempotent-mismatch"]
    assert d.fix is None


def _after(method: str, hints: dict) -> tuple[dict, list[Diagnostic]]:
    result = fix_text(
        capability(method, hints), "t.yaml", unsafe=True, options=OPTIONS, rules=HINT_RULES
    )
    tool = yaml.safe_load(result.fixed)["capability"]["exposes"][0]["tools"][0]
    remaining = [d for d in result.remaining if d.rule in HINT_RULES]
    return tool.get("hints", {}), remaining


@pytest.mark.parametrize("method", METHODS)
def test_every_fixable_hint_combination_ends_agreeing_with_the_method(method: str) -> None:
    """Every hint combination (the rule table's), fixed: what remains is only what the
    author must verify, judged by the table's own oracle on the written hints."""
    for read_only, destructive, idempotent in itertools.product(VALUES, VALUES, VALUES):
        given = {
            k: v
            for k, v in (
                ("readOnly", read_only),
                ("destructive", destructive),
                ("idempotent", idempotent),
            )
            if v is not None
        }
        hints, remaining = _after(method, given)
        oracle = expected(
            method, hints.get("readOnly"), hints.get("destructive"), hints.get("idempotent")
        )
        left = {(d.rule, d.severity.label) for d in remaining}
        assert left == set(oracle.items()), (given, hints)
        assert all(d.fix is None for d in remaining), (given, hints)
        verify = VERIFY | ({("mcp-destructive-mismatch", "info")} if method == "POST" else set())
        assert left <= verify, (given, hints)
