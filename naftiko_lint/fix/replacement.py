"""A fix as a text replacement, when that is cheap and certain: one `set` of a string at
the diagnostic's own node, whose range is the whole scalar on one line. Then the new scalar
is written in the old one's quoting (plain only when it stays a string written plain).
SARIF results carry it as `fixes`; anything else is left to `--fix`."""

from __future__ import annotations

import json
import re

from naftiko_lint.diagnostics import Diagnostic, Range
from naftiko_lint.document.yaml_compat import plain_would_not_be_string

_PLAIN = re.compile(r"[A-Za-z0-9_/.][A-Za-z0-9_./@()\- ]*")
_OPENS = (":", "-", "[", "{", ",")  # what may stand before a scalar value on its line
_CLOSES = (",", "]", "}")


def _scalar(old: str, value: str) -> str | None:
    if "\n" in value:
        return None
    if old.startswith("'") and old.endswith("'") and len(old) > 1:
        return "'" + value.replace("'", "''") + "'"
    if old.startswith('"') and old.endswith('"') and len(old) > 1:
        return json.dumps(value, ensure_ascii=False)
    if old[:1] in ("|", ">", "&", "*", "!"):
        return None  # a block scalar, an anchor, an alias or a tag: no one-line edit
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and not plain_would_not_be_string(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _inside_quotes(before: str, old: str, after: str, value: str) -> str | None:
    """The new content when the range is exactly the inside of a one-line quoted scalar."""
    for quote in ("'", '"'):
        if before.endswith(quote) and after.startswith(quote) and quote not in old:
            opened = before[:-1].rstrip()
            if (opened and not opened.endswith(_OPENS)) or "\n" in value:
                return None
            if quote == "'":
                return value.replace("'", "''")
            return json.dumps(value, ensure_ascii=False)[1:-1]
    return None


def text_replacement(d: Diagnostic, lines: list[str]) -> tuple[Range, str] | None:
    """(the range to replace, the text to write) for the diagnostic's fix, or None."""
    if d.fix is None:
        return None
    edits = d.fix.edits_at(d.pointer)
    if len(edits) != 1:
        return None
    edit = edits[0]
    if edit.op != "set" or edit.pointer != d.pointer or not isinstance(edit.value, str):
        return None
    start, end = d.range.start, d.range.end
    if start.line != end.line or end.column <= start.column or start.line > len(lines):
        return None
    line = lines[start.line - 1]
    old = line[start.column - 1 : end.column - 1]
    before = line[: start.column - 1].rstrip()
    after = line[end.column - 1 :]
    inner = _inside_quotes(line[: start.column - 1], old, after, edit.value)
    if inner is not None:
        return d.range, inner
    if before and not before.endswith(_OPENS):
        return None  # part of a longer scalar
    rest = after.lstrip()
    if rest and not (rest.startswith(_CLOSES) or (rest.startswith("#") and after != rest)):
        return None  # a key (`:` follows), or the range is part of a longer scalar
    new = _scalar(old, edit.value)
    return None if new is None else (d.range, new)
