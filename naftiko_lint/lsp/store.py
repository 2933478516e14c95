"""The open documents: each one's text as the editor has it (a Snapshot, parsed on first
need), its last lint, its last text that parsed (for completion while a line is half
typed), and the files it imports, so that a change to a shared file re-lints its importers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from naftiko_lint.document.loading import Document
from naftiko_lint.lsp.linting import LintOutcome, is_capability, parse_text
from naftiko_lint.lsp.positions import UTF16, TextLines

if TYPE_CHECKING:
    from naftiko_lint.capability.stage import Capability


def resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError, ValueError):
        return path


@dataclass(frozen=True)
class Snapshot:
    """One version of one open document."""

    uri: str
    path: str  # the file system path of a file: URI (else the URI itself)
    text: str
    version: int | None = None
    encoding: str = UTF16

    @cached_property
    def capability_file(self) -> bool:
        return is_capability(self.text)

    @cached_property
    def lines(self) -> TextLines:
        return TextLines(self.text, self.encoding)

    @cached_property
    def document(self) -> Document:
        return parse_text(self.path, self.text)

    @cached_property
    def capability(self) -> Capability | None:
        """The capability with its imports resolved (None when the text is no mapping)."""
        from naftiko_lint.capability.stage import load

        doc = self.document
        if not doc.usable:
            return None
        return load(doc.data, Path(self.path) if self.is_file else None)

    @property
    def is_file(self) -> bool:
        return self.uri.startswith("file:")


@dataclass
class Entry:
    current: Snapshot
    linted: tuple[Snapshot, LintOutcome] | None = None  # the last lint, of which version
    usable: Snapshot | None = None  # the last version whose text parsed to a mapping
    imports: frozenset[str] = frozenset()  # resolved paths of the files it imports


@dataclass
class Store:
    entries: dict[str, Entry] = field(default_factory=dict)

    def put(self, snapshot: Snapshot) -> None:
        entry = self.entries.get(snapshot.uri)
        if entry is None:
            self.entries[snapshot.uri] = Entry(snapshot)
        else:
            entry.current = snapshot

    def get(self, uri: str) -> Snapshot | None:
        entry = self.entries.get(uri)
        return entry.current if entry is not None else None

    def close(self, uri: str) -> None:
        self.entries.pop(uri, None)

    def record(self, snapshot: Snapshot, outcome: LintOutcome) -> bool:
        """Keep a lint of `snapshot`; False when the document changed (or closed) since:
        a stale result is never published."""
        entry = self.entries.get(snapshot.uri)
        if entry is None or entry.current is not snapshot:
            return False
        entry.linted = (snapshot, outcome)
        entry.imports = frozenset(resolved(p) for p in outcome.inputs)
        if outcome.document is not None:  # the lint's parse serves hover and completion too
            snapshot.__dict__.setdefault("document", outcome.document)
            if outcome.document.usable:
                entry.usable = snapshot
        return True

    def outcome(self, snapshot: Snapshot) -> LintOutcome | None:
        """The lint of exactly this version, when it has been made."""
        entry = self.entries.get(snapshot.uri)
        if entry is None or entry.linted is None or entry.linted[0] is not snapshot:
            return None
        return entry.linted[1]

    def usable(self, uri: str) -> Snapshot | None:
        """The newest version that parsed to a mapping (the current one when it does)."""
        entry = self.entries.get(uri)
        if entry is None:
            return None
        if entry.current.document.usable:
            entry.usable = entry.current
        return entry.usable

    def importers(self, changed: set[str]) -> list[str]:
        """URIs of the open documents that import one of these (resolved) paths."""
        return [uri for uri, entry in self.entries.items() if entry.imports & changed]

    def text_of(self, path: str) -> str | None:
        """The editor's text of an open file, by resolved path."""
        wanted = resolved(path)
        for entry in self.entries.values():
            if entry.current.is_file and resolved(entry.current.path) == wanted:
                return entry.current.text
        return None

    def uris(self) -> list[str]:
        return list(self.entries)
