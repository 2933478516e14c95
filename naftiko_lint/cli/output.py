"""Writing a command's output: every byte or a clear error, and silence after a closed pipe.

Shared by every command (cheap to import: it must not pull in the check pipeline)."""

from __future__ import annotations

import contextlib
import os
import sys

from naftiko_lint import TOOL_NAME
from naftiko_lint.reading import reason


class OutputError(Exception):
    """Standard output or --output cannot be written; `closed` for a closed pipe."""

    def __init__(self, message: str, closed: bool = False) -> None:
        super().__init__(message)
        self.closed = closed


def _write_all(text: str) -> None:
    """Every byte, on the descriptor itself: a buffered stream may drop the rest of a
    partial write to a pipe whose reader has gone, and report success."""
    stream = sys.stdout
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # not a real file (a test's capture): its own write
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    pending = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while pending:
        pending = pending[os.write(descriptor, pending) :]


def write(text: str) -> None:
    """Write to standard output now, so that a write error is known here."""
    try:
        _write_all(text)
    except BrokenPipeError as error:
        raise OutputError("standard output is closed", closed=True) from error
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {reason(error)}") from error


def write_lines(lines: list[str]) -> None:
    write("".join(f"{line}\n" for line in lines))


def write_file(path: str, text: str) -> None:
    """The report to --output; a failure is an OutputError naming the file."""
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {reason(error)}") from error


def say(message: str) -> None:
    """One line on standard error (which may itself be closed)."""
    with contextlib.suppress(OSError):
        print(f"{TOOL_NAME}: {message}", file=sys.stderr, flush=True)


def silence_stdout() -> None:
    """After a write error nothing more may reach standard output, not even the flush at
    interpreter shutdown (it would print 'Exception ignored ...')."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
