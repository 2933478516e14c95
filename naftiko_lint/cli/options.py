"""The options that choose the rules (--config, --isolated, --ruleset), shared by `check`,
`rules` and `explain`, and the LintOptions they make."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from naftiko_lint.linter import LintOptions


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


def lint_options(args: argparse.Namespace, **extra: Any) -> LintOptions:
    return LintOptions(
        config_file=args.config,
        rulesets=tuple(args.ruleset),
        discover_config=not args.isolated,
        **extra,
    )
