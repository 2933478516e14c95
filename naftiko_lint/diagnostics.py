"""Diagnostics as plain, immutable data. No I/O and no formatting here."""

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
class Diagnostic:
    """One finding about one file."""

    rule: str
    severity: Severity
    message: str
    path: str
    pointer: str = ""
    range: Range = FILE_START
    suggestion: str | None = None

    def sort_key(self) -> tuple:
        return (
            self.path,
            self.range.start.line,
            self.range.start.column,
            -int(self.severity),
            self.rule,
            self.message,
        )
