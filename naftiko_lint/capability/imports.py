"""Load the shared consumer files a capability imports, from the local disk only.

`consumes: [{location: ./shared/crew.yaml, import: crew-api, as: crew}]`. Like the engine
(`consumes/ConsumesImportResolver.resolvePath`), the location is a file path resolved against
the importing file's folder; a URL (`https://…`, `file://…`) is never fetched, because the
engine would read it as a relative path too and never find it. Each location's outcome is
recorded so that rule functions stay pure: they read it from the per-document cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from naftiko_lint.capability import capability_of
from naftiko_lint.document.loading import parse_document

MAX_IMPORT_BYTES = 8 * 1024 * 1024

LOADED = "loaded"
MISSING = "missing"  # no file at that path (the engine: "Import source file not found")
UNREADABLE = "unreadable"  # a folder, too large, or no YAML mapping
NO_CONSUMES = "no-consumes"  # no root-level consumes list ("Consumes file has no 'consumes'")
URL = "url"  # a URL the engine reads as a relative path, so it never loads


@dataclass(frozen=True)
class ImportOutcome:
    status: str
    resolved: str | None = None  # the file path the location resolves to
    data: Any = None  # the shared document, when loaded
    namespaces: tuple[str, ...] = ()  # http namespaces at its root, in order
    detail: str = ""  # why it could not be read


def _locations(document: Any) -> list[str]:
    found = []
    capability = capability_of(document)
    for items in (document.get("consumes"), capability.get("consumes")):
        for entry in items if isinstance(items, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("location"), str):
                found.append(entry["location"])
    return found


def is_url(location: str) -> bool:
    parts = urlsplit(location)
    return len(parts.scheme) > 1 and "://" in location


def _namespaces(data: dict) -> tuple[str, ...]:
    """Namespaces the engine can import from a shared file (its http entries, not imports)."""
    out = []
    for entry in data.get("consumes") or []:
        if (
            isinstance(entry, dict)
            and "location" not in entry
            and isinstance(entry.get("namespace"), str)
        ):
            out.append(entry["namespace"])
    return tuple(out)


def _outcome(location: str, base: Path) -> ImportOutcome:
    if is_url(location):
        return ImportOutcome(URL)
    try:
        path = (base / location).resolve()
        if not path.exists():
            return ImportOutcome(MISSING, str(path))
        if path.is_dir():
            return ImportOutcome(UNREADABLE, str(path), detail="it is a folder")
        if not path.is_file():  # a FIFO, socket or device: never opened, it could block
            return ImportOutcome(UNREADABLE, str(path), detail="it is not a regular file")
        with path.open("rb") as handle:  # at most one byte more than the limit
            raw = handle.read(MAX_IMPORT_BYTES + 1)
    except (OSError, ValueError, RuntimeError) as error:
        # a NUL byte or an over-long name (ValueError, ENAMETOOLONG), a symlink loop, no
        # permission: the engine cannot read it either
        detail = getattr(error, "strerror", None) or str(error)
        return ImportOutcome(UNREADABLE, detail=detail)
    if len(raw) > MAX_IMPORT_BYTES:
        return ImportOutcome(
            UNREADABLE, str(path), detail=f"it is larger than {MAX_IMPORT_BYTES} bytes"
        )
    shared = parse_document(str(path), raw)
    if shared.problems or not isinstance(shared.data, dict):
        detail = shared.problems[0].message if shared.problems else "it is no YAML mapping"
        return ImportOutcome(UNREADABLE, str(path), detail=detail)
    consumes = shared.data.get("consumes")
    if not isinstance(consumes, list) or not consumes:
        return ImportOutcome(NO_CONSUMES, str(path), shared.data)
    return ImportOutcome(LOADED, str(path), shared.data, _namespaces(shared.data))


def resolve_imports(document: Any, file: Path | None) -> dict[str, ImportOutcome]:
    """location → outcome of every import location the document names (none without a file:
    input read from stdin has no folder to resolve against)."""
    if not isinstance(document, dict) or file is None:
        return {}
    base = file.resolve().parent
    return {location: _outcome(location, base) for location in dict.fromkeys(_locations(document))}


def loaded_documents(outcomes: dict[str, ImportOutcome]) -> dict[str, Any]:
    """location → data of each shared file that loaded."""
    return {
        location: outcome.data for location, outcome in outcomes.items() if outcome.status == LOADED
    }
