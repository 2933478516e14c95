"""The options that choose the rules (--config, --isolated, --ruleset; --select,
--extend-select, --ignore) and the files (--show-files, --force-exclude,
--no-respect-gitignore), shared by the commands that take them, and the LintOptions they
make."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from naftiko_lint.linter import LintOptions
from naftiko_lint.selection import RuleSelection


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="use this configuration file instead of looking for "
        ".naftiko-lint.yaml / pyproject.toml",
    )
    where.add_argument(
        "--isolated",
        action="store_true",
        help="ignore every configuration file: the default rules (or the "
        "--ruleset files) run, and no ruleset or custom function from "
        "the checked folders is loaded",
    )
    parser.add_argument(
        "--ruleset",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="run this Spectral-format ruleset instead of the configured ones (repeatable)",
    )


class _Patterns(argparse.Action):
    """A comma-separated list of rule ids or prefixes; repeating the option adds to it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        given = list(getattr(namespace, self.dest, None) or [])
        given += [part.strip() for part in str(values).split(",") if part.strip()]
        setattr(namespace, self.dest, given)


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    """--select/--extend-select/--ignore (naftiko_lint.selection): over the configuration."""
    parser.add_argument(
        "--select",
        action=_Patterns,
        metavar="RULES",
        default=None,
        help="run only these rules: comma-separated ids or id prefixes (`schema`, `yaml-`, "
        "ALL), over the configuration's rules; an off rule selected runs at its default",
    )
    parser.add_argument(
        "--extend-select",
        action=_Patterns,
        metavar="RULES",
        default=None,
        help="run these rules as well as the selected (or configured) ones",
    )
    parser.add_argument(
        "--ignore",
        action=_Patterns,
        metavar="RULES",
        default=None,
        help="turn these rules off (the more specific of --select and --ignore wins)",
    )


def add_file_options(parser: argparse.ArgumentParser) -> None:
    """Which files a run takes: --show-files, --force-exclude, --no-respect-gitignore."""
    parser.add_argument(
        "--show-files",
        action="store_true",
        help="list the files that would be checked, one a line, and exit",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply the configuration's exclude to files named on the command line too "
        "(for pre-commit, which names every staged file)",
    )
    parser.add_argument(
        "--no-respect-gitignore",
        dest="respect_gitignore",
        action="store_false",
        help="walk folders without leaving out what .gitignore and .git/info/exclude ignore",
    )


def selection(args: argparse.Namespace) -> RuleSelection:
    select = getattr(args, "select", None)
    return RuleSelection(
        select=None if select is None else tuple(select),
        extend_select=tuple(getattr(args, "extend_select", None) or ()),
        ignore=tuple(getattr(args, "ignore", None) or ()),
    )


def lint_options(args: argparse.Namespace, **extra: Any) -> LintOptions:
    return LintOptions(
        config_file=args.config,
        rulesets=tuple(args.ruleset),
        discover_config=not args.isolated,
        selection=selection(args),
        respect_gitignore=getattr(args, "respect_gitignore", True),
        **extra,
    )
