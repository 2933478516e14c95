"""What a surface promises about behaviour must match what it does upstream.

HTTP semantics (RFC 9110): GET and HEAD are safe; GET, HEAD, PUT and DELETE are idempotent;
POST and PATCH are neither. MCP hint defaults when absent: readOnly false, destructive true,
idempotent false, openWorld true. A unit with steps is judged by the least safe method it
calls; a `ref` unit by its function, whose `semantics` give derived hints that the tool's
own hints override field by field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from naftiko_lint.capability import CapabilityModel, Unit
from naftiko_lint.capability.stage import Capability
from naftiko_lint.diagnostics import Severity
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule
from naftiko_lint.functions.naftiko.fixes_hints import (
    hints_fix,
    readonly_false_changes,
    readonly_true_changes,
)

WHOLE_DOCUMENT = {"type": "object"}
SAFE = frozenset({"GET", "HEAD"})
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})
DEFAULTS = {"readOnly": False, "destructive": True, "idempotent": False, "openWorld": True}


def called_methods(model: CapabilityModel, unit: Unit) -> set[str]:
    """HTTP methods of the consumed operations a unit calls (through its ref too)."""
    methods = set()
    target = model.function_unit(unit.data.get("ref")) or unit
    for _, call, _, _ in target.call_sites():
        _, operation = model.resolve_call(call)
        if operation is not None and operation.method:
            methods.add(operation.method.upper())
    return methods


@dataclass(frozen=True)
class Hints:
    values: dict[str, bool]  # effective: defaults, then semantics, then explicit hints
    explicit: dict[str, bool]  # written on the tool
    base: tuple  # path of the tool's hints (or of the tool when it has none)

    def where(self, name: str) -> tuple:
        return (*self.base, name) if name in self.explicit else self.base


def effective_hints(model: CapabilityModel, unit: Unit) -> Hints:
    values = dict(DEFAULTS)
    function = model.function(unit.data.get("ref"))
    semantics = function[1].get("semantics") if function is not None else None
    if isinstance(semantics, dict):
        if semantics.get("safe") is True:
            values.update(readOnly=True, destructive=False)
        elif semantics.get("safe") is False:
            values["readOnly"] = False
        if isinstance(semantics.get("idempotent"), bool):
            values["idempotent"] = semantics["idempotent"]
    hints = unit.data.get("hints")
    explicit = (
        {k: v for k, v in hints.items() if isinstance(v, bool)} if isinstance(hints, dict) else {}
    )
    values.update(explicit)
    base = (*unit.path, "hints") if isinstance(hints, dict) else unit.path
    return Hints(values, explicit, base)


def _tools(capability: Capability, ctx: FunctionContext) -> list[tuple[Unit, set[str], Hints]]:
    """MCP tools that call HTTP operations, with their methods and hints; computed once per
    document and run (four rules ask). A memo of these rules, so it stays in the rules'
    per-document cache: the capability stage knows nothing of hints."""
    found = ctx.cache.get("mcp-tool-methods")
    if found is None:
        model = capability.model
        found = []
        for unit in model.units():
            if unit.kind == "mcp-tool":
                methods = called_methods(model, unit)
                if methods:
                    found.append((unit, methods, effective_hints(model, unit)))
        ctx.cache["mcp-tool-methods"] = found
    return found


def _name(unit: Unit) -> str:
    name = unit.data.get("name") or unit.data.get("ref") or "tool"
    return f"tool {name!r}"


def _listing(methods: set[str]) -> str:
    return "/".join(sorted(methods))


@model_rule("mcp-readonly-unsafe-method")
def mcp_readonly_unsafe_method(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for unit, methods, hints in _tools(capability, ctx):
        unsafe = methods - SAFE
        if not hints.values["readOnly"] or not unsafe:
            continue
        if unsafe == {"POST"}:  # many APIs read with POST (list, search, query, validate)
            yield FunctionResult(
                f"{_name(unit)} is marked readOnly but calls POST; verify "
                "that this POST only reads (a search or query), else set "
                "readOnly: false",
                hints.where("readOnly"),
                severity=Severity.WARNING,
            )
        else:
            writes = _listing(unsafe - {"POST"})
            yield FunctionResult(
                f"{_name(unit)} is marked readOnly but calls {writes}, which "
                "changes state; set readOnly: false",
                hints.where("readOnly"),
                fix=hints_fix(
                    capability.model,
                    unit,
                    readonly_false_changes(methods, hints.values, IDEMPOTENT),
                ),
            )


@model_rule("mcp-readonly-missing")
def mcp_readonly_missing(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for unit, methods, hints in _tools(capability, ctx):
        if methods <= SAFE and not hints.values["readOnly"]:
            yield FunctionResult(
                f"{_name(unit)} only calls {_listing(methods)} but is not "
                "marked readOnly, so agents treat it as destructive; add "
                "hints: {readOnly: true}",
                hints.where("readOnly"),
                key="readOnly" not in hints.explicit,
                fix=hints_fix(capability.model, unit, readonly_true_changes(hints.explicit)),
            )


@model_rule("mcp-idempotent-mismatch")
def mcp_idempotent_mismatch(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for unit, methods, hints in _tools(capability, ctx):
        if hints.values["readOnly"]:
            continue  # idempotent is meaningful only when readOnly is false
        if hints.values["idempotent"] and not methods <= IDEMPOTENT:
            bad = _listing(methods - IDEMPOTENT)
            yield FunctionResult(
                f"{_name(unit)} is marked idempotent but calls {bad}, which "
                "HTTP does not guarantee idempotent; verify that repeating "
                "the call is harmless, else set idempotent: false",
                hints.where("idempotent"),
                severity=Severity.INFO,
            )
        elif not hints.values["idempotent"] and methods <= IDEMPOTENT and methods - SAFE:
            yield FunctionResult(
                f"{_name(unit)} calls {_listing(methods)}, which is "
                "idempotent, but is not marked so; add idempotent: true",
                hints.where("idempotent"),
                fix=hints_fix(capability.model, unit, {"idempotent": True}),
            )


@model_rule("mcp-destructive-mismatch")
def mcp_destructive_mismatch(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for unit, methods, hints in _tools(capability, ctx):
        if (
            "DELETE" in methods
            and not hints.values["readOnly"]
            and hints.values["destructive"] is False
        ):
            yield FunctionResult(
                f"{_name(unit)} calls DELETE but is marked destructive: false; "
                "remove the hint or set it to true",
                hints.where("destructive"),
                fix=hints_fix(capability.model, unit, {"destructive": True}),
            )
        # destructive: false / idempotent: true agree with readOnly (for a safe function the
        # engine writes readOnly: true, destructive: false itself,
        # AggregateRefResolver.deriveHints); only destructive: true contradicts it, and the
        # official naftiko-aggregate-semantics-consistency reports that on ref tools.
        if (
            hints.values["readOnly"]
            and hints.explicit.get("destructive") is True
            and not _semantics_rule_reports(capability.model, unit)
        ):
            yield FunctionResult(
                f"{_name(unit)} is marked both readOnly and destructive; a "
                "tool that only reads destroys nothing: drop destructive: "
                "true, or readOnly if it writes",
                (*hints.base, "destructive"),
                key=True,
                severity=Severity.INFO,
                # only reads: drop destructive (a write is mcp-readonly-unsafe-method's fix)
                fix=hints_fix(capability.model, unit, {"destructive": None})
                if methods <= SAFE
                else None,
            )


def _semantics_rule_reports(model: CapabilityModel, unit: Unit) -> bool:
    """Whether naftiko-aggregate-semantics-consistency reports this tool's destructive hint
    (a ref tool whose function says safe: true)."""
    function = model.function(unit.data.get("ref"))
    semantics = function[1].get("semantics") if function is not None else None
    return isinstance(semantics, dict) and semantics.get("safe") is True


@model_rule("rest-method-mismatch")
def rest_method_mismatch(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for unit in model.units():
        if unit.kind != "rest-operation":
            continue
        method = str(unit.data.get("method", "")).upper()
        methods = called_methods(model, unit)
        if not methods or not method:
            continue
        where = (*unit.path, "method")
        if method in SAFE and methods - SAFE:
            yield FunctionResult(
                f"{method} is safe, but this operation calls "
                f"{_listing(methods - SAFE)} upstream: clients, caches and "
                "crawlers may repeat it freely; expose it with a method that "
                "says it changes state",
                where,
            )
        elif method not in SAFE and methods <= SAFE:
            yield FunctionResult(
                f"{method} says this operation changes state, but it only "
                f"calls {_listing(methods)} upstream; expose it as GET",
                where,
            )
