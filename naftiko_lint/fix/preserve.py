"""Only the lines an edit changes: the rest of the file stays byte for byte as it was.

A serialiser normalises things it was not asked to touch (spacing after `:`, flow spacing,
odd indentation, comment columns). So the edited file is not the serialiser's output: the
text is serialised once as loaded (R0) and once edited (R1), and only the hunks of the line
diff R0 -> R1 are carried onto the original, through the alignment of the original's lines
with R0's. A hunk whose lines cannot be placed in the original widens to the nearest lines
that can, and that region alone takes R1's text."""

from __future__ import annotations

from difflib import SequenceMatcher


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _margin(line: str) -> str:
    """The line's indentation, sequence dashes included."""
    return line[: len(line) - len(line.lstrip(" -"))]


def align(original: list[str], r0: list[str]) -> dict[int, int]:
    """R0 line index -> original line index, for the lines that correspond: equal runs,
    and, in changed runs of the same length, the lines at the same indentation (the same
    line re-spaced inside). A line the serialiser re-indented is not placed: a change to
    it takes its whole region from the serialiser, so the region's indentation agrees."""
    mapping: dict[int, int] = {}
    matcher = SequenceMatcher(None, original, r0, autojunk=False)
    for tag, o1, o2, r1, r2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and o2 - o1 == r2 - r1):
            for k in range(r2 - r1):
                if tag == "equal" or _margin(original[o1 + k]) == _margin(r0[r1 + k]):
                    mapping[r1 + k] = o1 + k
    return mapping


def _kept_tail(deleted: list[str]) -> list[str]:
    """The comment and blank lines ending a removed run: they stand before what follows
    (a serialiser files them under the removed item), so they stay."""
    tail: list[str] = []
    for line in reversed(deleted):
        if not _is_comment_or_blank(line):
            break
        tail.insert(0, line)
    return tail


def _span(
    mapping: dict[int, int], i1: int, i2: int, r0_len: int, o_len: int
) -> tuple[int, int, int, int]:
    """Where R0's lines [i1, i2) are in the original, as (start, end) there and the R0 lines
    (lo, hi) the region covers (wider than [i1, i2) when its ends cannot be placed)."""
    placed = i1 < i2 and all(k in mapping for k in range(i1, i2))
    if placed and all(mapping[k + 1] == mapping[k] + 1 for k in range(i1, i2 - 1)):
        return mapping[i1], mapping[i2 - 1] + 1, i1, i2
    if i1 == i2 and (i1 - 1) in mapping:
        at = mapping[i1 - 1] + 1
        return at, at, i1, i2
    if i1 == i2 == 0:
        return 0, 0, 0, 0
    before = i1 - 1
    while before >= 0 and before not in mapping:
        before -= 1
    after = i2
    while after < r0_len and after not in mapping:
        after += 1
    start = mapping[before] + 1 if before >= 0 else 0
    end = mapping[after] if after < r0_len else o_len
    return start, end, before + 1, after


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _before_gap(r0: list[str], at: int, floor: int, first: str) -> int:
    """Where lines starting with `first` go in at R0 line `at`: above the blank lines and
    the less indented comments before it (a serialiser files those under the item above,
    so it appends after them; they stand before what follows)."""
    while at > floor and (
        not r0[at - 1].strip()
        or (r0[at - 1].lstrip().startswith("#") and _indent(r0[at - 1]) < _indent(first))
    ):
        at -= 1
    return at


def carry(original: list[str], r0: list[str], r1: list[str]) -> list[str]:
    """`original` with the changes R0 -> R1 made to it (all three: lists of lines).
    Overlap when two changes fall into one region of the original."""
    mapping = align(original, r0)
    result: list[str] = []
    cursor = 0
    done = 0  # R0 lines before this one are behind the last change
    matcher = SequenceMatcher(None, r0, r1, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        new = _kept_tail(r0[i1:i2]) if tag == "delete" else r1[j1:j2]
        if tag == "insert":
            i1 = i2 = _before_gap(r0, i1, done, new[0])
        done = i2
        start, end, lo, hi = _span(mapping, i1, i2, len(r0), len(original))
        if start < cursor or end < start:
            raise Overlap
        result += original[cursor:start]
        result += r0[lo:i1] + new + r0[i2:hi]
        cursor = end
    result += original[cursor:]
    return result


class Overlap(Exception):
    """Two changes fell into one region of the original: the caller takes R1 whole."""
