"""The capability stage: a parsed document becomes a Capability, with its local imports
resolved and its typed model built once. The rules receive it as `ctx.capability`; the
exporter, the mock servers and conformance call the same `load`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from naftiko_lint.capability.build import build_model
from naftiko_lint.capability.imports import (
    LOADED,
    ImportOutcome,
    loaded_documents,
    resolve_imports,
)
from naftiko_lint.capability.model import CapabilityModel


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
        return build_model(self.data, self.imported)

    @property
    def files_read(self) -> tuple[str, ...]:
        """The files this capability's findings depend on besides itself (for a cache)."""
        return tuple(
            outcome.resolved
            for outcome in self.imports.values()
            if outcome.status == LOADED and outcome.resolved is not None
        )


def load(data: Any, file: Path | None) -> Capability:
    return Capability(data, file, resolve_imports(data, file))
