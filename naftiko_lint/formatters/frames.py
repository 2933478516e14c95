"""Code frames: the lines around a range, as a terminal shows them, with a caret row.

Ranges count code points, a terminal counts cells: a wide (East Asian) character takes
two, a combining mark none, a tab up to the next stop. Control characters (and the bidi
controls of "trojan source") would move the cursor or recolour the terminal, so they are
drawn as visible symbols. A long line (minified JSON, a huge flow mapping) is cut to a
window around the range, and the work per finding is bounded by that window, never by
the line's length: a file with thousands of findings on one long line stays fast."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from naftiko_lint.diagnostics import Range
from naftiko_lint.document.lines import editor_lines

WIDTH = 100  # cells of code per frame row (the chunk cannot ask the terminal)
TAB = 4
CUT = "..."
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPAN_SHOWN = 3  # lines of a multi-line range framed in full; a longer one shows its first


def _glyph(char: str) -> tuple[str, int]:
    """What `char` is drawn as and how many cells it takes (a tab: 0, placed by stops)."""
    code = ord(char)
    if char == "\t":
        return "\t", 0
    if code < 0x20:
        return chr(0x2400 + code), 1  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421", 1
    if 0x80 <= code < 0xA0 or char in _BIDI:
        return "\ufffd", 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return char, 0
    return char, 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def visible(text: str) -> str:
    """`text` (a message, a replacement) with its controls drawn, on one line."""
    if text.isprintable():
        return text
    return "".join(" " if c == "\t" else _glyph(c)[0] for c in text)


def _plain(text: str) -> bool:
    """One cell per code point, drawn as it is (most YAML lines): the quick path."""
    return text.isascii() and text.isprintable()


def _draw(text: str) -> tuple[str, list[int] | range]:
    """`text` drawn, and the cell where each code point starts (one more: the end)."""
    if _plain(text):
        return text, range(len(text) + 1)
    out: list[str] = []
    cells = [0]
    at = 0
    for char in text:
        glyph, width = _glyph(char)
        if glyph == "\t":
            width = TAB - at % TAB
            glyph = " " * width
        out.append(glyph)
        at += width
        cells.append(at)
    return "".join(out), cells


def _cells(char: str) -> int:
    return TAB if char == "\t" else _glyph(char)[1]


def _window(text: str, start: int) -> tuple[int, int]:
    """The code points [left, right) of `text` shown: the whole line when it fits, else
    about a third of WIDTH before `start` and the rest after it."""
    if len(text) <= WIDTH and (_plain(text) or sum(map(_cells, text)) <= WIDTH):
        return 0, len(text)
    start = min(start, len(text))
    if _plain(text[max(0, start - WIDTH) : start + WIDTH]):  # the loops below, at once
        left = max(0, start - WIDTH // 3)
        used = len(CUT) if left else 0
        right = min(len(text), left + WIDTH - len(CUT) - used)
        return left, right + 1 if right == len(text) - 1 else right
    left, used = start, 0
    while left > 0 and used + _cells(text[left - 1]) <= WIDTH // 3:
        left -= 1
        used += _cells(text[left])
    right, used = left, len(CUT) if left else 0
    while right < len(text) and used + _cells(text[right]) <= WIDTH - len(CUT):
        used += _cells(text[right])
        right += 1
    if right == len(text) - 1 and used + _cells(text[right]) <= WIDTH:
        right += 1  # the last character fits where the cut mark would go
    return left, right


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a frame: a source line (`number`, its drawn `code`), or the caret row
    under the line before it (`number` None, `code` the carets), or where a long range
    ends (`number` None, `code` empty, `through` its last line)."""

    number: int | None
    code: str
    focus: bool = False  # the line holds (part of) the range
    through: int = 0


class Frames:
    """The frames of one file's findings. Its text is split into lines once, and each
    line that fits is drawn once, however many findings show it."""

    def __init__(self, source: str) -> None:
        self.lines = editor_lines(source)
        self._drawn: dict[int, tuple[str, list[int] | range] | None] = {}
        self._cut: dict[int, str] = {}  # the start of each long line shown as context

    def _whole(self, number: int) -> tuple[str, list[int] | range] | None:
        """Line `number` drawn, when it fits without a cut; else None."""
        if number not in self._drawn:
            text = self.lines[number - 1]
            fits = _window(text, 0) == (0, len(text))
            self._drawn[number] = _draw(text) if fits else None
        return self._drawn[number]

    def _context(self, number: int, focus: bool = False) -> Row:
        whole = self._whole(number)
        if whole is not None:
            return Row(number, whole[0], focus)
        code = self._cut.get(number)
        if code is None:
            text = self.lines[number - 1]
            _, right = _window(text, 0)
            code = self._cut[number] = _draw(text[:right])[0] + CUT
        return Row(number, code, focus)

    def _marked(self, number: int, start: int, end: int | None) -> list[Row]:
        """Line `number` with carets under code points [start, end) (end None: to the end
        of the line), cut around `start` if long."""
        text = self.lines[number - 1]
        whole = self._whole(number)
        if whole is not None:
            left, right, (drawn, cells) = 0, len(text), whole
        else:
            left, right = _window(text, start)
            drawn, cells = _draw(text[left:right])
        head = CUT if left else ""
        tail = CUT if right < len(text) else ""
        start = min(max(start, left), right)
        stop = right if end is None else min(max(end, start), right)
        begin = cells[start - left]
        width = cells[stop - left] - begin  # 0 for an empty range: one caret, before `start`
        carets = " " * (len(head) + begin) + "^" * max(1, width)
        return [Row(number, head + drawn + tail, True), Row(None, carets)]

    def rows(self, where: Range) -> list[Row]:
        """The rows of the frame of `where`: one line of context above and below (a range
        over more than _SPAN_SHOWN lines: its first line and its end); [] when the range
        lies outside the text."""
        lines = self.lines
        first, last = where.start.line, where.end.line
        if not 1 <= first <= len(lines):
            return []
        if last > first and where.end.column == 1:
            last -= 1  # a range up to the start of a line ends with the line before
        last = min(max(last, first), len(lines))
        start = where.start.column - 1
        rows: list[Row] = []
        if first > 1:
            rows.append(self._context(first - 1))
        if last == first:
            end = where.end.column - 1 if where.end.line == first else None
            rows += self._marked(first, start, end)
        elif last - first + 1 > _SPAN_SHOWN:  # a block: its first line, and where it ends
            rows += self._marked(first, start, None)
            rows.append(Row(None, "", through=last))
            return rows
        else:
            rows += self._marked(first, start, None)
            rows += [self._context(n, focus=True) for n in range(first + 1, last)]
            text = lines[last - 1]
            indent = len(text) - len(text.lstrip(" \t"))
            end = where.end.column - 1 if where.end.line == last else len(text)
            rows += self._marked(last, indent, max(end, indent + 1))
        if last < len(lines) and (last + 1 < len(lines) or lines[last]):
            rows.append(self._context(last + 1))
        return rows
