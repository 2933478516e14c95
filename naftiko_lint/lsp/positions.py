"""Positions between the linter and the editor.

The linter's Position is a 1-based line and a 1-based column in Unicode code points, counted
after a UTF-8 byte-order mark (which editors do not show). An LSP position is a 0-based line
and a 0-based character offset in the negotiated encoding's code units: UTF-16 unless the
client offered another (UTF-8 bytes, UTF-32 code points). Lines end at CR LF, CR or LF, as
both the linter (`document.lines.editor_lines`) and the LSP count them."""

from __future__ import annotations

from lsprotocol import types

from naftiko_lint.diagnostics import Position, Range
from naftiko_lint.document.lines import editor_lines

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def _units(text: str, encoding: str) -> int:
    """Code units of `text` in `encoding`."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _code_points(line: str, units: int, encoding: str) -> int:
    """How many code points of `line` the first `units` code units cover (a unit inside a
    character counts as that character's start)."""
    if encoding == UTF32:
        return min(units, len(line))
    seen = 0
    for index, char in enumerate(line):
        width = _units(char, encoding)
        if seen + width > units:
            return index
        seen += width
    return len(line)


class TextLines:
    """One text's lines, for converting positions in both directions."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.encoding = encoding
        self.bom = text.startswith("\ufeff")  # the linter counts columns after it
        self.lines = editor_lines(text)

    def _line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def to_lsp(self, position: Position) -> types.Position:
        line = max(position.line - 1, 0)
        text = self._line(line)
        column = max(position.column - 1, 0) + (1 if self.bom and line == 0 else 0)
        if line >= len(self.lines):  # past the end: the end of the text
            line = max(len(self.lines) - 1, 0)
            text = self._line(line)
            column = len(text)
        return types.Position(line=line, character=_units(text[:column], self.encoding))

    def range_to_lsp(self, where: Range) -> types.Range:
        start, end = self.to_lsp(where.start), self.to_lsp(where.end)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return types.Range(start=start, end=end)

    def from_lsp(self, position: types.Position) -> Position:
        """The linter's position of an editor position (clamped to the text)."""
        line = min(max(position.line, 0), max(len(self.lines) - 1, 0))
        points = _code_points(self._line(line), max(position.character, 0), self.encoding)
        if self.bom and line == 0:
            points = max(points - 1, 0)
        return Position(line + 1, points + 1)

    def offset(self, position: types.Position) -> int:
        """The code-point index in this line of an editor position."""
        line = min(max(position.line, 0), max(len(self.lines) - 1, 0))
        return _code_points(self._line(line), max(position.character, 0), self.encoding)

    def character(self, line: int, index: int) -> int:
        """The editor character offset of code point `index` of 0-based `line`."""
        return _units(self._line(line)[:index], self.encoding)

    def end(self) -> types.Position:
        last = max(len(self.lines) - 1, 0)
        return types.Position(line=last, character=_units(self._line(last), self.encoding))


def negotiated(encoding: object) -> str:
    """The encoding name pygls chose (a PositionEncodingKind or a string); UTF-16 when none."""
    value = getattr(encoding, "value", encoding)
    return value if value in (UTF8, UTF16, UTF32) else UTF16
