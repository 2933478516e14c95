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


def _to_stdout(data: bytes) -> None:
    """Every byte to standard output, or an OutputError (`closed` for a closed pipe)."""
    try:
        _write_bytes(data)
    except BrokenPipeError as error:
        raise OutputError("standard output is closed", closed=True) from error
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {reason(error)}") from error


def write(text: str) -> None:
    """Write to standard output now, so that a write error is known here."""
    stream = sys.stdout
    _to_stdout(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))


def write_lines(lines: list[str]) -> None:
    write("".join(f"{line}\n" for line in lines))


class Sink:
    """Where a report goes, written as it is made: standard output or a file (--output),
    buffered, every byte or an OutputError. `encoding` and `errors` are the destination's,
    so text can be encoded once, early (a report may be spooled as bytes)."""

    BUFFER = 1 << 16

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self._pending: list[bytes] = []
        self._size = 0
        self._handle = None
        if path is None:
            self.encoding = sys.stdout.encoding or "utf-8"
            self.errors = sys.stdout.errors or "strict"
        else:
            self.encoding, self.errors = "utf-8", "strict"

    def encode(self, text: str) -> bytes:
        return text.encode(self.encoding, self.errors)

    def write(self, text: str) -> None:
        self.write_bytes(self.encode(text))

    def write_bytes(self, data: bytes) -> None:
        self._pending.append(data)
        self._size += len(data)
        if self._size >= self.BUFFER:
            self.flush()

    def flush(self) -> None:
        data = b"".join(self._pending)
        self._pending, self._size = [], 0
        if self.path is None:
            _to_stdout(data)
            return
        try:
            if self._handle is None:
                self._handle = open(self.path, "wb")  # noqa: SIM115  # closed in close()
            self._handle.write(data)
        except OSError as error:
            raise OutputError(f"cannot write {self.path}: {reason(error)}") from error

    def close(self) -> None:
        self.flush()
        if self._handle is not None:
            try:
                self._handle.close()
            except OSError as error:
                raise OutputError(f"cannot write {self.path}: {reason(error)}") from error


def _write_bytes(data: bytes) -> None:
    """Every byte, on the descriptor itself: a buffered stream may drop the rest of a
    partial write to a pipe whose reader has gone, and report success."""
    stream = sys.stdout
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # not a real file (a test's capture): its own write
        stream.write(data.decode(stream.encoding or "utf-8", stream.errors or "strict"))
        stream.flush()
        return
    stream.flush()
    pending = memoryview(data)
    while pending:
        pending = pending[os.write(descriptor, pending) :]


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
