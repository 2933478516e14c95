"""Turn byte offsets in a UTF-8 source into 1-based line/column positions."""

from __future__ import annotations

import re
from bisect import bisect_right

from naftiko_lint.diagnostics import Position

_BREAK = re.compile(rb"\r\n|\r|\n")
_STEP = 4096  # bytes between the column checkpoints of a long non-ASCII line
_CONTINUATION = bytes(range(0x80, 0xC0))


def _characters(chunk: bytes) -> int:
    """Code points in a slice of UTF-8, counted by first bytes (a slice may split one)."""
    return len(chunk.translate(None, _CONTINUATION))


class LineIndex:
    """Line starts of a UTF-8 byte buffer; columns are counted in code points."""

    __slots__ = ("_ascii", "_checkpoints", "_raw", "_starts")

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        starts = [0]
        if b"\r" in raw:  # CR-only and CRLF line ends count as editors count them
            starts += [m.end() for m in _BREAK.finditer(raw)]
        else:
            find = raw.find
            i = find(b"\n")
            while i != -1:
                starts.append(i + 1)
                i = find(b"\n", i + 1)
        self._starts = starts
        self._ascii = raw.isascii()
        # line start → code points before every _STEP-th byte of a long non-ASCII line
        self._checkpoints: dict[int, list[int]] = {}

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self._raw)))
        line = bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return Position(line + 1, self._column(start, offset))

    def _column(self, start: int, offset: int) -> int:
        """1 + the code points in raw[start:offset], in time independent of the line's
        length (a 1 MB line with thousands of findings must stay linear)."""
        if self._ascii:
            return offset - start + 1
        if offset - start <= _STEP:
            return len(self._raw[start:offset].decode("utf-8", "replace")) + 1
        marks = self._checkpoints.get(start)
        if marks is None:
            marks = self._checkpoints[start] = self._line_marks(start)
        k = min((offset - start) // _STEP, len(marks) - 1)
        return marks[k] + _characters(self._raw[start + k * _STEP : offset]) + 1

    def _line_marks(self, start: int) -> list[int]:
        end = self.line_end(start)
        marks = [0]
        for base in range(start + _STEP, end + 1, _STEP):
            marks.append(marks[-1] + _characters(self._raw[base - _STEP : base]))
        return marks

    def line_end(self, offset: int) -> int:
        """Byte offset of the end of the line holding `offset` (before any CR/LF)."""
        end = self._raw.find(b"\n", offset)
        if end == -1:
            end = len(self._raw)
        if end > 0 and self._raw[end - 1 : end] == b"\r":
            end -= 1
        return end


_TEXT_BREAK = re.compile(r"\r\n|\r|\n")


def editor_lines(text: str) -> list[str]:
    """The lines of `text` as editors and the LSP count them (CR LF, CR or LF): unlike
    str.splitlines, NEL, LS, PS, VT, FF and the separators \\x1c-\\x1e end no line."""
    return _TEXT_BREAK.split(text)
