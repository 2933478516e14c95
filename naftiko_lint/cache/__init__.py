"""The result cache (as ruff's): a file's outcome is reused when nothing it depends on has
changed since it was checked.

An outcome depends on the file's bytes, the path it is reported as, the folder its imports
resolve from, the bytes (or absence) of every import it tried, the configuration file's
bytes, every ruleset and function file the rules were built from, the options, and the tool
itself (see keys.py). Standard input is never cached, and neither is an outcome with an
internal error or a tool error (a file that could not be read).

Storage: one file per (tool version, configuration file, options) in the cache folder
(`.naftiko-lint-cache/` in the working directory by default, with a CACHEDIR.TAG and a
`.gitignore` of `*`), see store.py. Look-ups can run in the parent process with only the
misses sent to worker processes (`lookup`, then `store` their outcomes), or both at once
(`lint`); `save` writes once at the end."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from naftiko_lint.cache import codec, keys
from naftiko_lint.cache.store import CacheFile, Entry
from naftiko_lint.capability.imports import MAX_IMPORT_BYTES
from naftiko_lint.ruleset.builtin import INTERNAL_ERROR

if TYPE_CHECKING:
    from naftiko_lint.runner import FileOutcome, FileTask, Planner

DEFAULT_DIRECTORY = ".naftiko-lint-cache"
ENVIRONMENT = "NAFTIKO_LINT_CACHE_DIR"
KEEP_UNSEEN = 30 * 24 * 3600  # an entry not looked up for this long goes (as ruff's)
_RESEEN = 24 * 3600  # an entry's last look-up is rewritten at most daily
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by naftiko-lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_directory(given: str | None = None) -> Path:
    """--cache-dir, else $NAFTIKO_LINT_CACHE_DIR, else .naftiko-lint-cache here."""
    return Path(given or os.environ.get(ENVIRONMENT) or DEFAULT_DIRECTORY)


@dataclass
class _Scope:
    """One cache file (its entries forgotten when they may not be used)."""

    file: CacheFile
    header: tuple | None = None  # what this run's outcomes were checked with
    seen: set[str] = field(default_factory=set)  # keys looked up or stored this run


class ResultCache:
    def __init__(self, directory: Path, notes: list[str]) -> None:
        self.directory = directory
        self.notes = notes  # user-facing notes ("cache ignored: …")
        self._enabled = codec.supported()
        self._fingerprint: bytes | None = None
        self._scopes: dict[str, _Scope] = {}
        self._names: dict[tuple[str | None, object], str] = {}  # (config, options) -> file
        self._digests: dict[tuple[str, int], bytes] = {}
        self._now = int(time.time())
        self.hits = 0  # outcomes reused this run
        self.stored = 0  # outcomes written this run

    @classmethod
    def open(cls, directory: str | Path, notes: list[str]) -> ResultCache:
        return cls(Path(directory), notes)

    # -- keys -------------------------------------------------------------------------
    def _digest(self, path: str, limit: int = MAX_IMPORT_BYTES) -> bytes:
        """A file's digest, computed once per run (a shared import is read once)."""
        key = (path, limit)
        if key not in self._digests:
            self._digests[key] = keys.file_digest(path, limit)
        return self._digests[key]

    def _tool(self) -> bytes:
        if self._fingerprint is None:
            self._fingerprint = keys.tool_fingerprint()
        return self._fingerprint

    def _config(self, task: FileTask) -> bytes:
        return b"<defaults>" if task.config is None else self._digest(task.config)

    def _scope(self, task: FileTask) -> _Scope:
        name = self._names.get((task.config, task.options))
        if name is None:
            name = self._names[task.config, task.options] = keys.scope_name(
                task.config, task.options
            )
        scope = self._scopes.get(name)
        if scope is None:
            file = CacheFile(self.directory / f"{name}.cache", self.notes)
            scope = _Scope(file)
            if not self._trusted(file.header, task):
                file.forget()
            self._scopes[name] = scope
        return scope

    def _trusted(self, header: object, task: FileTask) -> bool:
        """The file's entries were checked by this tool, with this configuration and
        unchanged rulesets and functions."""
        if not (isinstance(header, tuple) and len(header) == 4):
            return False
        version, tool, config, sources = header
        if (version, tool, config) != (keys.FORMAT, self._tool(), self._config(task)):
            return False
        return self._unchanged(sources)

    def _unchanged(self, files: object) -> bool:
        """Each (path, digest) pair still holds (anything else from the disk: False)."""
        try:
            return all(self._digest(path) == known for path, known in files)  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            return False

    def _entry_matches(self, entry: Entry, task: FileTask, digest: bytes) -> bool:
        display, anchor, stored, inputs = entry[:4]
        if (display, anchor, stored) != (task.display, _absolute(task.anchor), digest):
            return False
        return self._unchanged(inputs)

    def _fresh(self, task: FileTask) -> tuple[_Scope, Entry, bool] | None:
        """The task's entry (its scope, and whether it was written this run), when nothing
        it depends on has changed."""
        if not self._enabled or task.path is None:
            return None
        scope = self._scope(task)
        key = os.path.abspath(task.path)
        found = scope.file.get(key)
        if found is None:
            return None
        entry, new = found
        if not self._entry_matches(entry, task, self._digest(key, task.options.max_file_bytes)):
            return None
        return scope, entry, new

    # -- the seam ---------------------------------------------------------------------
    def has(self, task: FileTask, planner: Planner) -> bool:
        """A stored outcome of this task is still good (checked without reading it, so that
        a caller can pick the misses first and read each hit only when its turn comes)."""
        return self._fresh(task) is not None

    def lookup(
        self, task: FileTask, planner: Planner, want: bytes | None = None
    ) -> FileOutcome | None:
        """The stored outcome of this task, when nothing it depends on has changed: its
        chunk and counts when it was stored shipped in the format `want` names (see
        workers.Shipping.key), else its diagnostics."""
        fresh = self._fresh(task)
        if fresh is None:
            return None
        scope, entry, new = fresh
        key = os.path.abspath(str(task.path))
        try:
            outcome = codec.decode(scope.file.blob(entry, new), want)
        except (OSError, ValueError) as error:
            # each outcome has its own checksum: the others stay good
            self.notes.append(f"cache ignored: {scope.file.path}: corrupt ({error})")
            scope.file.drop(key)
            return None
        scope.seen.add(key)
        self.hits += 1
        return outcome

    def store(self, task: FileTask, planner: Planner, outcome: FileOutcome) -> None:
        """Keep this task's outcome (not for standard input, errors or internal errors)."""
        if not self._enabled or task.path is None or not _cacheable(outcome):
            return
        scope = self._scope(task)
        if scope.header is None:
            plan = planner.plan_for(planner.config_at(task.config))
            sources = tuple((path, self._digest(path)) for path in plan.sources)
            scope.header = (keys.FORMAT, self._tool(), self._config(task), sources)
            if scope.file.header != scope.header:  # another plan: the old entries go
                scope.file.forget()
        key = os.path.abspath(task.path)
        inputs = tuple((path, self._digest(path)) for path in outcome.inputs)
        digest = self._digest(key, task.options.max_file_bytes)
        meta = (task.display, _absolute(task.anchor), digest, inputs, self._now)
        try:
            blob = outcome.encoded if outcome.encoded is not None else codec.encode(outcome)
            scope.file.put(key, meta, blob)
        except OSError as error:
            self._disable(f"cache not written: {self.directory}: {error.strerror or error}")
            return
        scope.seen.add(key)
        self.stored += 1

    def lint(
        self,
        task: FileTask,
        planner: Planner,
        lint: Callable[[FileTask, Planner], FileOutcome] | None = None,
    ) -> FileOutcome:
        """The stored outcome, or `lint`'s (runner.lint_file by default), then stored."""
        outcome = self.lookup(task, planner)
        if outcome is not None:
            return outcome
        if lint is None:
            from naftiko_lint.runner import lint_file

            lint = lint_file
        outcome = lint(task, planner)
        self.store(task, planner, outcome)
        return outcome

    def save(self) -> None:
        """Write what changed, once, at the end of the run; never raises for the disk."""
        try:
            for scope in self._scopes.values():
                self._save(scope)
            if self._scopes:
                self._mark_folder()
        except OSError as error:
            self.notes.append(f"cache not written: {self.directory}: {error.strerror or error}")
        except (TypeError, ValueError) as error:  # an old entry of a foreign shape
            self.notes.append(f"cache not written: {self.directory}: {error}")
        finally:
            for scope in self._scopes.values():
                scope.file.close()
            self._scopes = {}

    # -- writing ----------------------------------------------------------------------
    def _save(self, scope: _Scope) -> None:
        file = scope.file
        keep: dict[str, Entry] = {}
        changed = bool(file.added) or file.dropped
        for key, entry in file.entries.items():
            if key in file.added:
                continue
            if key in scope.seen:
                if self._now - entry[4] > _RESEEN:
                    entry, changed = (*entry[:4], self._now, *entry[5:]), True
                keep[key] = entry
            elif self._now - entry[4] <= KEEP_UNSEEN and os.path.isfile(key):
                keep[key] = entry
            else:
                changed = True  # a file gone, or not checked for a month
        header = scope.header if scope.header is not None else file.header
        if changed and header is not None:
            file.save(header, keep)

    def _mark_folder(self) -> None:
        """CACHEDIR.TAG (backup tools skip the folder) and a .gitignore of everything; the
        files of other versions or configurations unused for a month, and temporary files
        a killed run left, are removed."""
        if not self.directory.is_dir():
            return
        for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "*\n")):
            path = self.directory / name
            if not path.exists():
                path.write_text(text)
        for entry in os.scandir(self.directory):
            age = KEEP_UNSEEN if entry.name.endswith(".cache") else _RESEEN
            if entry.name.endswith((".cache", ".tmp")):
                with contextlib.suppress(OSError):
                    if self._now - entry.stat().st_mtime > age:
                        os.unlink(entry.path)

    def _disable(self, note: str) -> None:
        self.notes.append(note)
        self._enabled = False
        for scope in self._scopes.values():
            scope.file.close()
        self._scopes = {}


def _absolute(path: str | None) -> str | None:
    return None if path is None else os.path.abspath(path)


def _cacheable(outcome: FileOutcome) -> bool:
    return (
        outcome.report is not None
        and not outcome.errors
        and not outcome.tracebacks
        and not any(d.rule == INTERNAL_ERROR for d in outcome.diagnostics)
        and not any(count[0] == INTERNAL_ERROR for count in outcome.counts or ())
    )
