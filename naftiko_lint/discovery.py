"""Find the files to check from the paths a user names."""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from naftiko_lint.gitignore import GitIgnore
from naftiko_lint.reading import ReadError, not_regular, read_head, reason

EXTENSIONS = (".yaml", ".yml", ".json")
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv"})
# A top-level `naftiko` key in block YAML: at column 0.
_NAFTIKO_KEY = re.compile(rb"""^(?:naftiko|"naftiko"|'naftiko')[ \t]*:""", re.MULTILINE)
# In JSON (or flow YAML) the key must stand at depth 1: a schema that describes the
# `naftiko` property (`"properties": {"naftiko": …}`) is not a capability.
_FLOW_TOKEN = re.compile(rb"""[{}\[\]]|"(?:[^"\\]|\\.)*"|'[^']*'|naftiko\s*:""")
_FLOW_KEY = re.compile(rb"""(?:"naftiko"|'naftiko'|naftiko)\s*:""")
_SNIFF_BYTES = 64 * 1024
_GLOB_CHARS = frozenset("*?[")


def _flow_has_top_level_key(head: bytes) -> bool:
    depth = 0
    for match in _FLOW_TOKEN.finditer(head):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
        elif token in (b"}", b"]"):
            depth -= 1
        elif depth == 1 and _FLOW_KEY.match(head, match.start()):
            return True
    return False


def has_top_level_naftiko_key(head: bytes) -> bool:
    """Does this start of a file hold a top-level `naftiko` key?"""
    if head.lstrip()[:1] in (b"{", b"["):
        return _flow_has_top_level_key(head)
    return _NAFTIKO_KEY.search(head) is not None


@dataclass(frozen=True)
class Candidate:
    """A file to check: `display` is the path as the user would name it."""

    display: str
    path: Path | None  # None for standard input
    discovered: bool = False  # found by walking a folder (include/exclude apply)


@dataclass(frozen=True)
class PathError:
    """A path that cannot be checked (exit code 2)."""

    display: str
    message: str


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder that is not checked, with the reason (a notice only)."""

    display: str
    reason: str


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    errors: list[PathError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def looks_like_capability(path: Path) -> bool:
    """Cheap sniff: does the file's start contain a top-level `naftiko` key?"""
    try:
        head = read_head(path, _SNIFF_BYTES)
    except ReadError:
        return True  # let the checker report why it cannot be read
    return has_top_level_naftiko_key(head)


_FILE, _FOLDER = "file", "folder"


def classify(path: Path) -> tuple[str, os.stat_result | None]:
    """(_FILE or _FOLDER, its stat) for a regular file or folder (file symlinks followed);
    (reason, its stat) for a FIFO, socket or device; (reason, None) for a missing path or a
    dangling or looping symbolic link."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return reason(error), None
    except ValueError:  # a NUL byte: no file can have this name
        return "not a valid path (it holds a NUL byte)", None
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError as error:
            if error.errno != errno.ENOENT:
                return reason(error), None
            try:
                target = os.readlink(path)
            except OSError:
                return "dangling symbolic link", None
            return f"dangling symbolic link to {target!r}", None
    if stat.S_ISDIR(info.st_mode):
        return _FOLDER, info
    if stat.S_ISREG(info.st_mode):
        return _FILE, info
    return not_regular(info.st_mode), info


def _walk(root: Path, errors: list[PathError], respect_gitignore: bool = True) -> Iterator[Path]:
    """Matching names under `root`, sorted; folder symlinks are not followed; what git
    ignores is left out when `respect_gitignore` (naftiko_lint.gitignore)."""

    def unlistable(error: OSError) -> None:
        errors.append(
            PathError(str(error.filename or root), f"cannot list folder: {reason(error)}")
        )

    ignore = GitIgnore.for_folder(root) if respect_gitignore else None
    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in SKIPPED_DIRS
            and not (ignore is not None and ignore.ignored(here / d, is_dir=True))
        )
        for name in sorted(filenames):
            if name.lower().endswith(EXTENSIONS) and not (
                ignore is not None and ignore.ignored(here / name, is_dir=False)
            ):
                yield here / name


def _glob(pattern: str) -> list[str] | None:
    """The paths a quoted glob names (`'caps/**/*.yaml'`, which the shell left alone), sorted;
    None when `pattern` holds no glob character. Hidden names match only when spelled."""
    if not _GLOB_CHARS & set(pattern):
        return None
    return sorted(glob.glob(pattern, recursive=True))


def discover(
    paths: list[str], *, capabilities_only: bool = False, respect_gitignore: bool = True
) -> Discovery:
    """Expand files and folders into candidates, in a stable order, without repeats.

    Files named explicitly are always checked, unless `capabilities_only` (for hooks that
    pass every YAML file) skips those without a top-level `naftiko` key, as folder walking
    does. Nothing but a regular file is ever opened: a named path that is missing, a
    dangling or looping symbolic link, or a FIFO, socket or device is a PathError; in a
    walked folder such files are Skipped (a notice), and folder symlinks are not followed.
    Walked folders leave out what git ignores, unless not `respect_gitignore`. A path that
    does not exist but holds `*`, `?` or `[` is a glob, expanded here: its files are
    treated as found by walking (sniffed; the configuration's include/exclude apply)."""
    out = Discovery()
    seen: set[object] = set()

    def add(
        display: str, path: Path | None, info: os.stat_result | None, discovered: bool = False
    ) -> None:
        key: object = (info.st_dev, info.st_ino) if info is not None else "-"
        if key not in seen:
            seen.add(key)
            out.candidates.append(Candidate(display, path, discovered))

    def walk(folder: Path) -> None:
        for file in _walk(folder, out.errors, respect_gitignore):
            found, file_info = classify(file)
            if found == _FOLDER:  # a name matched by a folder: walked on its own
                continue
            if found != _FILE:
                out.skipped.append(Skipped(str(file), found))
            elif looks_like_capability(file):
                add(str(file), file, file_info, discovered=True)

    for name in paths:
        if name == "-":
            add("-", None, None)
            continue
        path = Path(name)
        kind, info = classify(path)
        expanded = _glob(name) if info is None and kind not in (_FILE, _FOLDER) else None
        if expanded == []:
            out.errors.append(PathError(name, "no file or folder matches this pattern"))
        elif expanded is not None:
            for match in expanded:
                found, match_info = classify(Path(match))
                if found == _FOLDER:
                    walk(Path(match))
                elif found == _FILE and looks_like_capability(Path(match)):
                    add(match, Path(match), match_info, discovered=True)
        elif kind == _FOLDER:
            walk(path)
        elif kind == _FILE:
            if not capabilities_only or looks_like_capability(path):
                add(name, path, info)
        elif info is not None and (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
            out.errors.append(PathError(name, f"{kind}; to check a stream, pipe it into '-'"))
        else:
            out.errors.append(PathError(name, kind))
    return out
