"""MCP results as the engine builds them: exposes/mcp/ToolHandler.buildToolResult and
buildMockToolResult, exposes/mcp/ResourceHandler.extractContent.

* a tool's text is its first output that maps to non-null (compact JSON), else the upstream's
  raw text; `isError` is true when the upstream answered 400 or more, or sent no entity
  ("No response entity received (HTTP 204 No Content)": an empty body counts as none here),
  or when no call was made ("No response received: no matching client adapter found");
* a mock tool's text is the compact JSON of its output values, `{}` when none;
* the engine never sends `structuredContent`;
* a resource's text is the mapped output, else the raw text, and "" without an answer;
* a conversion the emulation does not make (`outputs.NotEmulated`) is an `isError` result
  whose text starts `outputs.NOT_EMULATED` (for a resource: NotEmulated propagates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from naftiko_lint.serve.engine_java import jackson_compact
from naftiko_lint.serve.outputs import (
    NOT_EMULATED,
    NotEmulated,
    apply_output_mappings,
    build_mock_data,
)
from naftiko_lint.serve.steps import Exchange

NO_ADAPTER = "No response received: no matching client adapter found"


@dataclass(frozen=True)
class ToolResult:
    text: str
    is_error: bool
    structured: Any | None = None


@dataclass(frozen=True)
class ResourceResult:
    uri: str
    mime_type: str | None
    text: str


def build_tool_result(outputs: Any, exchange: Exchange | None) -> ToolResult:
    """buildToolResult (ConversionError / MustacheError propagate, as the engine's do)."""
    if exchange is None:
        return ToolResult(NO_ADAPTER, True)
    if exchange.status >= 1000 or not exchange.body:
        return ToolResult(
            f"No response entity received (HTTP {exchange.status} {exchange.reason})", True
        )
    is_error = exchange.status >= 400
    text = exchange.text or ""
    try:
        mapped = apply_output_mappings(text, outputs, exchange.raw_format, exchange.raw_schema)
    except NotEmulated as error:
        return not_emulated_result(error)
    return ToolResult(mapped if mapped is not None else text, is_error)


def not_emulated_result(error: NotEmulated) -> ToolResult:
    """The marked result of a conversion this emulation does not make."""
    return ToolResult(f"{NOT_EMULATED}{error}", True)


def mock_tool_result(outputs: Any, parameters: dict[str, Any]) -> ToolResult:
    """buildMockToolResult."""
    mock = build_mock_data(outputs, parameters)
    return ToolResult(jackson_compact(mock if mock is not None else {}), False)


def resource_text(outputs: Any, exchange: Exchange | None) -> str:
    """ResourceHandler.extractContent."""
    if exchange is None or exchange.body is None or exchange.status >= 1000:
        return ""
    text = exchange.text or ""
    mapped = apply_output_mappings(text, outputs, exchange.raw_format, exchange.raw_schema)
    return mapped if mapped is not None else text


_URI_VARIABLE = re.compile(r"\{([a-zA-Z0-9_]+)\}")


def match_template(spec_uri: Any, uri: str) -> dict[str, str] | None:
    """ResourceHandler.matchTemplate: `{name}` variables match one segment each; a uri
    without `{` matches only itself."""
    if not isinstance(spec_uri, str):
        return None
    if "{" not in spec_uri:
        return {} if spec_uri == uri else None
    pattern, names, last = "^", [], 0
    for m in _URI_VARIABLE.finditer(spec_uri):
        pattern += re.escape(spec_uri[last : m.start()]) + "([^/]+)"
        names.append(m.group(1))
        last = m.end()
    found = re.match(pattern + re.escape(spec_uri[last:]) + "$", uri)
    return None if found is None else dict(zip(names, found.groups(), strict=True))
