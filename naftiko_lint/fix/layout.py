"""The parts of a file's text that an edit must give back unchanged: its byte-order mark,
its line endings, its final newline, and the indentation its blocks use."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class Layout:
    """How a text is written, apart from what it says."""

    bom: bool
    newline: str  # "\n" or "\r\n": the file's majority
    final_newline: bool

    @classmethod
    def of(cls, text: str) -> Layout:
        crlf = text.count("\r\n")
        lf = text.count("\n") - crlf
        return cls(text.startswith(BOM), "\r\n" if crlf > lf else "\n", text.endswith("\n"))

    def restore(self, text: str) -> str:
        """`text` (LF endings, with a final newline) written back in this layout."""
        if not self.final_newline:
            text = text.rstrip("\n")
        elif not text.endswith("\n"):
            text += "\n"
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (BOM + text) if self.bom else text


def normalise(text: str) -> str:
    """`text` without a BOM, with LF line endings and a final newline."""
    if text.startswith(BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") or not text else text + "\n"


@dataclass(frozen=True)
class Indent:
    """ruamel.yaml's three numbers: a mapping's indent, a sequence item's content indent,
    and the dash's offset inside it."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


_KEY_OPENS = re.compile(
    r"^( *)(?:- +)*(?:[^#\s'\"][^#]*?|'[^']*'|\"[^\"]*\"):(?:\s+[&!]\S*)*\s*(?:#.*)?$"
)
_CONTENT = re.compile(r"^( *)(-( +)|)(\S)")


def guess_indent(text: str) -> Indent:
    """The indentation the file's block collections use, from the lines that open one (a
    `key:` with nothing after it) and the line that follows; the defaults when none says."""
    mapping: dict[int, int] = {}
    offsets: dict[tuple[int, int], int] = {}
    lines = [
        line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")
    ]
    for here, after in itertools.pairwise(lines):
        opened = _KEY_OPENS.match(here)
        content = _CONTENT.match(after)
        if opened is None or content is None:
            continue
        key_column = len(here) - len(here.lstrip(" -"))
        child = len(content.group(1))
        if content.group(2):  # a sequence under the key
            offset = child - key_column
            if offset >= 0:
                pair = (offset, offset + 1 + len(content.group(3)))
                offsets[pair] = offsets.get(pair, 0) + 1
        elif child > key_column:
            step = child - key_column
            mapping[step] = mapping.get(step, 0) + 1
    step = max(mapping, key=lambda k: mapping[k]) if mapping else 2
    if offsets:
        offset, sequence = max(offsets, key=lambda k: offsets[k])
        sequence = max(sequence, offset + 2)
    else:
        offset, sequence = step, step + 2
    return Indent(step, sequence, offset)
