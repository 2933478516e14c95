"""Read a file's bytes safely: only regular files, never more than a bound, never blocking.

Every path is classified with `os.stat`/`os.lstat` before anything opens it, and the
descriptor is checked again with `os.fstat` after opening (a file swapped for a FIFO between
the two must not hang the run). Problems come back as `ReadError` with a one-line reason.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_CHUNK = 1024 * 1024


class ReadError(Exception):
    """A path that cannot be read as a file; `str(error)` is the reason, in lower case."""


@dataclass(frozen=True)
class Content:
    """What was read: `data` holds at most `limit + 1` bytes; `size` is the file's real size
    (None when unknown, as for standard input); `truncated` says the limit was passed."""

    data: bytes
    size: int | None
    truncated: bool


def kind_of(mode: int) -> str:
    """A readable name for a file type that is not a regular file or a folder."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def not_regular(mode: int) -> str:
    return f"not a regular file ({kind_of(mode)})"


def reason(error: OSError) -> str:
    """One lower-case line for an OS error, without the path (the caller names it)."""
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    text = error.strerror or type(error).__name__
    return text[:1].lower() + text[1:]


def _read_bounded(read: Callable[[int], bytes], limit: int) -> bytes:
    chunks: list[bytes] = []
    wanted = limit + 1
    while wanted > 0:
        chunk = read(min(wanted, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


@contextmanager
def _regular_file(path: Path) -> Iterator[tuple[int, os.stat_result]]:
    """An open descriptor of `path` and its fstat, when it is a regular file; any OS error,
    on opening or inside the block, becomes a ReadError."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise ReadError(f"cannot read: {reason(error)}") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(f"cannot read: {not_regular(info.st_mode)}")
        yield fd, info
    except OSError as error:
        raise ReadError(f"cannot read: {reason(error)}") from error
    finally:
        os.close(fd)


def read_file(path: Path, limit: int) -> Content:
    """The bytes of the regular file `path`; a file over `limit` bytes is refused from its
    size (nothing is read); raises ReadError for anything else."""
    with _regular_file(path) as (fd, info):
        if info.st_size > limit:
            return Content(b"", info.st_size, True)
        data = _read_bounded(lambda n: os.read(fd, n), limit)
    if len(data) > limit:  # grew after fstat, or /proc-like sizes
        return Content(data[: limit + 1], None, True)
    return Content(data, len(data), False)


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes of a regular file (for sniffing); ReadError otherwise."""
    with _regular_file(path) as (fd, _):
        return os.read(fd, size)


def read_stream(read: Callable[[int], bytes], limit: int) -> Content:
    """At most `limit + 1` bytes from a stream (standard input)."""
    try:
        data = _read_bounded(read, limit)
    except OSError as error:
        raise ReadError(f"cannot read: {reason(error)}") from error
    if len(data) > limit:
        return Content(data, None, True)
    return Content(data, len(data), False)
