"""Turn byte offsets in a UTF-8 source into 1-based line/column positions."""

from __future__ import annotations

from bisect import bisect_right

from naftiko_lint.diagnostics import Position


class LineIndex:
    """Line starts of a UTF-8 byte buffer; columns are counted in code points."""

    __slots__ = ("_raw", "_starts")

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        starts = [0]
        find = raw.find
        i = find(b"\n")
        while i != -1:
            starts.append(i + 1)
            i = find(b"\n", i + 1)
        self._starts = starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self._raw)))
        line = bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        column = len(self._raw[start:offset].decode("utf-8", "replace")) + 1
        return Position(line + 1, column)

    def line_end(self, offset: int) -> int:
        """Byte offset of the end of the line holding `offset` (before any CR/LF)."""
        end = self._raw.find(b"\n", offset)
        if end == -1:
            end = len(self._raw)
        if end > 0 and self._raw[end - 1 : end] == b"\r":
            end -= 1
        return end
