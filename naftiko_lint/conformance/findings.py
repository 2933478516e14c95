"""What a conformance check observed, before it is located in the capability file.

An observation is the conformance counterpart of a rule's finding: a rule id, the JSON
pointer of the capability node it concerns and one sentence; `report.py` turns it into a
located `Diagnostic`. The ids are the `conformance` group of rules/builtin.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from naftiko_lint.pointer import Tokens

UNREACHABLE = "conformance-unreachable"
SERVER_ERROR = "conformance-server-error"
STATUS_UNDOCUMENTED = "conformance-status-undocumented"
RESPONSE_SCHEMA = "conformance-response-schema"
UPSTREAM_MISSING = "conformance-upstream-missing"
UPSTREAM_PATH = "conformance-upstream-path"
UPSTREAM_LITERAL = "conformance-upstream-literal"
UPSTREAM_INPUT = "conformance-upstream-input"
UPSTREAM_BODY = "conformance-upstream-body"
MCP_INITIALIZE = "conformance-mcp-initialize"
MCP_TOOLS_LIST = "conformance-mcp-tools-list"
MCP_ANNOTATIONS = "conformance-mcp-annotations"
MCP_REQUIRED_ACCEPTED = "conformance-mcp-required-accepted"
MCP_RESOURCES = "conformance-mcp-resources"
MCP_PROMPTS = "conformance-mcp-prompts"


@dataclass(frozen=True)
class Observation:
    """One conformance result: `rule` (a conformance-* id), the pointer tokens of the
    capability node concerned, and what was observed and how to fix it, in one sentence."""

    rule: str
    pointer: Tokens
    message: str


def unique(observations: list[Observation]) -> list[Observation]:
    """`observations` without repeats, in order (one defect seen by several requests, say
    a sample request and a schemathesis case, is reported once)."""
    return list(dict.fromkeys(observations))
