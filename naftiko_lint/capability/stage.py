"""The capability stage: a parsed document becomes a Capability, with its local imports
resolved and its typed model built once. The rules receive it as `ctx.capability`; the
exporter, the mock servers and conformance call the same `load`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from naftiko_lint.capability.build import build_model
from naftiko_lint.capability.imports import (
    ImportOutcome,
    loaded_documents,
    resolve_imports,
)
from naftiko_lint.capability.model import CapabilityModel, iter_strings
from naftiko_lint.capability.placeholders import MUSTACHE

Reference = tuple[tuple[str | int, ...], str, re.Match[str]]  # (pointer, text, {{…}} match)


@dataclass
class Capability:
    data: Any  # the document's data, as loaded
    file: Path | None  # where it was read from (imports resolve against its folder)
    imports: dict[str, ImportOutcome] = field(default_factory=dict)  # location -> outcome

    @cached_property
    def imported(self) -> dict[str, Any]:
        """location -> data of every import that loaded."""
        return loaded_documents(self.imports)

    @cached_property
    def model(self) -> CapabilityModel:
        """The typed model, built once (by the builder of the document's dialect)."""
        return build_model(self.data, self.imported)

    @cached_property
    def imported_models(self) -> dict[str, CapabilityModel]:
        """location -> model of each import that loaded (its own binds, for the bind rules)."""
        return {location: build_model(data) for location, data in self.imported.items()}

    @cached_property
    def strings(self) -> list[tuple[tuple[str | int, ...], str]]:
        """(path, text) of every string in the document, in document order: walked once
        for the rules that read them all."""
        return list(iter_strings(self.data))

    @cached_property
    def references(self) -> list[Reference]:
        """Every {{…}} in the document's strings, in document order: a fact of the document
        several rules read (and an exporter would), so it is found once, here."""
        return [
            (path, text, match)
            for path, text in self.strings
            if "{{" in text
            for match in MUSTACHE.finditer(text)
        ]

    @property
    def files_read(self) -> tuple[str, ...]:
        """The files this capability's findings depend on besides itself (for a cache):
        every import it tried, loaded or not (a missing file that appears changes them)."""
        return tuple(sorted({o.resolved for o in self.imports.values() if o.resolved is not None}))


def mustache_references(data: Any) -> list[Reference]:
    """Every {{…}} in the strings of `data` (a document or part of one)."""
    return [
        (path, text, match)
        for path, text in iter_strings(data, needle="{{")
        for match in MUSTACHE.finditer(text)
    ]


def load(data: Any, file: Path | None) -> Capability:
    """The capability of a parsed document: its local imports resolved against the folder of
    `file` (none without a file), its model built on first use."""
    return Capability(data, file, resolve_imports(data, file))
