"""Python equivalents of the official Naftiko Spectral functions, same names and meaning:
unique-namespaces, control-port-validation, aggregate-semantics-consistency and
script-defaults-required. Each runs on the whole document (`given: $`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from naftiko_lint.functions import FunctionContext, FunctionResult, rule_function
from naftiko_lint.model import iter_dicts

Path = tuple[str | int, ...]


def _list(node: Any, *keys: str) -> list:
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, list) else []


def _dotted(path: Path) -> str:
    return ".".join(str(p) for p in path)


@rule_function("unique-namespaces", input={"type": "object"})
def unique_namespaces(doc: dict, options: Any, ctx: FunctionContext):
    lists = [("consumes",), ("capability", "consumes"), ("capability", "exposes"),
             ("binds",), ("capability", "binds")]
    first: dict[str, Path] = {}
    for keys in lists:
        for path, entry in iter_dicts(_list(doc, *keys), keys):
            namespace = entry.get("namespace")
            if not isinstance(namespace, str):
                continue
            where = (*path, "namespace")
            if namespace in first:
                yield FunctionResult(f'Namespace "{namespace}" is already used at '
                                     f"{_dotted(first[namespace])}; namespaces must be unique",
                                     where)
            else:
                first[namespace] = where


def _adapters(doc: dict) -> Iterator[tuple[Path, dict]]:
    yield from iter_dicts(_list(doc, "capability", "exposes"), ("capability", "exposes"))


@rule_function("control-port-validation", input={"type": "object"})
def control_port_validation(doc: dict, options: Any, ctx: FunctionContext):
    controls = [(p, a) for p, a in _adapters(doc) if a.get("type") == "control"]
    for path, _ in controls[1:]:
        yield FunctionResult("Only one control adapter is allowed per capability", path)
    if not controls:
        return
    path, control = controls[0]
    port = control.get("port")
    for other_path, other in _adapters(doc):
        if other_path != path and other.get("type") != "control" and other.get("port") == port \
                and port is not None:
            yield FunctionResult(f"Control port {port} is also used by the adapter at "
                                 f"{_dotted(other_path)}", (*path, "port"))


def _semantics_index(doc: dict) -> dict[str, dict]:
    index = {}
    for _, aggregate in iter_dicts(_list(doc, "capability", "aggregates"), ()):
        for _, function in iter_dicts(aggregate.get("functions"), ()):
            semantics = function.get("semantics")
            if isinstance(semantics, dict):
                index[f"{aggregate.get('namespace')}.{function.get('name')}"] = semantics
    return index


@rule_function("aggregate-semantics-consistency", input={"type": "object"})
def aggregate_semantics_consistency(doc: dict, options: Any, ctx: FunctionContext):
    index = _semantics_index(doc)
    for path, adapter in _adapters(doc):
        if adapter.get("type") == "mcp":
            for tool_path, tool in iter_dicts(adapter.get("tools"), (*path, "tools")):
                yield from _tool_semantics(index.get(_ref(tool)), tool, tool_path)
        elif adapter.get("type") == "rest":
            for res_path, resource in iter_dicts(adapter.get("resources"),
                                             (*path, "resources")):
                for op_path, op in iter_dicts(resource.get("operations"),
                                          (*res_path, "operations")):
                    yield from _rest_semantics(index.get(_ref(op)), op, op_path)


def _ref(unit: dict) -> str:
    ref = unit.get("ref")
    return ref if isinstance(ref, str) else ""


def _tool_semantics(semantics: dict | None, tool: dict, path: Path):
    hints = tool.get("hints")
    if semantics is None or not isinstance(hints, dict):
        return
    safe, idempotent = semantics.get("safe"), semantics.get("idempotent")
    where = (*path, "hints")
    if safe is True and hints.get("readOnly") is False:
        yield FunctionResult("Function is safe but the tool sets readOnly: false", where)
    if safe is False and hints.get("readOnly") is True:
        yield FunctionResult("Function is not safe but the tool sets readOnly: true", where)
    if safe is True and hints.get("destructive") is True:
        yield FunctionResult("Function is safe but the tool sets destructive: true", where)
    if isinstance(idempotent, bool) and isinstance(hints.get("idempotent"), bool) \
            and hints["idempotent"] != idempotent:
        yield FunctionResult(f"Function idempotent is {str(idempotent).lower()} but the tool "
                             f"sets idempotent: {str(hints['idempotent']).lower()}", where)


def _rest_semantics(semantics: dict | None, op: dict, path: Path):
    if semantics is None:
        return
    method = str(op.get("method", "")).upper()
    where = (*path, "method")
    if semantics.get("safe") is True and method != "GET":
        yield FunctionResult(f"Function is safe but the operation uses {method}", where)
    if semantics.get("safe") is False and method == "GET":
        yield FunctionResult("Function is not safe but the operation uses GET", where)
    if semantics.get("idempotent") is True and method == "POST":
        yield FunctionResult("Function is idempotent but the operation uses POST", where)


def _script_steps(doc: dict) -> Iterator[tuple[Path, dict]]:
    units: list[tuple[Path, dict]] = []
    for path, adapter in _adapters(doc):
        for tool_path, tool in iter_dicts(adapter.get("tools"), (*path, "tools")):
            units.append((tool_path, tool))
        for res_path, resource in iter_dicts(adapter.get("resources"), (*path, "resources")):
            units.extend(iter_dicts(resource.get("operations"), (*res_path, "operations")))
    for agg_path, aggregate in iter_dicts(_list(doc, "capability", "aggregates"),
                                      ("capability", "aggregates")):
        units.extend(iter_dicts(aggregate.get("functions"), (*agg_path, "functions")))
    for unit_path, unit in units:
        for step_path, step in iter_dicts(unit.get("steps"), (*unit_path, "steps")):
            if step.get("type") == "script":
                yield step_path, step


@rule_function("script-defaults-required", input={"type": "object"})
def script_defaults_required(doc: dict, options: Any, ctx: FunctionContext):
    defaults: dict = {}
    for _, adapter in _adapters(doc):
        if adapter.get("type") == "control":
            management = adapter.get("management")
            scripting = management.get("scripting") if isinstance(management, dict) else None
            defaults = scripting if isinstance(scripting, dict) else {}
            break
    for path, step in _script_steps(doc):
        for field, default in (("location", "defaultLocation"),
                               ("language", "defaultLanguage")):
            if field not in step and not defaults.get(default):
                yield FunctionResult(
                    f"Script step '{step.get('name')}' has no '{field}' and the control "
                    f"adapter sets no scripting.{default}", path)
