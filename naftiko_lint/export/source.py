"""A capability file read for export exactly as `check` reads it: the same loader, the same
top-level checks, the same configuration (looked up from the file's folder) and the same
diagnostics, so an export that fails shows what `check` would show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from naftiko_lint.capability.stage import Capability, load
from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.document.loading import parse_document
from naftiko_lint.linter import LintOptions, lint_source
from naftiko_lint.runner import Planner
from naftiko_lint.spec import toplevel, versions


@dataclass
class Source:
    display: str
    capability: Capability | None  # None: the file is no usable document
    version: str  # the spec version it declares (else the latest)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def read_source(path: str, raw: bytes | None = None, options: LintOptions | None = None) -> Source:
    """The file at `path` loaded and checked (OSError when it cannot be read); with `raw`,
    those bytes stand for the file (its folder still decides the configuration and where
    local imports resolve); `options` as `check` takes them (default: LintOptions())."""
    file = Path(path)
    raw = file.read_bytes() if raw is None else raw
    options = options or LintOptions()
    planner = Planner(options)
    plan = planner.plan_for(planner.config_for(file))
    diagnostics = lint_source(path, raw, options, plan, file)[1]
    doc = parse_document(path, raw, max_bytes=options.max_file_bytes)
    top = toplevel.check(doc) if doc.parsed else None
    version = (top.version if top is not None else None) or versions.LATEST.name
    capability = load(doc.data, file) if doc.usable else None
    return Source(path, capability, version, diagnostics)
