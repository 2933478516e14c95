"""Resources as served, compared with what the capability declares.

Listings are compared with `naftiko_lint.export.mcp_resources` (what
exposes/mcp/ProtocolDispatcher writes from ResourceHandler.listAll / listTemplates), entry
by entry, by uri or uriTemplate — not by position. Every listed resource is read: a static
file's text must be the file's, a dynamic one (ResourceHandler.readDynamic) must answer
with its declared mimeType (else application/json) and reach the upstream as its wiring
says, a template read with a sample value for each `{name}` variable."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from naftiko_lint.capability.model import Adapter, CapabilityModel, Unit, as_list
from naftiko_lint.conformance import expect
from naftiko_lint.conformance.findings import MCP_RESOURCES as RESOURCES
from naftiko_lint.conformance.findings import Observation
from naftiko_lint.conformance.mcp_session import McpProbe, RpcError
from naftiko_lint.conformance.samples import sample_arguments
from naftiko_lint.export.mcp_errors import McpSurfaceError
from naftiko_lint.export.mcp_resources import resource_templates, resources
from naftiko_lint.pointer import Tokens
from naftiko_lint.serve.recording import Recorder

URI_VARIABLE = re.compile(r"\{([a-zA-Z0-9_]+)\}")  # ResourceHandler.matchTemplate


def _differences(kind: str, key: str, want: dict, got: dict) -> list[str]:
    return [
        f"{kind} {want[key]!r} is listed with {field} {got.get(field)!r}; "
        f"the capability gives {want.get(field)!r}"
        for field in sorted(set(want) | set(got))
        if field != key and got.get(field) != want.get(field)
    ]


def compare_listing(
    rule: str,
    kind: str,
    key: str,
    want: list[dict],
    got: list[Any],
    where: dict[str, Tokens],
    missing_at: Tokens,
) -> list[Observation]:
    """Entries matched by `key`: missing, extra and differing ones."""
    served = {e[key]: e for e in got if isinstance(e, dict) and isinstance(e.get(key), str)}
    out: list[Observation] = []
    for entry in want:
        at = where.get(entry.get("name"), missing_at)
        if entry[key] not in served:
            out.append(Observation(rule, at, f"{kind} {entry[key]!r} is not listed"))
            continue
        out += [
            Observation(rule, at, text)
            for text in _differences(kind, key, entry, served[entry[key]])
        ]
    declared = {e[key] for e in want}
    out += [
        Observation(rule, missing_at, f"{kind} {name!r} is listed but the capability declares none")
        for name in served
        if name not in declared
    ]
    return out


def _resource_units(adapter: Adapter) -> dict[str, Unit]:
    out: dict[str, Unit] = {}
    for unit in adapter.units:
        if unit.kind == "mcp-resource" and isinstance(unit.data.get("name"), str):
            out.setdefault(unit.data["name"], unit)
    return out


def _without_guesses(
    units: dict[str, Unit], want: list[dict], got: list[Any]
) -> tuple[list[dict], list[Any]]:
    """Both lists without the mimeType of static files that declare none: the engine's
    comes from the platform's probe (ResourceHandler.probeMimeType), which the export can
    only guess at, so it is no difference."""
    guessed = {
        e["uri"]
        for e in want
        if (u := units.get(e["name"])) is not None
        and u.data.get("location") is not None
        and _text_of(u, "mimeType") is None
    }

    def drop(entry: Any) -> Any:
        if isinstance(entry, dict) and entry.get("uri") in guessed:
            return {k: v for k, v in entry.items() if k != "mimeType"}
        return entry

    return [drop(e) for e in want], [drop(e) for e in got]


def _text_of(unit: Unit, key: str) -> str | None:
    value = unit.data.get(key)
    return value if isinstance(value, str) else None


def _static_text(unit: Unit, uri: str) -> str | None:
    """The file a static resource's listed uri stands for (ResourceHandler.readStatic)."""
    location = unit.data.get("location")
    base_uri = unit.data.get("uri")
    if not isinstance(location, str) or not isinstance(base_uri, str):
        return None
    relative = uri[len(base_uri) + 1 :] if uri.startswith(base_uri + "/") else ""
    path = Path(unquote(urlparse(location).path), relative)
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


async def _read(
    probe: McpProbe, uri: str, unit: Unit, mime: str | None, text: str | None
) -> list[Observation]:
    try:
        result = await probe.read_resource(uri)
    except RpcError as error:
        return [Observation(RESOURCES, unit.path, f"resources/read {uri!r} failed with {error}")]
    contents = [c for c in as_list(result.get("contents")) if isinstance(c, dict)]
    if not contents:
        return [Observation(RESOURCES, unit.path, f"resources/read {uri!r} returned no contents")]
    first, out = contents[0], []
    if first.get("uri") != uri:
        out.append(
            Observation(
                RESOURCES,
                unit.path,
                f"resources/read {uri!r} answered for uri {first.get('uri')!r}",
            )
        )
    if mime is not None and first.get("mimeType") != mime:
        out.append(
            Observation(
                RESOURCES,
                (*unit.path, "mimeType") if "mimeType" in unit.data else unit.path,
                f"resources/read {uri!r} answered mimeType {first.get('mimeType')!r}; "
                f"the engine answers {mime!r}",
            )
        )
    if text is not None and first.get("text") != text:
        out.append(
            Observation(
                RESOURCES,
                (*unit.path, "location"),
                f"resources/read {uri!r} is not the file's text",
            )
        )
    return out


async def check_resources(
    probe: McpProbe, model: CapabilityModel, adapter: Adapter, recorder: Recorder, seed: int
) -> list[Observation]:
    units = _resource_units(adapter)
    where = {name: unit.path for name, unit in units.items()}
    base: Tokens = (*adapter.path, "resources")
    try:
        want, templates = resources(adapter, []), resource_templates(adapter)
    except McpSurfaceError as error:
        return [Observation(RESOURCES, base, f"the resources cannot be listed: {error}")]
    if not want and not templates and not units:
        return []
    try:
        got = await probe.listing("resources/list", "resources")
        got_templates = await probe.listing("resources/templates/list", "resourceTemplates")
    except RpcError as error:
        return [Observation(RESOURCES, base, f"listing resources failed with {error}")]
    out = compare_listing(
        RESOURCES, "resource", "uri", *_without_guesses(units, want, got), where, base
    )
    out += compare_listing(
        RESOURCES, "resource template", "uriTemplate", templates, got_templates, where, base
    )
    for entry in want:
        unit = units.get(entry["name"])
        if unit is None:
            continue
        static = unit.data.get("location") is not None
        text = _static_text(unit, entry["uri"]) if static else None
        out += await _reads(
            probe, model, unit, entry["uri"], {}, _text_of(unit, "mimeType"), text, recorder, static
        )
    for entry in templates:
        unit = units.get(entry["name"])
        if unit is None or unit.data.get("location") is not None:
            continue
        values = {k: str(v) for k, v in sample_arguments(unit.inputs, seed).items()}
        uri = _fill(entry["uriTemplate"], values)
        out += await _reads(
            probe, model, unit, uri, values, entry.get("mimeType"), None, recorder, False
        )
    return out


def _fill(template: str, values: dict[str, str]) -> str:
    """A concrete uri for a template: each `{name}` replaced by its sample."""
    return URI_VARIABLE.sub(lambda m: values.get(m.group(1), m.group(1)), template)


async def _reads(
    probe: McpProbe,
    model: CapabilityModel,
    unit: Unit,
    uri: str,
    values: dict[str, Any],
    mime: str | None,
    text: str | None,
    recorder: Recorder,
    static: bool,
) -> list[Observation]:
    if not static and mime is None:
        mime = "application/json"  # ResourceHandler.readDynamic's default
    # a static file without a declared mimeType: the engine asks the platform first
    # (ResourceHandler.probeMimeType), which no other machine reproduces, so it is not compared
    mark = recorder.mark()
    out = await _read(probe, uri, unit, mime, text)
    if not static and not out:
        expectation = expect.expected_call(model, unit, values)
        if expectation is not None:
            out += expect.compare(expectation, recorder.since(mark))
    return out
