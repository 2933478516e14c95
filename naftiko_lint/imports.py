"""Load the shared consumer files a capability imports, from the local disk only.

`consumes: [{location: ./shared/crew.yaml, import: crew-api, as: crew}]` — the location is
read relative to the importing file (or as a file:// URI). Remote locations are never
fetched: naftiko-lint reaches no network unless asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from naftiko_lint.document import parse_document
from naftiko_lint.model import capability_of

MAX_IMPORT_BYTES = 8 * 1024 * 1024


def _locations(document: Any) -> list[str]:
    found = []
    capability = capability_of(document)
    for items in (document.get("consumes"), capability.get("consumes")):
        for entry in items if isinstance(items, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("location"), str):
                found.append(entry["location"])
    return found


def _local_path(location: str, base: Path) -> Path | None:
    parts = urlsplit(location)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if parts.scheme:  # http(s) and friends: never fetched
        return None
    return (base / location).resolve()


def load_imports(document: Any, file: Path | None) -> dict[str, Any]:
    """location → data of each readable local shared file the document imports."""
    if not isinstance(document, dict) or file is None:
        return {}
    loaded: dict[str, Any] = {}
    for location in _locations(document):
        path = _local_path(location, file.resolve().parent)
        if path is None or not path.is_file():
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if len(raw) > MAX_IMPORT_BYTES:
            continue
        shared = parse_document(str(path), raw, capability=False)
        if isinstance(shared.data, dict) and not shared.problems:
            loaded[location] = shared.data
    return loaded
