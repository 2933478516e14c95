"""naftiko-lint: the linter and conformance tester for Naftiko capability files.

The public API. Everything here is resolved on first use (module `__getattr__`, imports
inside the functions), so `import naftiko_lint` stays cheap for the faces that need little
of it (`naftiko-lint versions`, an editor asking for the version):

    lint_paths(paths, options=None) -> LintResult     files and folders, as `check` does
    lint_text(text, path="<text>", options=None)      one string, as if it were a file at path
    explain(rule_id, options=None) -> str | None       a rule's page, as `explain` prints it
    list_rules(options=None, include_off=False)        the active rules, as `rules` lists them
    Diagnostic, Severity, LintOptions, LintResult, __version__

A configuration is found from the working directory (or from `path`'s folder for
`lint_text`) unless `options` says otherwise; a broken one raises `ConfigError`
(`naftiko_lint.errors`) from `lint_text`, `explain` and `list_rules`, and is reported in
the result's `errors` by `lint_paths`."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable
    from os import PathLike

    from naftiko_lint.diagnostics import Diagnostic
    from naftiko_lint.linter import LintOptions
    from naftiko_lint.plan import RulePlan
    from naftiko_lint.results import LintResult
    from naftiko_lint.ruleset.docs import RuleEntry

__version__ = "0.1.0"
TOOL_NAME = "naftiko-lint"
# Where the project lives; each rule's page is published in it as docs/rules/<id>.md
# (generated from rules/docs/, see ruleset/docs.py), the URL explain, SARIF and the editor
# link to.
REPOSITORY_URL = "https://github.com/naftiko/naftiko-lint"

# Public names defined in other modules: name -> module, imported on first access.
_EXPORTS = {
    "Diagnostic": "naftiko_lint.diagnostics",
    "Severity": "naftiko_lint.diagnostics",
    "LintOptions": "naftiko_lint.linter",
    "LintResult": "naftiko_lint.results",
}

__all__ = [
    "Diagnostic",
    "LintOptions",
    "LintResult",
    "Severity",
    "__version__",
    "explain",
    "lint_paths",
    "lint_text",
    "list_rules",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'naftiko_lint' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


def _options(options: LintOptions | None) -> LintOptions:
    from naftiko_lint.linter import LintOptions

    return options if options is not None else LintOptions()


def lint_paths(
    paths: Iterable[str | PathLike[str]], options: LintOptions | None = None
) -> LintResult:
    """Check every file the paths name (folders are searched as `check` searches them);
    bad files never stop the others, and nothing raises for what a file holds."""
    from naftiko_lint.runner import lint_paths as run

    return run([str(p) for p in paths], _options(options))


def lint_text(
    text: str, path: str = "<text>", options: LintOptions | None = None
) -> list[Diagnostic]:
    """The sorted diagnostics for `text` linted as if it were the file at `path`: the
    configuration is looked up from `path`'s folder and local imports resolve against it,
    exactly as `check - --stdin-filename PATH` does."""
    from pathlib import Path

    from naftiko_lint.linter import lint_source
    from naftiko_lint.runner import Planner

    chosen = _options(options)
    planner = Planner(chosen)
    file = Path(path)
    plan = planner.plan_for(planner.config_for(file))
    # surrogatepass: a lone surrogate reaches the loader as bad UTF-8 (a yaml-encoding
    # diagnostic), never as an exception here.
    raw = text.encode("utf-8", "surrogatepass")
    return lint_source(path, raw, chosen, plan, file)[1]


def _plan(options: LintOptions | None) -> RulePlan:
    from naftiko_lint.runner import Planner

    planner = Planner(_options(options))
    return planner.plan_for(planner.config_for(None))


def explain(rule_id: str, options: LintOptions | None = None) -> str | None:
    """The rule's documentation page (None for an unknown id), as `naftiko-lint explain`."""
    from naftiko_lint.ruleset import docs

    return docs.explain(rule_id, _plan(options))


def list_rules(options: LintOptions | None = None, include_off: bool = False) -> list[RuleEntry]:
    """The rules the configuration runs (with `include_off`, the ones it turns off too),
    built-in first, as `naftiko-lint rules` lists them."""
    from naftiko_lint.ruleset import docs

    return docs.active_rules(_plan(options), include_off=include_off)
