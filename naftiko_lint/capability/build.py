"""The seam between a document's shape and the capability model: `build_model` picks the
builder for the document's dialect, and the rules only ever see the model it returns.

Today there is one builder, `naftiko_builder` (Naftiko 1.0: `resources`, `operations`,
`steps` are lists, a pointer names an item by its index). The engine's successor, Ikanos
(`ikanos: 1.0.0-betaN`), writes `resources`, `operations` and `steps` as keyed maps
(`resources: {ships: {path: /ships, operations: {list: {method: GET}}}}`). Supporting it is
one more module, `ikanos_builder.build(document, imported) -> CapabilityModel`, chosen below
when the document has an `ikanos` key: it walks the maps instead of the lists, takes each
item's name from its key (`ConsumedOperation.name`, a step's `name`), and records pointers
with that key in place of the index (`("capability", "consumes", 0, "resources", "ships")`),
so findings point into the map with no change to any rule. What the rules read besides the
model — `Unit.steps`, `Resource.operations`, `ConsumesEntry.resources`, the params — is filled
by the builder, never re-derived from the raw data by a rule.
"""

from __future__ import annotations

from typing import Any

from naftiko_lint.capability import naftiko_builder
from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.capability.naftiko_builder import capability_of

__all__ = ["build_model", "capability_of"]


def build_model(document: Any, imported: dict[str, Any] | None = None) -> CapabilityModel:
    """The model of `document`, by the builder of its dialect; `imported` maps an import
    location to the shared file's data."""
    return naftiko_builder.build(document, imported)
