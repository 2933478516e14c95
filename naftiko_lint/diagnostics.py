"""What the stages find, as plain immutable data. No I/O and no formatting here.

A *finding* is what a stage emits (loaders, versions, schema, rules, later conformance): a
rule id, a message and the JSON pointer of the offending node, never a line. The linter's
one locate pass turns findings into *diagnostics*: located, with their final severity."""

from __future__ import annotations

import enum
from dataclasses import dataclass


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


@dataclass(frozen=True)
class Fix:
    """A mechanical repair: the value to write at the finding's node. `safe` fixes keep the
    document's meaning; unsafe ones change it (they are applied only when asked)."""

    replacement: str
    safe: bool = True


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
