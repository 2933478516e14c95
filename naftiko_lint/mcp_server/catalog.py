"""The tools the server lists: name, description (written for an agent: what it does,
when to use it, what comes back), argument and result schemas, annotations, and the
function that answers. Pure data over the tool functions; nothing here imports the SDK."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from naftiko_lint.mcp_server import schemas, tools, tools_export, tools_fix
from naftiko_lint.mcp_server.subject import Outcome

ToolFunction = Callable[[dict[str, Any], Any], Outcome]


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str
    description: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    annotations: dict[str, bool]  # the MCP hints, by their wire names
    function: ToolFunction


# Nothing these tools do reaches the network, and none but `fix` (with write) changes
# anything; reading the same input twice gives the same answer.
READ_ONLY = {
    "readOnlyHint": True,
    "destructiveHint": False,
    "idempotentHint": True,
    "openWorldHint": False,
}
# `fix` with write: true replaces the file's content in place: not read-only, and not
# merely additive (a fix may remove or rename a key), so destructive; applying the fixes to
# a fixed file changes nothing more, so idempotent.
WRITES_FILE = {
    "readOnlyHint": False,
    "destructiveHint": True,
    "idempotentHint": True,
    "openWorldHint": False,
}

_TEXT_OR_PATH = (
    "Send the capability as `text` (optionally with `path`, the file it stands for: it "
    "decides the configuration and where local imports resolve) or as `path` alone, a file "
    "on disk relative to the server's working directory."
)

TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(
        "lint",
        "Lint a Naftiko capability",
        "Check Naftiko capability files (YAML) for schema errors, broken wiring (calls, "
        "references, inputs, outputs), and style problems, exactly as `naftiko-lint check` "
        "does. Use it after writing or editing a capability, and before serving or exporting "
        f"it. {_TEXT_OR_PATH} `path` may also be a folder (every capability in it) or a glob. "
        "Returns the JSON report of `check --format json` as structured content (files, "
        "diagnostics with rule id, severity, message, JSON pointer and 1-based range, a "
        "summary with counts, tool errors) and the report as text in `format` (default: one "
        "line per diagnostic and a summary). explain_rule tells what a rule id means; fix "
        "repairs what has a fix.",
        schemas.LINT_INPUT,
        schemas.REPORT,
        READ_ONLY,
        tools.lint,
    ),
    ToolSpec(
        "explain_rule",
        "Explain a naftiko-lint rule",
        "The documentation page of one rule (what it checks, why it matters, an invalid "
        "example and its fix), as `naftiko-lint explain RULE` prints it. Use it when a lint "
        "diagnostic's rule id is unclear. Returns the page as text, and as structured content "
        "with the rule's severity, source and one-line description. An unknown id is an "
        "error that suggests the closest known one.",
        schemas.EXPLAIN_INPUT,
        schemas.EXPLAIN_OUTPUT,
        READ_ONLY,
        tools.explain_rule,
    ),
    ToolSpec(
        "list_rules",
        "List the active naftiko-lint rules",
        "Every rule the server's configuration runs (built-in first, then the rulesets'), "
        "as `naftiko-lint rules --format json` lists them: id, severity, source and a "
        "one-line description, and whether it has an automatic fix (safe, unsafe, mixed or "
        "null). Use it to see what lint checks or to find a rule id.",
        schemas.LIST_RULES_INPUT,
        schemas.LIST_RULES_OUTPUT,
        READ_ONLY,
        tools.list_rules,
    ),
    ToolSpec(
        "fix",
        "Apply naftiko-lint's fixes",
        "Apply the automatic fixes lint's diagnostics carry (safe ones; with `unsafe: true` "
        "also those that may change meaning; only some rules with `rules`), repeating until "
        "nothing changes, then check again, as `naftiko-lint check --fix`. Comments, key "
        f"order and quoting are kept. {_TEXT_OR_PATH} Returns the whole fixed text, a "
        "unified diff, the diagnostics fixed and those remaining (in lint's JSON shape). "
        "Nothing is written unless `write: true` is sent with `path` (and no `text`): then "
        "the file is replaced by the fixed text.",
        schemas.FIX_INPUT,
        schemas.FIX_OUTPUT,
        WRITES_FILE,
        tools_fix.fix,
    ),
    ToolSpec(
        "export_openapi",
        "Export a capability's REST surface as OpenAPI",
        "The OpenAPI document (3.1 or 3.0) of the capability's REST adapter, as `naftiko-lint "
        "export openapi` writes it: paths, parameters, bodies, responses and security as the "
        f"engine serves them. {_TEXT_OR_PATH} With several REST adapters, name one with "
        "`expose`. Returns the document as structured content, its text (YAML by default) "
        "and notes on what could not be mapped. A capability without a usable REST adapter "
        "is an error listing why.",
        schemas.export_input(openapi=True),
        schemas.EXPORT_OUTPUT,
        READ_ONLY,
        tools_export.export_openapi,
    ),
    ToolSpec(
        "export_mcp_tools",
        "Export what a capability's MCP adapter lists",
        "The tools, resources, resource templates and prompts the capability's MCP adapter "
        "advertises, exactly as the engine builds them (`naftiko-lint export mcp-tools`). "
        f"{_TEXT_OR_PATH} With several MCP adapters, name one with `expose`. Returns the "
        "document `{tools, resources, resourceTemplates, prompts}` as structured content, "
        "its text (JSON by default) and notes.",
        schemas.export_input(openapi=False),
        schemas.EXPORT_OUTPUT,
        READ_ONLY,
        tools_export.export_mcp_tools,
    ),
)

BY_NAME = {spec.name: spec for spec in TOOLS}

INSTRUCTIONS = (
    "naftiko-lint checks Naftiko capability files (YAML). Lint a capability after each edit; "
    "explain_rule tells what a diagnostic's rule means; fix applies the automatic fixes "
    "(it writes the file only with write: true); export_openapi and export_mcp_tools show "
    "the surface a capability exposes. The resources naftiko-lint://schema/<version> are "
    "the format's JSON Schemas and naftiko-lint://rules/<rule id> the rules' pages; the "
    "prompts write-capability and fix-capability give the steps. Paths are relative to the "
    "server's working directory; nothing reaches the network."
)
