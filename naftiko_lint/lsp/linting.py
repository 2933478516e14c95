"""One lint of an editor buffer, exactly as `naftiko_lint.lint_text(text, path)` (so as
`check` on the same bytes and configuration), that also records the other files the
diagnostics depend on (the imports it read) and never raises.

A configuration that cannot be read, or a failure outside the linter's own containment,
becomes one diagnostic at the top of the file instead of a crash."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from naftiko_lint.diagnostics import FILE_START, Diagnostic, Severity
from naftiko_lint.discovery import has_top_level_naftiko_key
from naftiko_lint.document.loading import Document, parse_document
from naftiko_lint.errors import ConfigError
from naftiko_lint.linter import LintOptions, lint_loaded
from naftiko_lint.runner import Planner

SNIFF_BYTES = 64 * 1024  # as folder walking sniffs a file's start
CONFIG_ERROR = "config-error"
INTERNAL_ERROR = "internal-error"


def is_capability(text: str) -> bool:
    """Does the text have a top-level `naftiko` key (the sniff folder walking uses)?"""
    head = text[:SNIFF_BYTES].encode("utf-8", "surrogatepass")
    return has_top_level_naftiko_key(head.lstrip(b"\xef\xbb\xbf"))


@dataclass(frozen=True)
class LintOutcome:
    diagnostics: tuple[Diagnostic, ...] = ()
    inputs: tuple[str, ...] = ()  # resolved paths of the imported files it read
    document: Document | None = field(default=None, compare=False)  # the text as parsed


def thaw() -> None:
    """Undo the `gc.freeze()` the loader does after a large file. A one-shot `check` gains
    from it; a server that reads such a file on every change would keep in the permanent
    generation whatever cyclic garbage existed at each freeze, for good."""
    if gc.get_freeze_count():
        gc.unfreeze()


def parse_text(path: str, text: str) -> Document:
    """The Document of an editor's text, as the linter reads it."""
    try:
        return parse_document(path, text.encode("utf-8", "surrogatepass"))
    finally:
        thaw()


def lint_buffer(text: str, path: str) -> LintOutcome:
    """The diagnostics `check` gives for `text` as the file at `path`, sorted."""
    try:
        options = LintOptions()
        planner = Planner(options)
        file = Path(path)
        plan = planner.plan_for(planner.config_for(file))
        raw = text.encode("utf-8", "surrogatepass")
        inputs: list[str] = []
        parsed: list[Document] = []

        def load() -> Document:
            parsed.append(parse_document(path, raw, max_bytes=options.max_file_bytes))
            return parsed[-1]

        _, diagnostics = lint_loaded(
            path,
            load,
            options,
            plan,
            file,
            None,
            inputs,
        )
        document = parsed[-1] if parsed else None
        return LintOutcome(tuple(diagnostics), tuple(dict.fromkeys(inputs)), document)
    except ConfigError as error:
        message = f"The configuration cannot be used, so nothing was checked: {error}"
        return LintOutcome(
            (Diagnostic(CONFIG_ERROR, Severity.ERROR, message, path, "", FILE_START),)
        )
    except Exception as error:  # never a crash in the editor
        message = (
            f"naftiko-lint failed on this file ({type(error).__name__}: {error}); "
            "naftiko-lint explain internal-error says how to report it"
        )
        return LintOutcome(
            (Diagnostic(INTERNAL_ERROR, Severity.ERROR, message, path, "", FILE_START),)
        )
    finally:
        thaw()
