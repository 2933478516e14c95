"""What a cached result depends on, as digests: file contents (or their absence), the tool
itself, and the options that change findings.

A result is reused only when every one of these is unchanged. The tool's fingerprint is its
version, the Python version and the size and modification time of every file of the
package and its bundled data, so that a tool changed in place (an editable install, an
upgrade keeping the version string) never reuses results of the old code."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import Any

from naftiko_lint import __version__
from naftiko_lint.bundled import data_dir

FORMAT = 4  # of the cache files; a change makes every older file foreign
_DATA_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".toml")


def digest_bytes(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def file_digest(path: str, limit: int) -> bytes:
    """The digest of a file's contents, or of why it cannot be read (absent, a folder, a
    FIFO, unreadable): a file that appears or vanishes changes the findings as much as an
    edit. As reading.read_file (which the linter uses): only a regular file is read, never
    blocking, never more than `limit` + 1 bytes; a larger one counts by its size. Written
    with bare os calls: it runs for every file of every cached run (15 us, not 60)."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as error:
        return b"!" + str(error.errno).encode()
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return b"!mode " + str(stat.S_IFMT(info.st_mode)).encode()
        if info.st_size > limit:
            return b">" + str(info.st_size).encode()
        # one read of size + 1 bytes (not of `limit`: that allocates the whole limit);
        # more only when the file grew since fstat
        data = os.read(fd, info.st_size + 1)
        if len(data) > info.st_size:
            chunks, wanted = [data], limit + 1 - len(data)
            while wanted > 0:
                chunk = os.read(fd, min(wanted, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                wanted -= len(chunk)
            data = b"".join(chunks)
    except OSError as error:
        return b"!" + str(error.errno).encode()
    finally:
        os.close(fd)
    if len(data) > limit:
        return b">grew " + digest_bytes(data)
    return digest_bytes(data)


def _scan(root: str, out: list[tuple[str, int, int]]) -> None:
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _scan(entry.path, out)
            elif entry.name.endswith(_DATA_SUFFIXES):
                info = entry.stat()
                out.append((entry.path, info.st_size, info.st_mtime_ns))
        except OSError:
            continue


def tool_fingerprint() -> bytes:
    """This installation of the tool: version, Python, and the size and time of each file
    of the package and its bundled rules and schemas (about 200 stat calls, ~1 ms)."""
    files: list[tuple[str, int, int]] = []
    roots = [str(Path(__file__).resolve().parent.parent)]
    for name in ("rules", "schemas"):
        try:
            roots.append(str(data_dir(name)))
        except FileNotFoundError:
            continue
    for root in roots:
        _scan(root, files)
    files.sort()
    text = repr((FORMAT, __version__, sys.version, sys.implementation.cache_tag, files))
    return digest_bytes(text.encode())


def _plain(value: Any) -> Any:
    """An option's value, with paths made absolute (a relative --ruleset or --config means
    another file in another folder)."""
    if isinstance(value, Path):
        return os.path.abspath(value)
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    return value


def options_key(options: Any) -> str:
    """Every field of the LintOptions (a field added later is part of the key at once)."""
    return repr(
        tuple((f.name, _plain(getattr(options, f.name))) for f in dataclasses.fields(options))
    )


def scope_name(config: str | None, options: Any) -> str:
    """The cache file of one configuration file with one set of options, for this tool
    version: results are never looked for across versions or configurations."""
    where = "<defaults>" if config is None else os.path.abspath(config)
    text = repr((FORMAT, __version__, sys.version, where, options_key(options)))
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()
