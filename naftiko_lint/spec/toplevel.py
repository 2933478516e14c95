"""The Naftiko top level of a parsed document: a mapping whose `naftiko` key names a known
spec version. The document stage knows YAML only; this is where Naftiko begins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from naftiko_lint.diagnostics import FILE_START, Finding, Range
from naftiko_lint.document.lines import LineIndex
from naftiko_lint.document.loading import Document
from naftiko_lint.spec import versions

VERSION_KEY = "naftiko"


@dataclass(frozen=True)
class TopLevel:
    version: str | None  # the known spec version the document declares
    declared: Any  # the `naftiko` value as written (None when absent)
    findings: tuple[Finding, ...]


def check(doc: Document) -> TopLevel:
    """The Naftiko top-level checks of a parsed document: a mapping with a known version."""
    found: list[Finding] = []
    if not doc.parsed:
        return TopLevel(None, None, ())
    data = doc.data
    if data is None:
        found.append(
            Finding.at(
                "yaml-empty",
                "The file is empty; a Naftiko capability "
                f"starts with '{VERSION_KEY}: {versions.LATEST.name}'",
                FILE_START,
            )
        )
        return TopLevel(None, None, tuple(found))
    if not isinstance(data, dict):
        kind = {list: "a sequence", str: "a string"}.get(type(data), type(data).__name__)
        found.append(
            Finding.at(
                "yaml-not-mapping",
                f"The top level is {kind}; a Naftiko document is a mapping with a 'naftiko' key",
                _content_start(doc.raw),
            )
        )
        return TopLevel(None, None, tuple(found))
    if VERSION_KEY not in data:
        found.append(
            Finding.at(
                "version-missing",
                f"Missing '{VERSION_KEY}' version field; add '{VERSION_KEY}: "
                f"{versions.LATEST.name}' at the top of the file",
                FILE_START,
                "",
            )
        )
        return TopLevel(None, None, tuple(found))
    declared = data[VERSION_KEY]
    if isinstance(declared, str) and versions.get(declared) is not None:
        return TopLevel(declared, declared, ())
    message, _ = versions.unknown_version_message(declared)
    found.append(
        Finding.at("unknown-version", message, doc.range_of("/" + VERSION_KEY), "/" + VERSION_KEY)
    )
    return TopLevel(None, declared, tuple(found))


def _content_start(raw: bytes) -> Range:
    """The first character that is neither blank nor part of a comment."""
    index = LineIndex(raw)
    offset = 0
    for line in raw.splitlines(keepends=True):
        stripped = line.lstrip(b" \t")
        if stripped and not stripped.startswith((b"#", b"\n", b"\r", b"---")):
            pos = index.position(offset + len(line) - len(stripped))
            return Range(pos, pos)
        offset += len(line)
    return FILE_START
