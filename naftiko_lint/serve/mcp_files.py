"""What an MCP adapter serves from files and templates: static `location` resources and
prompts, read and rendered as the engine does it.

Ground truth: exposes/mcp/ResourceHandler (readStatic: segment check, containment after
resolving links, a folder refused, the file read as UTF-8) and exposes/mcp/PromptHandler
(substitute: `{{name}}` with letters, digits and `_` only, a missing argument left as
written, values inserted as literal text; a `location` prompt is one `user` message).
Failures are raised the way the engine classifies them, because ProtocolDispatcher turns
an IllegalArgumentException into -32602 and any other exception into -32603: a
`ValueError` here stands for the first, an `OSError` for the second."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from naftiko_lint.export.mcp_resources import FALLBACK_MIME

# ResourceHandler.SAFE_SEGMENT
SAFE_SEGMENT = re.compile(r"[a-zA-Z0-9._-]+")
# PromptHandler.PLACEHOLDER
PLACEHOLDER = re.compile(r"\{\{([a-zA-Z0-9_]+)\}\}")


@dataclass(frozen=True)
class FileContent:
    uri: str
    mime_type: str | None
    text: str


def location_path(location: Any) -> Path:
    """`Paths.get(URI.create(location))`: only an absolute `file:` URI names a path; any
    other value is the IllegalArgumentException the JDK throws."""
    if not isinstance(location, str):
        raise ValueError(f"location {location!r} is not a file URI")
    parsed = urlparse(location)
    if parsed.scheme != "file":
        raise ValueError(f'URI scheme is not "file": {location}')
    if parsed.netloc not in ("", "localhost"):
        raise ValueError(f"URI has an authority component: {location}")
    path = unquote(parsed.path)
    if not path.startswith("/"):
        raise ValueError(f"URI is not hierarchical: {location}")
    return Path(path)


def probe_mime_type(path: Path) -> str:
    """ResourceHandler.probeMimeType after the platform's probe (which varies by machine):
    the same table `export mcp-tools` lists with, so a listing and a read agree."""
    name = path.name.lower()
    return next(
        (mime for suffix, mime in FALLBACK_MIME if name.endswith(suffix)),
        "application/octet-stream",
    )


def matches_static(spec_uri: str | None, uri: str) -> bool:
    """ResourceHandler.uriMatchesStatic: the resource's uri itself or anything below it."""
    if spec_uri is None:
        return False
    return uri == spec_uri or uri.startswith(spec_uri + "/")


def _java_split(text: str) -> list[str]:
    """`String.split("/")`: trailing empty strings are dropped, inner ones kept."""
    parts = text.split("/")
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def read_static(spec: dict, uri: str) -> FileContent:
    """ResourceHandler.readStatic: the file under the resource's `location` that `uri`
    names, after the same checks in the same order."""
    spec_uri = spec.get("uri") if isinstance(spec.get("uri"), str) else ""
    base = location_path(spec.get("location"))
    relative = "" if uri == spec_uri else uri[len(spec_uri) + 1 :]
    target = base
    if relative:
        for segment in _java_split(relative):
            if not SAFE_SEGMENT.fullmatch(segment):
                raise ValueError(f"Invalid path segment in resource URI: {segment}")
        target = base / relative
    real_base = base.resolve(strict=True)  # toRealPath: a missing folder is an IOException
    real_target = target.resolve(strict=True)
    if not real_target.is_relative_to(real_base):
        raise ValueError(f"Path traversal detected for resource URI: {uri}")
    if real_target.is_dir():
        raise ValueError(f"Resource URI resolves to a directory, not a file: {uri}")
    declared = spec.get("mimeType")
    mime_type = declared if isinstance(declared, str) else probe_mime_type(real_target)
    text = real_target.read_bytes().decode("utf-8")  # Files.readString: strict UTF-8
    return FileContent(uri, mime_type, text)


def substitute(template: Any, arguments: dict[str, str]) -> str:
    """PromptHandler.substitute: each `{{name}}` replaced by its argument once (a value
    holding `{{…}}` is not expanded again); an unknown name stays as written."""
    if not isinstance(template, str):
        return "" if template is None else str(template)
    return PLACEHOLDER.sub(lambda m: arguments.get(m.group(1), m.group(0)), template)


def render_prompt(spec: dict, arguments: dict[str, str]) -> list[tuple[str, str]]:
    """PromptHandler.render: (role, text) per message; inline templates message by
    message, a `location` prompt as one `user` message holding the rendered file."""
    location = spec.get("location")
    if location is not None:
        path = location_path(location)
        if not path.is_file():
            raise FileNotFoundError(f"Prompt file not found for '{spec.get('name')}': {location}")
        return [("user", substitute(path.read_bytes().decode("utf-8"), arguments))]
    messages = spec.get("template")
    out: list[tuple[str, str]] = []
    for message in messages if isinstance(messages, list) else []:
        entry = message if isinstance(message, dict) else {}
        out.append((entry.get("role"), substitute(entry.get("content"), arguments)))
    return out
