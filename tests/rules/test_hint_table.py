"""Every HTTP method against every combination of MCP hints: which hint rules fire.

The expectation is written from RFC 9110 and the MCP defaults (readOnly false, destructive
true, idempotent false), independently of the rule code."""

from __future__ import annotations

import itertools

import pytest
import yaml

from naftiko_lint.linter import LintOptions, lint_source

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
VALUES = [None, True, False]  # None: the hint is not written
HINT_RULES = {
    "mcp-readonly-unsafe-method",
    "mcp-readonly-missing",
    "mcp-idempotent-mismatch",
    "mcp-destructive-mismatch",
}


def expected(
    method: str, read_only: bool | None, destructive: bool | None, idempotent: bool | None
) -> dict[str, str]:
    """rule → severity. POST behind readOnly is a thing to verify (many APIs read with POST),
    and so is idempotent on POST/PATCH; destructive: false / idempotent: true beside readOnly
    agree with it (the engine derives readOnly + destructive: false for safe functions);
    only destructive: true contradicts it."""
    safe = method == "GET"
    naturally_idempotent = method in ("GET", "PUT", "DELETE")
    ro = bool(read_only)
    out = {}
    if ro and not safe:
        out["mcp-readonly-unsafe-method"] = "warning" if method == "POST" else "error"
    if safe and not ro:
        out["mcp-readonly-missing"] = "warning"
    if not ro and idempotent is True and not naturally_idempotent:
        out["mcp-idempotent-mismatch"] = "info"
    elif not ro and not idempotent and naturally_idempotent and not safe:
        out["mcp-idempotent-mismatch"] = "warning"
    if method == "DELETE" and not ro and destructive is False:
        out["mcp-destructive-mismatch"] = "warning"
    elif ro and destructive is True:
        out["mcp-destructive-mismatch"] = "info"
    return out


def capability(method: str, hints: dict) -> str:
    tool = {"name": "tool", "description": "A tool.", "call": "api.op"}
    if hints:
        tool["hints"] = hints
    return yaml.safe_dump(
        {
            "naftiko": "1.0.0-alpha2",
            "capability": {
                "consumes": [
                    {
                        "type": "http",
                        "namespace": "api",
                        "baseUri": "https://api.test",
                        "resources": [
                            {
                                "name": "r",
                                "path": "/r",
                                "operations": [{"name": "op", "method": method}],
                            }
                        ],
                    }
                ],
                "exposes": [{"type": "mcp", "namespace": "tools", "port": 9090, "tools": [tool]}],
            },
        },
        sort_keys=False,
    )


CASES = list(itertools.product(METHODS, VALUES, VALUES, VALUES))


@pytest.mark.parametrize(("method", "read_only", "destructive", "idempotent"), CASES)
def test_hint_rules(
    method: str, read_only: bool | None, destructive: bool | None, idempotent: bool | None
) -> None:
    hints = {
        k: v
        for k, v in (
            ("readOnly", read_only),
            ("destructive", destructive),
            ("idempotent", idempotent),
        )
        if v is not None
    }
    _, diagnostics = lint_source("t.yaml", capability(method, hints).encode(), LintOptions())
    fired = {d.rule: d.severity.label for d in diagnostics if d.rule in HINT_RULES}
    assert fired == expected(method, read_only, destructive, idempotent)


def test_safe_function_contradiction_is_left_to_the_official_rule() -> None:
    """destructive: true on a ref tool whose function is safe: the official
    naftiko-aggregate-semantics-consistency reports it, mcp-destructive-mismatch does not."""
    text = yaml.safe_dump(
        {
            "naftiko": "1.0.0-alpha2",
            "capability": {
                "consumes": [
                    {
                        "type": "http",
                        "namespace": "api",
                        "baseUri": "https://api.test",
                        "resources": [
                            {
                                "name": "r",
                                "path": "/r",
                                "operations": [{"name": "op", "method": "GET"}],
                            }
                        ],
                    }
                ],
                "aggregates": [
                    {
                        "label": "Fns",
                        "namespace": "fns",
                        "functions": [
                            {
                                "name": "read",
                                "description": "Read.",
                                "semantics": {"safe": True},
                                "call": "api.op",
                            }
                        ],
                    }
                ],
                "exposes": [
                    {
                        "type": "mcp",
                        "namespace": "tools",
                        "port": 9090,
                        "tools": [{"ref": "fns.read", "hints": {"destructive": True}}],
                    }
                ],
            },
        },
        sort_keys=False,
    )
    _, diagnostics = lint_source("t.yaml", text.encode(), LintOptions())
    rules = {d.rule for d in diagnostics}
    assert "naftiko-aggregate-semantics-consistency" in rules
    assert "mcp-destructive-mismatch" not in rules
