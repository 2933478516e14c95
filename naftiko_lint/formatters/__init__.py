"""Output formats: one module each, chosen by name from one registry.

The registry maps a format's name to the module that implements it, so the CLI takes its
`--format` choices from the names without importing a formatter; `load` imports only the
one asked for. Adding a format is one module (defining `FORMATTER`, a `Formatter`
subclass) plus one line here."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from naftiko_lint.formatters.base import Formatter

FORMATTERS: dict[str, str] = {
    "text": "naftiko_lint.formatters.text",
    "json": "naftiko_lint.formatters.json",
    "sarif": "naftiko_lint.formatters.sarif",
    "github": "naftiko_lint.formatters.github",
    "gitlab": "naftiko_lint.formatters.gitlab",
    "junit": "naftiko_lint.formatters.junit",
    "stylish": "naftiko_lint.formatters.stylish",
}


def names() -> list[str]:
    """The format names, sorted: the CLI's `--format` choices."""
    return sorted(FORMATTERS)


# The formats that describe the rules of the run (their FormatOptions.rules is filled).
DESCRIBES_RULES = frozenset({"sarif"})


def describes_rules(name: str) -> bool:
    return name in DESCRIBES_RULES


def load(name: str) -> type[Formatter]:
    """The formatter class registered as `name` (KeyError for an unknown name)."""
    return import_module(FORMATTERS[name]).FORMATTER


__all__ = ["FORMATTERS", "load", "names"]
