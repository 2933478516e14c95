"""An MCP adapter's `resources/list`, `resources/templates/list` and `prompts/list`, as
exposes/mcp/ProtocolDispatcher writes them from ResourceHandler and PromptHandler."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from naftiko_lint.capability.model import Adapter, as_list
from naftiko_lint.export.mcp_errors import McpSurfaceError
from naftiko_lint.export.mcp_java import concurrent_hashmap_order, is_blank, string_field

# ResourceHandler.probeMimeType's own table, after the platform's probe (which varies by
# machine, so an export cannot reproduce it)
FALLBACK_MIME = (
    (".md", "text/markdown"),
    (".json", "application/json"),
    (".yaml", "application/yaml"),
    (".yml", "application/yaml"),
    (".txt", "text/plain"),
    (".xml", "application/xml"),
)


def _text(spec: dict, key: str) -> str | None:
    return string_field(spec.get(key))


def _specs(adapter: Adapter) -> list[dict]:
    return [u.data for u in adapter.units if u.kind == "mcp-resource"]


def is_template(spec: dict) -> bool:
    """McpServerResourceSpec.isTemplate: the uri holds both `{` and `}`."""
    uri = _text(spec, "uri")
    return uri is not None and "{" in uri and "}" in uri


def _named(spec: dict, uri: str | None, name: str | None) -> None:
    """A listed resource needs both: the engine would write `null` for either (Jackson
    `put(key, null)`), which no MCP client accepts."""
    for key, value in (("uri", uri), ("name", name)):
        if value is None:
            shown = name or uri or spec.get("path") or "?"
            raise McpSurfaceError(f"mcp resource {shown!r} has no {key}")


def _entry(uri: str | None, spec: dict, mime_type: str | None) -> dict:
    """One resources/list entry: uri and name always (null when missing), title the
    label or else the name (ResourceHandler.listAll), then description and mimeType."""
    name = _text(spec, "name")
    _named(spec, uri, name)
    entry: dict[str, Any] = {"uri": uri, "name": name}
    title = _text(spec, "label") if _text(spec, "label") is not None else name
    if title is not None:
        entry["title"] = title
    if _text(spec, "description") is not None:
        entry["description"] = _text(spec, "description")
    if mime_type is not None:
        entry["mimeType"] = mime_type
    return entry


def _probe(path: Path) -> str:
    name = path.name.lower()
    return next(
        (mime for suffix, mime in FALLBACK_MIME if name.endswith(suffix)),
        "application/octet-stream",
    )


def _static_entries(spec: dict, notes: list[str]) -> list[dict]:
    """ResourceHandler.listStaticFiles: one entry per regular file under the `location`
    folder (symbolic links to folders not followed), sorted by path, uri = the resource's
    uri + "/" + the file's relative path. It reads this machine's disk, as the engine reads
    its own; an unreadable location lists nothing (the engine logs a warning)."""
    location, name = spec.get("location"), _text(spec, "name")
    parsed = urlparse(location) if isinstance(location, str) else None
    if parsed is None or parsed.scheme != "file" or parsed.netloc != "":
        notes.append(
            f"static resource {name!r}: location {location!r} is not a file:/// URI "
            "the engine can list"
        )
        return []
    try:
        base = Path(unquote(parsed.path)).resolve(strict=True)
    except OSError:
        notes.append(f"static resource {name!r}: {location} cannot be read here; it lists no files")
        return []
    files = [base] if base.is_file() else []
    for folder, _, names in os.walk(base):
        files += [Path(folder, n) for n in names if Path(folder, n).is_file()]
    declared = _text(spec, "mimeType")
    uri = _text(spec, "uri")
    entries = []
    for path in sorted(files, key=str):
        relative = "" if path == base else path.relative_to(base).as_posix()
        mime_type = declared if declared is not None else _probe(path)
        entries.append(_entry(f"{uri if uri is not None else 'null'}/{relative}", spec, mime_type))
    notes.append(
        f"static resource {name!r}: {len(entries)} file(s) listed from {base} on this machine"
    )
    if declared is None and entries:
        notes.append(
            f"static resource {name!r}: mimeType guessed from file extensions; "
            "the engine asks the platform first"
        )
    return entries


def resources(adapter: Adapter, notes: list[str]) -> list[dict]:
    """`resources/list`: static resources expanded into their files, then every
    non-template resource, in declaration order."""
    out: list[dict] = []
    for spec in _specs(adapter):
        if spec.get("location") is not None:
            out += _static_entries(spec, notes)
        elif not is_template(spec):
            out.append(_entry(_text(spec, "uri"), spec, _text(spec, "mimeType")))
    return out


def resource_templates(adapter: Adapter) -> list[dict]:
    """`resources/templates/list`: every resource whose uri holds `{…}` (a static one too,
    as ResourceHandler.listTemplates checks only the uri); title only from a label."""
    out = []
    for spec in _specs(adapter):
        if not is_template(spec):
            continue
        _named(spec, _text(spec, "uri"), _text(spec, "name"))
        entry: dict[str, Any] = {"uriTemplate": _text(spec, "uri"), "name": _text(spec, "name")}
        for source, key in (
            ("label", "title"),
            ("description", "description"),
            ("mimeType", "mimeType"),
        ):
            if _text(spec, source) is not None:
                entry[key] = _text(spec, source)
        out.append(entry)
    return out


def _argument(arg: dict, prompt: str) -> dict:
    """A prompt argument; `required` is always written, true unless it is false
    (McpPromptArgumentSpec.isRequired)."""
    if _text(arg, "name") is None:
        raise McpSurfaceError(f"an argument of prompt {prompt!r} has no name")
    entry: dict[str, Any] = {"name": _text(arg, "name")}
    if _text(arg, "label") is not None:
        entry["title"] = _text(arg, "label")
    if _text(arg, "description") is not None:
        entry["description"] = _text(arg, "description")
    entry["required"] = arg.get("required") is not False
    return entry


def prompts(adapter: Adapter) -> list[dict]:
    """`prompts/list`: PromptHandler keeps the prompts in a ConcurrentHashMap by name (a
    repeated name: the last one), so they come out in that map's order, not as declared."""
    by_name: dict[str, dict] = {}
    order: list[str] = []
    for spec in as_list(adapter.data.get("prompts")):
        name = _text(spec, "name") if isinstance(spec, dict) else None
        if is_blank(name):
            continue
        by_name[str(name)] = spec
        order.append(str(name))
    out = []
    for name in concurrent_hashmap_order(order):
        spec = by_name[name]
        entry: dict[str, Any] = {"name": name}
        if _text(spec, "label") is not None:
            entry["title"] = _text(spec, "label")
        if _text(spec, "description") is not None:
            entry["description"] = _text(spec, "description")
        arguments = [a for a in as_list(spec.get("arguments")) if isinstance(a, dict)]
        if arguments:
            entry["arguments"] = [_argument(a, name) for a in arguments]
        out.append(entry)
    return out
