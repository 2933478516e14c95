"""Template syntax in capability strings: Mustache `{{name}}` and OpenAPI-style `{name}`."""

from __future__ import annotations

import re

MUSTACHE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
SINGLE_BRACE = re.compile(r"(?<!\{)\{([^{}]+)\}(?!\})")


def mustache_names(text: str) -> list[str]:
    return MUSTACHE.findall(text) if isinstance(text, str) else []


def path_variables(path: str) -> list[tuple[str, int, int, bool]]:
    """(name, start, end, single_brace) for every `{{x}}` and `{x}` in a path template."""
    if not isinstance(path, str):
        return []
    found = [(m.group(1).strip(), m.start(), m.end(), False) for m in MUSTACHE.finditer(path)]
    found += [(m.group(1).strip(), m.start(), m.end(), True)
              for m in SINGLE_BRACE.finditer(path)]
    return sorted(found, key=lambda item: item[1])
