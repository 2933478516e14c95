"""The `extends` grammar a configuration shares with a ruleset, and the severity values.

`extends` is a name, `[name, mode]`, or a list of either (Spectral's form); a mode is
`off`, `recommended` or `all`. A name that spells a URL is never fetched. Both the ruleset
loader and `naftiko_lint.config` read extends through this module, and validate severity
values with the same JSON Schema piece.
"""

from __future__ import annotations

import re
from typing import Any

MODES = ("off", "recommended", "all")

SEVERITY = {
    "anyOf": [
        {"enum": ["error", "warn", "warning", "info", "information", "hint", "off"]},
        {"type": "integer", "minimum": -1, "maximum": 3},
        {"type": "boolean"},
    ]
}

EXTENDS_ENTRY = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "array",
            "prefixItems": [
                {"type": "string"},
                # `off` unquoted is false in YAML 1.1; Spectral
                # (YAML 1.2) reads it as the string
                {"enum": ["off", "recommended", "all", False]},
            ],
            "minItems": 2,
            "maxItems": 2,
        },
    ]
}

EXTENDS = {"anyOf": [EXTENDS_ENTRY, {"type": "array", "items": EXTENDS_ENTRY}]}

# `https://…`, `file:///…`; also `https:/…`, as a path keeps a URL given on the command line.
# Two letters at least, so that a Windows drive (`C:/…`) stays a path.
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/")


def url_of(name: str) -> str | None:
    """The URL `name` spells (a path-mangled `https:/x` restored to `https://x`), or None."""
    match = _URL.match(name)
    if match is None:
        return None
    return name if name[match.end() :].startswith("/") else f"{match[1]}://{name[match.end() :]}"


def never_fetched(url: str) -> str:
    return (
        f"{url!r} is a URL: naftiko-lint never fetches rulesets, download it and name "
        "the local file"
    )


def extends_entries(value: Any, default_mode: str = "recommended") -> list[tuple[str, str]]:
    """`a`, `[a, mode]` or a list of either, as (name, mode) pairs; a bare name takes
    `default_mode` (Spectral's is 'recommended')."""
    if isinstance(value, str):
        return [(value, default_mode)]
    if len(value) == 2 and isinstance(value[0], str) and _mode(value[1]) in MODES:
        return [(value[0], _mode(value[1]))]
    return [(e, default_mode) if isinstance(e, str) else (e[0], _mode(e[1])) for e in value]


def extends_names(value: Any) -> list[tuple[str, str]]:
    """(pointer, ruleset name) of each entry of a valid `extends`, to place a problem."""
    if isinstance(value, str):
        return [("/extends", value)]
    if len(value) == 2 and isinstance(value[0], str) and _mode(value[1]) in MODES:
        return [("/extends/0", value[0])]
    return [
        (f"/extends/{i}", entry) if isinstance(entry, str) else (f"/extends/{i}/0", entry[0])
        for i, entry in enumerate(value)
    ]


def _mode(mode: Any) -> Any:
    """An unquoted `off` is false in YAML 1.1 but the string 'off' to Spectral (YAML 1.2)."""
    return "off" if mode is False else mode
