"""Map JSON pointers to source ranges, whichever parser produced the document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import FILE_START, Range


@dataclass(frozen=True)
class Span:
    """Where a node stands: its key (None for list items and the root) and its value."""

    key: Range | None
    value: Range


class SourceMap(Protocol):
    def span(self, pointer: str) -> Span | None:
        """The span of the node at `pointer`, or None if there is no such node."""
        ...


def locate(source_map: SourceMap | None, pointer: str, *, on_key: bool = False) -> Range:
    """The range of `pointer`'s key (if asked and present) or value.

    A pointer that names no node (a missing property) falls back to its nearest existing
    ancestor, pointing at that ancestor's key, where a reader looks for it.
    """
    if source_map is None:
        return FILE_START
    find = getattr(source_map, "find", None)
    if find is not None:  # a map that computes only the end asked for
        current = pointer
        asked = True
        while True:
            found = find(current, on_key or not asked)
            if found is not None:
                return found
            if current == "":
                return FILE_START
            current = jp.parent(current)
            asked = False
    current = pointer
    asked = True
    while True:
        span = source_map.span(current)
        if span is not None:
            if (on_key or not asked) and span.key is not None:
                return span.key
            return span.value
        if current == "":
            return FILE_START
        current = jp.parent(current)
        asked = False
