"""Prompts as served, compared with what the capability declares.

`prompts/list` is compared with `naftiko_lint.export.mcp_resources.prompts` (what
exposes/mcp/ProtocolDispatcher writes from PromptHandler.listAll) by name, not by position:
the engine's order is a Java hash order no other implementation owes. Every prompt is
rendered with sample arguments and compared with PromptHandler.render: `{{arg}}` (letters,
digits, `_`) replaced, an unknown one left as written, a `location` prompt read from its
file as one `user` message."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from naftiko_lint.capability.model import Adapter, as_list
from naftiko_lint.conformance.findings import MCP_PROMPTS as PROMPTS
from naftiko_lint.conformance.findings import Observation
from naftiko_lint.conformance.mcp_catalog import compare_listing
from naftiko_lint.conformance.mcp_session import McpProbe, RpcError
from naftiko_lint.export.mcp_errors import McpSurfaceError
from naftiko_lint.export.mcp_resources import prompts
from naftiko_lint.pointer import Tokens

PLACEHOLDER = re.compile(r"\{\{([a-zA-Z0-9_]+)\}\}")  # PromptHandler.PLACEHOLDER


def _rendered(spec: dict, arguments: dict[str, str]) -> list[tuple[str, str]] | None:
    """PromptHandler.render's messages as (role, text); None when a file cannot be read here."""

    def substitute(text: Any) -> str:
        if not isinstance(text, str):
            return ""
        return PLACEHOLDER.sub(lambda m: arguments.get(m.group(1), m.group(0)), text)

    location = spec.get("location")
    if isinstance(location, str):
        try:
            return [("user", substitute(Path(unquote(urlparse(location).path)).read_text("utf-8")))]
        except (OSError, UnicodeDecodeError):
            return None
    return [
        (str(m.get("role")), substitute(m.get("content")))
        for m in as_list(spec.get("template"))
        if isinstance(m, dict)
    ]


async def check_prompts(probe: McpProbe, adapter: Adapter) -> list[Observation]:
    declared = [
        (i, p)
        for i, p in enumerate(as_list(adapter.data.get("prompts")))
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    ]
    if not declared:
        return []
    base: Tokens = (*adapter.path, "prompts")
    where = {
        p["name"]: (*base, i) for i, p in declared
    }  # the last of a name wins, as in the engine
    try:
        got = await probe.listing("prompts/list", "prompts")
    except RpcError as error:
        return [Observation(PROMPTS, base, f"prompts/list failed with {error}")]
    try:
        want = prompts(adapter)
    except McpSurfaceError as error:
        return [Observation(PROMPTS, base, f"the prompts cannot be listed: {error}")]
    out = compare_listing(PROMPTS, "prompt", "name", want, got, where, base)
    specs = {p["name"]: p for _, p in declared}
    for name, spec in specs.items():
        arguments = {
            a["name"]: f"{a['name']}-sample"
            for a in as_list(spec.get("arguments"))
            if isinstance(a, dict) and isinstance(a.get("name"), str)
        }
        try:
            result = await probe.get_prompt(name, arguments)
        except RpcError as error:
            out.append(
                Observation(PROMPTS, where[name], f"prompts/get {name!r} failed with {error}")
            )
            continue
        rendered = _rendered(spec, arguments)
        messages = [m for m in as_list(result.get("messages")) if isinstance(m, dict)]
        got_messages = [
            (
                str(m.get("role")),
                (m.get("content") or {}).get("text")
                if isinstance(m.get("content"), dict)
                else None,
            )
            for m in messages
        ]
        if rendered is not None and got_messages != rendered:
            out.append(
                Observation(
                    PROMPTS,
                    (*where[name], "location" if "location" in spec else "template"),
                    f"prompts/get {name!r} rendered {got_messages!r}; "
                    f"the engine renders {rendered!r}",
                )
            )
    return out
