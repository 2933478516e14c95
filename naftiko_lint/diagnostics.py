"""What the stages find, as plain immutable data. No I/O and no formatting here.

A *finding* is what a stage emits (loaders, versions, schema, rules, later conformance): a
rule id, a message and the JSON pointer of the offending node, never a line. The linter's
one locate pass turns findings into *diagnostics*: located, with their final severity."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Finding severity; a higher value is more severe."""

    HINT = 0
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Accept our names and Spectral's (`warn`, 0-3 with 0 = error)."""
        aliases = {"warn": cls.WARNING, "information": cls.INFO}
        key = str(text).strip().lower()
        if key in aliases:
            return aliases[key]
        if key.isdigit() and int(key) in range(4):
            return (cls.ERROR, cls.WARNING, cls.INFO, cls.HINT)[int(key)]
        try:
            return cls[key.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r}; expected error, warning, info or hint"
            ) from None


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and 1-based column (Unicode code points)."""

    line: int
    column: int


@dataclass(frozen=True)
class Range:
    start: Position
    end: Position

    @classmethod
    def point(cls, line: int, column: int) -> Range:
        pos = Position(line, column)
        return cls(pos, pos)


FILE_START = Range.point(1, 1)


EDIT_OPS = ("set", "add", "remove")


@dataclass(frozen=True)
class Edit:
    """One change to a document's data, addressed by an RFC 6901 pointer.

    - `set`: write `value` at `pointer`. A mapping key that exists keeps its place (and its
      comments); a new key is appended to its mapping. A list index replaces that item.
    - `add`: insert `value` into the list at `pointer` (`/-` appends; `/3` inserts before
      item 3). On a mapping it is `set`.
    - `remove`: delete the key or list item at `pointer`.

    `value` is JSON data (str, int, float, bool, None, list, dict), never a YAML node."""

    op: str
    pointer: str
    value: Any = field(default=None, hash=False, compare=True)


@dataclass(frozen=True)
class Fix:
    """A mechanical repair of one finding.

    `replacement` is the one value written at the finding's own node when the repair is that
    simple (the report's `suggestion`); `edits` are the changes the repair makes, and when
    empty the repair is `set replacement` at the finding's pointer. `safe` fixes keep the
    document's meaning and are applied by `--fix`; unsafe ones change it (new inputs, hints,
    removed keys) and are applied only with `--unsafe-fixes`. `title` says in a few words
    what applying it does ("write 'orders.id' for 'rest.id'"), for editors and `--diff`."""

    replacement: str | None = None
    safe: bool = True
    edits: tuple[Edit, ...] = ()
    title: str = ""

    def edits_at(self, pointer: str) -> tuple[Edit, ...]:
        """The changes this fix makes to a finding reported at `pointer`."""
        if self.edits:
            return self.edits
        if self.replacement is None:
            return ()
        return (Edit("set", pointer, self.replacement),)


@dataclass(frozen=True)
class Finding:
    """One thing a stage found, before it is located.

    `pointer` is the RFC 6901 pointer of the narrowest offending node; `on_key` points at
    the property name instead of its value; `span` narrows a string value to its characters
    [start, end). `related` are pointers of other nodes the message names: the locate pass
    replaces `{{related-line}}` in the message with the line of the first. `range` is set
    only by the readers, for what no pointer reaches (a syntax error, a bad byte). `cap` is
    the most severe this finding may be reported as (weaker evidence than the rule's)."""

    rule: str
    message: str
    pointer: str = ""
    on_key: bool = False
    span: tuple[int, int] | None = None
    related: tuple[str, ...] = ()
    fix: Fix | None = None
    range: Range | None = None
    cap: Severity | None = None

    @classmethod
    def at(cls, rule: str, message: str, where: Range, pointer: str = "") -> Finding:
        """A finding the reader has already placed."""
        return cls(rule, message, pointer, range=where)


@dataclass(frozen=True)
class Diagnostic:
    """One located finding about one file, with its final severity."""

    rule: str
    severity: Severity
    message: str
    path: str
    pointer: str = ""
    range: Range = FILE_START
    fix: Fix | None = None
    related: tuple[Range, ...] = ()

    @property
    def suggestion(self) -> str | None:
        """The replacement value a fix would write (the JSON report's `suggestion`)."""
        return None if self.fix is None else self.fix.replacement

    def sort_key(self) -> tuple:
        return (
            self.path,
            self.range.start.line,
            self.range.start.column,
            -int(self.severity),
            self.rule,
            self.message,
        )
