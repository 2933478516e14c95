"""The reverse of the locate pass: which node stands at a position. The document's source
map gives each pointer's key and value ranges; the search descends from the root into the
child whose range holds the position, so it asks only for the siblings on the way down."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Position, Range
from naftiko_lint.document.loading import Document


@dataclass(frozen=True)
class NodeAt:
    pointer: str
    on_key: bool  # the position is on the property name, not its value
    value: Any
    range: Range  # of the key when on_key, else of the value


def _holds(where: Range, position: Position) -> bool:
    """Both ends count: a cursor just after a word is still on it."""
    return (
        (where.start.line, where.start.column)
        <= (position.line, position.column)
        <= (
            where.end.line,
            where.end.column,
        )
    )


def _children(data: Any) -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [(str(key), value) for key, value in data.items()]
    if isinstance(data, list):
        return [(str(index), value) for index, value in enumerate(data)]
    return []


def node_at(doc: Document, position: Position) -> NodeAt | None:
    """The deepest node whose key or value holds `position`; None outside every node (or
    when the document has no data)."""
    if doc.source_map is None or not isinstance(doc.data, (dict, list)):
        return None
    pointer, data = "", doc.data
    found: NodeAt | None = None
    while True:
        step = None
        for token, child in _children(data):
            here = jp.child(pointer, token)
            span = doc.source_map.span(here)
            if span is None:
                continue
            if span.key is not None and _holds(span.key, position):
                return NodeAt(here, True, child, span.key)
            if _holds(span.value, position) and span.value.start != span.value.end:
                step = (here, child, span.value)
                break
            if span.value.start == span.value.end == position:  # an empty value: `call:`
                step = (here, child, span.value)
        if step is None:
            return found
        pointer, data, where = step
        found = NodeAt(pointer, False, data, where)
        if not isinstance(data, (dict, list)):
            return found


def tokens(pointer: str) -> list[str]:
    return jp.split(pointer)
