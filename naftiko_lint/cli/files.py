"""`check`'s choices about files before any is checked: --force-exclude, --show-files, the
warning when nothing is left to check, and the --select/--ignore patterns that match no
rule (usage errors, reported before anything is read)."""

from __future__ import annotations

import sys
from pathlib import Path

from naftiko_lint import TOOL_NAME
from naftiko_lint.errors import ConfigError
from naftiko_lint.exits import EXIT_ERROR, EXIT_OK
from naftiko_lint.linter import LintOptions
from naftiko_lint.runner import FileOutcome, FileTask, Planner
from naftiko_lint.selection import problems

Planned = list[tuple[FileTask, FileOutcome | None]]

NOTHING_CHECKED = (
    f"{TOOL_NAME}: warning: no file was checked: the paths hold no capability file (one "
    "with a top-level 'naftiko' key), or the configuration's include/exclude or .gitignore "
    "left none; --show-files lists what would be checked"
)


def selection_errors(options: LintOptions) -> list[str]:
    """The --select/--extend-select/--ignore patterns that name no rule of the configuration
    the current folder uses (or --config's), worded for the user."""
    if not options.selection.given():
        return []
    planner = Planner(options)
    try:
        plan = planner.plan_for(planner.config_for(None))
    except ConfigError:
        return []  # the run reports the broken configuration itself
    return [f"{TOOL_NAME}: error: {p}" for p in problems(options.selection, plan.base)]


def force_exclude(planned: Planned, planner: Planner) -> Planned:
    """Leave out the named files (and the --stdin-filename) that the configuration's
    `exclude` matches: a hook names every staged file, and a generated one the
    configuration excludes must not block the commit."""
    kept = []
    for task, outcome in planned:
        where = task.path or task.anchor
        if (
            outcome is None
            and where is not None
            and planner.config_at(task.config).excludes(Path(where))
        ):
            continue
        kept.append((task, outcome))
    return kept


def show_files(displays: list[str], errors: list[str]) -> int:
    """--show-files: the files a run would check, one a line; what cannot be checked on
    standard error (exit code 2)."""
    out = "".join(f"{display}\n" for display in displays)
    sys.stdout.write(out)
    sys.stdout.flush()
    if errors:
        print("\n".join(f"{TOOL_NAME}: {error}" for error in errors), file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK
