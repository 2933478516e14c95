"""Find the files to check from the paths a user names."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = (".yaml", ".yml", ".json")
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv"})
# A top-level `naftiko` key in block YAML: at column 0.
_NAFTIKO_KEY = re.compile(rb"""^(?:naftiko|"naftiko"|'naftiko')[ \t]*:""", re.MULTILINE)
# In JSON (or flow YAML) the key must stand at depth 1: a schema that describes the
# `naftiko` property (`"properties": {"naftiko": …}`) is not a capability.
_FLOW_TOKEN = re.compile(rb"""[{}\[\]]|"(?:[^"\\]|\\.)*"|'[^']*'|naftiko\s*:""")
_FLOW_KEY = re.compile(rb"""(?:"naftiko"|'naftiko'|naftiko)\s*:""")
_SNIFF_BYTES = 64 * 1024


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
    display: str
    message: str


def looks_like_capability(path: Path) -> bool:
    """Cheap sniff: does the file's start contain a top-level `naftiko` key?"""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True  # let the checker report why it cannot be read
    return has_top_level_naftiko_key(head)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS
        )
        for name in sorted(filenames):
            if name.lower().endswith(EXTENSIONS):
                yield Path(dirpath) / name


def discover(paths: list[str], *, capabilities_only: bool = False,
             ) -> tuple[list[Candidate], list[PathError]]:
    """Expand files and folders into candidates, in a stable order, without repeats.

    Files named explicitly are always checked, unless `capabilities_only` (for hooks that
    pass every YAML file) skips those without a top-level `naftiko` key, as folder walking
    does."""
    found: list[Candidate] = []
    errors: list[PathError] = []
    seen: set[str] = set()

    def add(display: str, path: Path | None, discovered: bool = False) -> None:
        key = str(path.resolve()) if path is not None else "-"
        if key not in seen:
            seen.add(key)
            found.append(Candidate(display, path, discovered))

    for name in paths:
        if name == "-":
            add("-", None)
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                if looks_like_capability(file):
                    add(str(file), file, discovered=True)
        elif path.exists():
            if not capabilities_only or looks_like_capability(path):
                add(name, path)
        else:
            errors.append(PathError(name, "no such file or directory"))
    return found, errors
