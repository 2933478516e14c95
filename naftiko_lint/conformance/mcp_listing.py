"""`tools/list` as served, compared with what the engine would advertise.

The expected list is `naftiko_lint.export.mcp_tools.tools` — the same answer as
`naftiko-lint export mcp-tools`, built as exposes/mcp/McpServerAdapter.buildMcpTool,
buildToolAnnotations and ProtocolDispatcher.handleToolsList do. Values are compared as JSON
values: object key order carries no meaning, and a schema's `required` is a set (JSON Schema
gives its order no meaning either). Each difference is pointed at the narrowest capability
node that decides it: the tool's `label`, `description`, one input parameter, one hint."""

from __future__ import annotations

import json
from typing import Any

from naftiko_lint.capability.model import Adapter, CapabilityModel, Param, Unit, unit_name
from naftiko_lint.conformance.findings import MCP_ANNOTATIONS as ANNOTATIONS
from naftiko_lint.conformance.findings import MCP_TOOLS_LIST as LIST
from naftiko_lint.conformance.findings import Observation
from naftiko_lint.export.mcp_hints import HINTS
from naftiko_lint.pointer import Tokens


def tool_units(adapter: Adapter) -> dict[str, Unit]:
    """Tool name -> its unit (a `ref` tool without a name goes by its function's name)."""
    out: dict[str, Unit] = {}
    for unit in adapter.units:
        name = unit_name(unit.data)
        if unit.kind == "mcp-tool" and name is not None:
            out.setdefault(name, unit)
    return out


def tool_inputs(model: CapabilityModel, unit: Unit) -> list[Param]:
    """The inputs a tool advertises: its own, else (a `ref` tool) its function's — as
    McpServerAdapter.buildMcpTool falls back to the aggregate function's inputs."""
    if unit.inputs or unit.data.get("ref") is None:
        return unit.inputs
    function = model.function_unit(unit.data.get("ref"))
    return function.inputs if function is not None else []


def _show(value: Any) -> str:
    """A JSON value as the wire carries it (`true`, `"text"`), or "nothing"."""
    return "nothing" if value is None else json.dumps(value, ensure_ascii=False)


def _schema_observations(
    name: str, want: dict, got: Any, inputs: list[Param], unit: Unit
) -> list[Observation]:
    """inputSchema differences, one per input parameter concerned."""
    if not isinstance(got, dict):
        return [Observation(LIST, unit.path, f"tool {name!r} advertises no inputSchema object")]
    by_name = {p.name: p for p in inputs}
    base: Tokens = (*unit.path, "inputParameters")
    out: list[Observation] = []
    if got.get("type") != want.get("type"):
        out.append(
            Observation(
                LIST,
                unit.path,
                f"tool {name!r} advertises inputSchema type {_show(got.get('type'))}; "
                f"the engine advertises {_show(want.get('type'))}",
            )
        )
    want_props = want.get("properties") or {}
    got_props = got.get("properties") if isinstance(got.get("properties"), dict) else {}
    for prop, schema in want_props.items():
        at = by_name[prop].path if prop in by_name else base
        if prop not in got_props:
            out.append(
                Observation(
                    LIST, at, f"tool {name!r} does not advertise its input {prop!r} in inputSchema"
                )
            )
        elif got_props[prop] != schema:
            out.append(
                Observation(
                    LIST,
                    at,
                    f"tool {name!r} advertises input {prop!r} as {_show(got_props[prop])}; "
                    f"the capability declares {_show(schema)}",
                )
            )
    for prop in got_props:
        if prop not in want_props:
            out.append(
                Observation(
                    LIST,
                    base,
                    f"tool {name!r} advertises input {prop!r}, which it does not declare",
                )
            )
    want_req = set(want.get("required") or [])
    got_req = set(got.get("required") or []) if isinstance(got.get("required"), list) else set()
    for prop in sorted(want_req ^ got_req):
        at = by_name[prop].path if prop in by_name else base
        state = "required" if prop in got_req else "optional"
        out.append(
            Observation(
                LIST,
                at,
                f"tool {name!r} advertises input {prop!r} as {state}; "
                f"the capability makes it {'optional' if state == 'required' else 'required'}",
            )
        )
    extra = set(got) - {"type", "properties", "required"} - set(want)
    for key in sorted(extra):
        out.append(
            Observation(
                LIST, base, f"tool {name!r} advertises inputSchema key {key!r} it does not declare"
            )
        )
    return out


# MCP's ToolAnnotations defaults, which a client applies to a hint the server leaves out
# (the engine leaves out every hint a tool does not set): the values are compared as a
# client reads them, so writing a default out is no difference.
DEFAULTS = {
    "readOnlyHint": False,
    "destructiveHint": True,
    "idempotentHint": False,
    "openWorldHint": True,
}


def _effective(annotations: Any) -> dict:
    given = annotations if isinstance(annotations, dict) else {}
    return {**DEFAULTS, **{k: v for k, v in given.items() if v is not None}}


def _annotation_observations(
    name: str, want: dict | None, got: Any, unit: Unit
) -> list[Observation]:
    """One observation per annotation that differs, at the hint (or label) deciding it."""
    want, got = _effective(want), _effective(got)
    hints = unit.data.get("hints")
    out: list[Observation] = []
    keys = [("title", "label")] + [(key, hint) for hint, key in HINTS]
    for key, source in keys:
        if got.get(key) == want.get(key):
            continue
        if key == "title":
            at: Tokens = (*unit.path, "label") if "label" in unit.data else unit.path
        elif isinstance(hints, dict):
            at = (*unit.path, "hints", source) if source in hints else (*unit.path, "hints")
        else:
            at = unit.path
        out.append(
            Observation(
                ANNOTATIONS,
                at,
                f"tool {name!r} advertises {key} {_show(got.get(key))} where its hints give "
                f"{_show(want.get(key))}; advertise what the hints declare (or fix the hints)",
            )
        )
    return out


def compare_tools(
    model: CapabilityModel, adapter: Adapter, expected: list[dict], served: list[Any]
) -> list[Observation]:
    """Every difference between the served `tools` list and the expected one."""
    units = tool_units(adapter)
    got = {t["name"]: t for t in served if isinstance(t, dict) and isinstance(t.get("name"), str)}
    out: list[Observation] = []
    for tool in expected:
        name = tool["name"]
        unit = units.get(name)
        at: Tokens = unit.path if unit is not None else (*adapter.path, "tools")
        if name not in got:
            out.append(Observation(LIST, at, f"tools/list does not advertise tool {name!r}"))
            continue
        if unit is None:
            continue
        served_tool = got[name]
        for key, source in (("title", "label"), ("description", "description")):
            if served_tool.get(key) != tool.get(key):
                where: Tokens = (*unit.path, source) if source in unit.data else unit.path
                out.append(
                    Observation(
                        LIST,
                        where,
                        f"tool {name!r} advertises {key} {_show(served_tool.get(key))}; "
                        f"the capability declares {_show(tool.get(key))}",
                    )
                )
        out += _schema_observations(
            name,
            tool["inputSchema"],
            served_tool.get("inputSchema"),
            tool_inputs(model, unit),
            unit,
        )
        out += _annotation_observations(
            name, tool.get("annotations"), served_tool.get("annotations"), unit
        )
    declared = {t["name"] for t in expected}
    for name in got:
        if name not in declared:
            out.append(
                Observation(
                    LIST,
                    (*adapter.path, "tools"),
                    f"tools/list advertises tool {name!r}, which the capability does not declare",
                )
            )
    return out
