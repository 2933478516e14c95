"""A counter on standard error for long runs at a terminal (`checked 812/10,000 files`),
redrawn in place: only when standard error is a terminal, never in CI logs or pipes, and
only once a run has taken 2 seconds (a quick run shows nothing), at most every 0.2 s."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

_AFTER, _EVERY = 2.0, 0.2
_CLEAR = "\r\033[K"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Draws on `stream` when it is a terminal (and TERM is not `dumb`)."""

    def __init__(
        self, total: int, stream: TextIO | None = None, *, report_on_stdout: bool = False
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = total
        self.done = 0
        self.on = _is_terminal(self.stream) and os.environ.get("TERM") != "dumb"
        self.start = time.monotonic()
        self.shown = False  # the line is on the terminal now
        self.drawn_at: float | None = None  # when it was last drawn
        # the report goes to the same terminal: clear the line before it writes
        self.shared = report_on_stdout and _is_terminal(sys.stdout)

    def before_output(self) -> None:
        """Clear the line before a report writes to the same terminal."""
        if self.shown and self.shared:
            self._write(_CLEAR)
            self.shown = False

    def advance(self) -> None:
        """One more file checked: redraw if it is time."""
        self.done += 1
        if not self.on:
            return
        now = time.monotonic()
        if now - self.start < _AFTER:
            return
        if self.drawn_at is not None and now - self.drawn_at < _EVERY:
            return
        self._write(f"{_CLEAR}checked {self.done:,}/{self.total:,} files")
        self.shown, self.drawn_at = True, now

    def finish(self) -> None:
        if self.shown:
            self._write(_CLEAR)
            self.shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.on = False
