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
HINT_RULES = {"mcp-readonly-unsafe-method", "mcp-readonly-missing", "mcp-idempotent-mismatch",
              "mcp-destructive-mismatch"}


def expected(method: str, read_only: bool | None, destructive: bool | None,
             idempotent: bool | None) -> set[str]:
    safe = method == "GET"
    naturally_idempotent = method in ("GET", "PUT", "DELETE")
    ro = bool(read_only)
    out = set()
    if ro and not safe:
        out.add("mcp-readonly-unsafe-method")
    if safe and not ro:
        out.add("mcp-readonly-missing")
    if not ro and ((idempotent is True and not naturally_idempotent)
                   or (not idempotent and naturally_idempotent and not safe)):
        out.add("mcp-idempotent-mismatch")
    if (method == "DELETE" and not ro and destructive is False) or \
            (ro and (destructive is not None or idempotent is not None)):
        out.add("mcp-destructive-mismatch")
    return out


def capability(method: str, hints: dict) -> str:
    tool = {"name": "tool", "description": "A tool.", "call": "api.op"}
    if hints:
        tool["hints"] = hints
    return yaml.safe_dump({
        "naftiko": "1.0.0-alpha2",
        "capability": {
            "consumes": [{"type": "http", "namespace": "api", "baseUri": "https://api.test",
                          "resources": [{"name": "r", "path": "/r",
                                         "operations": [{"name": "op", "method": method}]}]}],
            "exposes": [{"type": "mcp", "namespace": "tools", "port": 9090, "tools": [tool]}],
        },
    }, sort_keys=False)


CASES = list(itertools.product(METHODS, VALUES, VALUES, VALUES))


@pytest.mark.parametrize(("method", "read_only", "destructive", "idempotent"), CASES)
def test_hint_rules(method: str, read_only: bool | None, destructive: bool | None,
                    idempotent: bool | None) -> None:
    hints = {k: v for k, v in (("readOnly", read_only), ("destructive", destructive),
                               ("idempotent", idempotent)) if v is not None}
    _, diagnostics = lint_source("t.yaml", capability(method, hints).encode(), LintOptions())
    fired = {d.rule for d in diagnostics} & HINT_RULES
    assert fired == expected(method, read_only, destructive, idempotent)
