"""What a `call` or `ref` value names: the consumed operation (hover: method, path, inputs;
definition: where it is declared, also in an imported shared file) or the aggregate
function. Positions here are the linter's (1-based); the server converts them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.capability.model import ConsumedOperation, ConsumesEntry, read_params
from naftiko_lint.diagnostics import Position, Range
from naftiko_lint.document.loading import Document
from naftiko_lint.lsp.linting import parse_text
from naftiko_lint.lsp.nodes import NodeAt, node_at
from naftiko_lint.lsp.store import Snapshot

CALL, REF = "call", "ref"
# the editor's text of an open file by path, else None (then the file is read from disk)
TextOf = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Target:
    path: str  # the file that declares it
    text: str  # its text, as the editor has it or as read from disk
    range: Range  # of its name (or of the whole node when it has none)


def reference_at(snapshot: Snapshot, position: Position) -> tuple[str, str, NodeAt] | None:
    """("call" or "ref", the value, the node) when the position is on such a key or value."""
    doc = snapshot.document
    if not doc.usable:
        return None
    node = node_at(doc, position)
    if node is None:
        return None
    tokens = jp.split(node.pointer)
    if tokens and tokens[-1] in (CALL, REF) and isinstance(node.value, str):
        return tokens[-1], node.value, node
    return None


def _operation(snapshot: Snapshot, call: str) -> tuple[ConsumesEntry, ConsumedOperation] | None:
    capability = snapshot.capability
    if capability is None:
        return None
    entry, operation = capability.model.resolve_call(call)
    if entry is None or operation is None:
        return None
    return entry, operation


def _shared_path(snapshot: Snapshot, entry: ConsumesEntry) -> str | None:
    capability = snapshot.capability
    if capability is None or entry.resolved_from is None:
        return None
    outcome = capability.imports.get(entry.resolved_from)
    return outcome.resolved if outcome is not None else None


def _read(path: str, text_of: TextOf) -> str | None:
    text = text_of(path)
    if text is not None:
        return text
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _named(doc: Document, tokens: tuple[str | int, ...]) -> Range:
    base = jp.join(tokens)
    found = jp.walk(doc.data, [str(t) for t in tokens])
    if found is not None and isinstance(found[1], dict) and "name" in found[1]:
        return doc.range_of(jp.child(base, "name"))
    return doc.range_of(base)


def definition(snapshot: Snapshot, position: Position, text_of: TextOf) -> Target | None:
    found = reference_at(snapshot, position)
    if found is None:
        return None
    kind, value, _ = found
    if kind == REF:
        capability = snapshot.capability
        function = capability.model.function(value) if capability is not None else None
        if function is None:
            return None
        return Target(snapshot.path, snapshot.text, _named(snapshot.document, function[0]))
    resolved = _operation(snapshot, value)
    if resolved is None:
        return None
    entry, operation = resolved
    if not entry.imported:
        return Target(snapshot.path, snapshot.text, _named(snapshot.document, operation.path))
    shared = _shared_path(snapshot, entry)
    text = _read(shared, text_of) if shared is not None else None
    if shared is None or text is None:
        return None
    doc = parse_text(shared, text)
    if not doc.usable:
        return None
    return Target(shared, text, _named(doc, operation.path))


def _param_lines(params: list[Any]) -> list[str]:
    lines = []
    for param in params:
        where = f" ({param.location})" if param.location else ""
        data = param.data if isinstance(param.data, dict) else {}
        extra = []
        if data.get("type"):
            extra.append(str(data["type"]))
        if data.get("required") is True:
            extra.append("required")
        if param.has_value:
            extra.append(f"value `{param.value}`")
        detail = f": {', '.join(extra)}" if extra else ""
        lines.append(f"- `{param.name}`{where}{detail}")
    return lines


def operation_markdown(call: str, entry: ConsumesEntry, operation: ConsumedOperation) -> str:
    base = entry.engine_data.get("baseUri") if isinstance(entry.engine_data, dict) else None
    lines = [f"**{call}**: `{operation.method or '?'} {operation.resource_path}`", ""]
    origin = f"consumed API `{entry.namespace}`"
    if entry.imported and entry.resolved_from:
        origin += f", imported from `{entry.resolved_from}`"
    if isinstance(base, str):
        origin += f", base URI `{base}`"
    lines += [origin, ""]
    description = operation.data.get("description")
    if isinstance(description, str):
        lines += [description, ""]
    declared = _param_lines(operation.params)
    others = sorted(operation.parameter_names() - {p.name for p in operation.params})
    if declared or others:
        lines += ["Inputs:", *declared]
        lines += [f"- `{name}` (in its path or templates)" for name in others]
    return "\n".join(lines).rstrip() + "\n"


def function_markdown(ref: str, data: dict) -> str:
    lines = [f"**{ref}**: aggregate function", ""]
    if isinstance(data.get("description"), str):
        lines += [data["description"], ""]
    if isinstance(data.get("call"), str):
        lines += [f"calls `{data['call']}`", ""]
    params = read_params(data.get("inputParameters"), ())
    if params:
        lines += ["Inputs:", *_param_lines(params)]
    return "\n".join(lines).rstrip() + "\n"


def hover(snapshot: Snapshot, position: Position) -> tuple[str, Range] | None:
    """Markdown about the operation or function under the cursor, and the value's range."""
    found = reference_at(snapshot, position)
    if found is None:
        return None
    kind, value, node = found
    doc = snapshot.document
    where = doc.range_of(node.pointer)
    if kind == REF:
        capability = snapshot.capability
        function = capability.model.function(value) if capability is not None else None
        return (function_markdown(value, function[1]), where) if function else None
    resolved = _operation(snapshot, value)
    if resolved is None:
        return None
    return operation_markdown(value, *resolved), where
