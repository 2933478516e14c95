"""Template syntax in capability strings: Mustache `{{name}}` and OpenAPI-style `{name}`."""

from __future__ import annotations

import re
from functools import lru_cache

MUSTACHE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
SINGLE_BRACE = re.compile(r"(?<!\{)\{([^{}]+)\}(?!\})")


# An MCP resource uri's variables, as exposes/mcp/ResourceHandler.matchTemplate reads them.
URI_VARIABLE = re.compile(r"\{([A-Za-z0-9_]+)\}")


def uri_variable_name(name: str) -> str:
    """`name` spelt as a uri variable can be: letters, digits and '_' ('voyage-id' →
    'voyage_id'); a valid name comes back unchanged."""
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def uri_variables(uri: str) -> list[tuple[str, int, int, bool]]:
    """(name, start, end, valid) for every `{…}` of an MCP resource uri: `{name}` of letters,
    digits and '_' is a variable; `{voyage-id}` and `{{name}}` are not (valid False)."""
    if not isinstance(uri, str):
        return []
    out = []
    for m in MUSTACHE.finditer(uri):
        out.append((m.group(1), m.start(), m.end(), False))
    for m in SINGLE_BRACE.finditer(uri):
        name = m.group(1)
        out.append((name, m.start(), m.end(), URI_VARIABLE.fullmatch(m.group(0)) is not None))
    return sorted(out, key=lambda item: item[1])


def mustache_names(text: str) -> list[str]:
    return MUSTACHE.findall(text) if isinstance(text, str) else []


def path_variables(path: str) -> list[tuple[str, int, int, bool]]:
    """(name, start, end, single_brace) for every `{{x}}` and `{x}` in a path template."""
    if not isinstance(path, str):
        return []
    return list(_path_variables(path))


@lru_cache(maxsize=65536)  # several rules ask for each path of a capability
def _path_variables(path: str) -> tuple[tuple[str, int, int, bool], ...]:
    found = [(m.group(1).strip(), m.start(), m.end(), False) for m in MUSTACHE.finditer(path)]
    found += [(m.group(1).strip(), m.start(), m.end(), True) for m in SINGLE_BRACE.finditer(path)]
    return tuple(sorted(found, key=lambda item: item[1]))
