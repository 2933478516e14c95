"""How `with` entries enter a call's parameter map: the two ways the engine merges them.

* util/OperationStepExecutor.mergeWithParameters (REST operations, call steps, aggregate
  functions, MCP resources): entries are taken in the iteration order of the `with` map, a
  `ConcurrentHashMap` (spec/exposes/*: `new ConcurrentHashMap<>(with)`), and each one is
  resolved against the map as merged **so far**: a string starting with `<namespace>.` copies
  the parameter named by the rest (and sets nothing when it is absent); any other string is
  rendered as a Mustache template and stored whatever it renders to (so `rest.body` is stored
  as the literal "rest.body"); a non-string value is stored as it is.
* exposes/mcp/ToolHandler.resolveWithValue (MCP tools): the same two forms, but resolved
  against the call's original `arguments`, and an entry that resolves to null sets nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from naftiko_lint.export.mcp_java import concurrent_hashmap_order
from naftiko_lint.serve.mustache import render


def with_entries(with_: Any) -> list[tuple[str, Any]]:
    """The entries of a `with` mapping in the engine's iteration order. Null values are left
    out: `new ConcurrentHashMap<>(with)` refuses them, so such a capability never loads."""
    if not isinstance(with_, dict):
        return []
    items = {str(k): v for k, v in with_.items() if v is not None}
    return [(key, items[key]) for key in concurrent_hashmap_order(list(items))]


def merge_with(with_: Any, target: dict[str, Any], namespace: str | None) -> None:
    """OperationStepExecutor.mergeWithParameters, in place (may raise MustacheError)."""
    for key, raw in with_entries(with_):
        if isinstance(raw, str):
            if namespace is not None and raw.startswith(namespace + "."):
                resolved = target.get(raw[len(namespace) + 1 :])
                if resolved is not None:
                    target[key] = resolved
            else:
                target[key] = render(raw, target)
        else:
            target[key] = raw


def tool_parameters(
    with_: Any, arguments: Mapping[str, Any], namespace: str | None
) -> dict[str, Any]:
    """ToolHandler.doHandleToolCall's parameter map: the arguments, then each `with` entry
    resolved against the arguments (ToolHandler.resolveWithValue)."""
    parameters = dict(arguments)
    for key, raw in with_entries(with_):
        if isinstance(raw, str):
            if namespace is not None and raw.startswith(namespace + "."):
                resolved = arguments.get(raw[len(namespace) + 1 :])
            else:
                resolved = render(raw, arguments)
            if resolved is not None:
                parameters[key] = resolved
        else:
            parameters[key] = raw
    return parameters
