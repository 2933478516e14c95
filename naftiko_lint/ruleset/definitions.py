"""Rules and rulesets as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from naftiko_lint.diagnostics import Severity


@dataclass(frozen=True)
class Then:
    function: str
    field: str | None = None
    options: Any = None


@dataclass(frozen=True)
class Rule:
    id: str
    given: tuple[str, ...]
    then: tuple[Then, ...]
    severity: Severity | None = Severity.WARNING  # what runs: None = off or not enabled
    # Spectral keeps a rule's severity and whether it is enabled apart: `severity` above is
    # `default_severity` when `enabled`, else None
    default_severity: Severity | None = Severity.WARNING  # None = off (-1)
    description: str = ""
    message: str | None = None
    recommended: bool = True
    formats: tuple[str, ...] | None = None
    resolved: bool = True
    source: str = ""  # the ruleset file that defined it
    documentation_url: str | None = None
    enabled: bool = True  # Spectral's Rule.enabled (recommended / extends modes / true-false)


@dataclass(frozen=True)
class Override:
    """Rule changes for files matching `files` (globs, optionally with a #/pointer)."""

    files: tuple[str, ...]
    base: str  # folder the globs are relative to
    rules: dict[str, Severity | None]


@dataclass
class Ruleset:
    rules: dict[str, Rule] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every ruleset file read, in order
