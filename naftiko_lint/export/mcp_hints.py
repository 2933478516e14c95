"""A tool's `annotations`, as the engine advertises them.

Three engine steps, reproduced in order:
1. aggregates/AggregateRefResolver.deriveHints + mergeHints: a `ref` tool whose function
   declares `semantics` gets hints derived from them (safe: true -> readOnly true and
   destructive false; safe: false -> readOnly false; idempotent copied; cacheable and
   openWorld never derived), each hint the tool sets itself winning;
2. exposes/mcp/McpServerAdapter.buildToolAnnotations: no hints and no label -> no
   annotations; otherwise ToolAnnotations(label, readOnly, destructive, idempotent,
   openWorld);
3. exposes/mcp/ProtocolDispatcher.handleToolsList: only the non-null fields are written, in
   the order title, readOnlyHint, destructiveHint, idempotentHint, openWorldHint, and an
   empty object is left out (so semantics holding only `cacheable` add nothing)."""

from __future__ import annotations

from typing import Any

from naftiko_lint.export.mcp_java import string_field

HINTS = (  # (capability hint, MCP annotation), in the order the engine writes them
    ("readOnly", "readOnlyHint"),
    ("destructive", "destructiveHint"),
    ("idempotent", "idempotentHint"),
    ("openWorld", "openWorldHint"),
)

Hints = dict[str, bool | None]


def _flag(value: Any) -> bool | None:
    """A Jackson `Boolean` field: a boolean, or null. Anything else is not a hint the
    engine could have read; the schema rejects it, so it is treated as absent."""
    return value if isinstance(value, bool) else None


def declared_hints(tool: dict) -> Hints | None:
    """The tool's own `hints` (McpToolHintsSpec), None when it has none."""
    hints = tool.get("hints")
    if not isinstance(hints, dict):
        return None
    return {name: _flag(hints.get(name)) for name, _ in HINTS}


def derived_hints(semantics: Any) -> Hints | None:
    """AggregateRefResolver.deriveHints; None when the function has no `semantics`."""
    if not isinstance(semantics, dict):
        return None
    hints: Hints = {name: None for name, _ in HINTS}
    safe = _flag(semantics.get("safe"))
    if safe is True:
        hints["readOnly"], hints["destructive"] = True, False
    elif safe is False:
        hints["readOnly"] = False
    hints["idempotent"] = _flag(semantics.get("idempotent"))
    return hints


def merged_hints(derived: Hints | None, explicit: Hints | None) -> Hints | None:
    """AggregateRefResolver.mergeHints: each hint the tool sets wins over the derived one."""
    if derived is None:
        return explicit
    if explicit is None:
        return derived
    return {
        name: explicit[name] if explicit[name] is not None else derived[name] for name in derived
    }


def annotations(tool: dict, function: dict | None) -> dict | None:
    """The `annotations` object of one tool (`function`: its `ref` target, if any), or None
    when the engine writes none."""
    hints = declared_hints(tool)
    if function is not None:
        hints = merged_hints(derived_hints(function.get("semantics")), hints)
    label = string_field(tool.get("label"))
    if hints is None and label is None:
        return None
    out: dict[str, Any] = {}
    if label is not None:
        out["title"] = label
    for name, key in HINTS:
        if hints is not None and hints[name] is not None:
            out[key] = hints[name]
    return out or None
