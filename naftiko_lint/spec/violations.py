"""A backend-neutral schema violation: which keyword failed where, under which subschema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from naftiko_lint.pointer import Tokens


@dataclass(frozen=True)
class Violation:
    keyword: str  # the failing JSON Schema keyword (required, pattern, enum, …)
    path: Tokens  # where in the instance
    schema: dict  # the subschema that holds `keyword`
    instance: Any  # the value at `path`
    key: str | None = None  # for propertyNames: the offending key (a child of `path`)


def resolve_pointer(root: dict, tokens: list[str | int]) -> Any:
    """Follow schema-path tokens from `root`, stepping through `$ref`s."""
    node: Any = root
    for token in tokens:
        if token == "$ref" and isinstance(node, dict) and "$ref" in node:
            node = resolve_ref(root, node["$ref"])
            continue
        node = node[token] if isinstance(node, dict) else node[int(token)]
    return node


def resolve_ref(root: dict, ref: str) -> dict:
    if not ref.startswith("#/"):
        raise ValueError(f"only local references are supported: {ref}")
    node: Any = root
    for token in ref[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def instance_at(data: Any, path: Tokens) -> Any:
    node = data
    for token in path:
        node = node[token]
    return node
