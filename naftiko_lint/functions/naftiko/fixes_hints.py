"""Fixes of MCP tool hints where the HTTP methods a tool calls decide the right value.

Every one is unsafe: a hint changes what agents do (run without asking, retry). Hints live
under the tool's `hints` mapping (McpToolHints: readOnly, destructive, idempotent,
openWorld); a fix creates the mapping when the tool has none. A fix is never offered when
the value it writes would contradict the `semantics` of the tool's ref function, which
naftiko-aggregate-semantics-consistency reports: there the function is what is wrong."""

from __future__ import annotations

from collections.abc import Mapping

from naftiko_lint import pointer as jp
from naftiko_lint.capability import CapabilityModel, Unit
from naftiko_lint.diagnostics import Edit, Fix

# hint -> (semantics key, the semantics value a written hint value contradicts), per value
_CONTRADICTS: dict[tuple[str, bool], tuple[str, bool]] = {
    ("readOnly", False): ("safe", True),
    ("readOnly", True): ("safe", False),
    ("destructive", True): ("safe", True),
    ("idempotent", False): ("idempotent", True),
    ("idempotent", True): ("idempotent", False),
}


def _semantics(model: CapabilityModel, unit: Unit) -> Mapping:
    function = model.function(unit.data.get("ref"))
    semantics = function[1].get("semantics") if function is not None else None
    return semantics if isinstance(semantics, dict) else {}


def _contradicts(semantics: Mapping, name: str, value: bool | None) -> bool:
    if value is None:
        return False
    against = _CONTRADICTS.get((name, value))
    return against is not None and semantics.get(against[0]) is against[1]


def _shown(value: bool) -> str:
    return "true" if value else "false"


def hints_fix(model: CapabilityModel, unit: Unit, changes: Mapping[str, bool | None]) -> Fix | None:
    """The fix writing `changes` into the tool's hints (a bool sets the hint, None removes
    it), in order; None when one would contradict the ref function's semantics."""
    semantics = _semantics(model, unit)
    if not changes or any(_contradicts(semantics, k, v) for k, v in changes.items()):
        return None
    hints = unit.data.get("hints")
    base = (*unit.path, "hints")
    if isinstance(hints, dict):
        edits = tuple(
            Edit("set", jp.join((*base, name)), value)
            if value is not None
            else Edit("remove", jp.join((*base, name)))
            for name, value in changes.items()
            if value is not None or name in hints
        )
    else:
        written = {k: v for k, v in changes.items() if v is not None}
        edits = (Edit("set", jp.join(base), written),) if written else ()
    if not edits:
        return None
    parts = [
        f"set {name}: {_shown(value)}" if value is not None else f"remove {name}"
        for name, value in changes.items()
    ]
    return Fix(None, False, edits, ", ".join(parts))


def readonly_false_changes(
    methods: set[str], values: Mapping[str, bool], idempotent_methods: frozenset[str]
) -> dict[str, bool | None]:
    """readOnly: false for a tool that writes, and what its methods then decide: a DELETE
    destroys (destructive: true when it says false), and a tool calling only idempotent
    methods is idempotent (idempotent: true when it is not marked so)."""
    changes: dict[str, bool | None] = {"readOnly": False}
    if "DELETE" in methods and values.get("destructive") is False:
        changes["destructive"] = True
    if methods <= idempotent_methods and not values.get("idempotent"):
        changes["idempotent"] = True
    return changes


def readonly_true_changes(explicit: Mapping[str, bool]) -> dict[str, bool | None]:
    """readOnly: true for a tool that only reads, dropping a destructive: true beside it
    (a tool that only reads destroys nothing: mcp-destructive-mismatch)."""
    changes: dict[str, bool | None] = {"readOnly": True}
    if explicit.get("destructive") is True:
        changes["destructive"] = None
    return changes
