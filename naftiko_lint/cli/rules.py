"""`naftiko-lint rules` and `explain`: the active rules of a configuration, and one rule's
page. Both build the rule plan (the rulesets are loaded), never lint a file."""

from __future__ import annotations

import argparse
import json
import sys

from naftiko_lint import TOOL_NAME
from naftiko_lint.cli import EXIT_ERROR, EXIT_OK
from naftiko_lint.cli.options import add_rule_options, lint_options
from naftiko_lint.cli.output import write, write_lines
from naftiko_lint.errors import ConfigError
from naftiko_lint.plan import RulePlan
from naftiko_lint.ruleset import docs
from naftiko_lint.runner import Planner
from naftiko_lint.suggest import did_you_mean


def add_arguments(command: str, parser: argparse.ArgumentParser) -> None:
    if command == "rules":
        parser.add_argument("--format", choices=("text", "json"), default="text")
    else:
        parser.add_argument("rule_id", metavar="RULE-ID")
    add_rule_options(parser)


def _plan(args: argparse.Namespace) -> RulePlan | None:
    planner = Planner(lint_options(args))
    try:
        return planner.plan_for(planner.config_for(None))
    except ConfigError as error:
        for problem in error.problems:
            print(f"{TOOL_NAME}: {problem}", file=sys.stderr)
        return None


def _rules(plan: RulePlan, args: argparse.Namespace) -> int:
    entries = docs.active_rules(plan)
    fixes = {e.id: docs.fix_safety(e.id) for e in entries}
    if args.format == "json":
        write(json.dumps([e.as_dict() for e in entries], indent=2) + "\n")
    else:
        width = max(len(e.id) for e in entries)
        sources = max(len(e.source) for e in entries)
        write_lines(
            [
                f"{entry.id:<{width}}  {entry.severity_label:<7}  "
                f"{fixes[entry.id] or '-':<6}  {entry.source:<{sources}}  {entry.description}"
                for entry in entries
            ]
        )
    return EXIT_OK


def _explain(plan: RulePlan, args: argparse.Namespace) -> int:
    text = docs.explain(args.rule_id, plan)
    if text is None:
        known = [e.id for e in docs.active_rules(plan, include_off=True)]
        print(
            f"{TOOL_NAME}: unknown rule {args.rule_id!r}{did_you_mean(args.rule_id, known)}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    write(text)
    return EXIT_OK


def run(command: str, args: argparse.Namespace) -> int:
    plan = _plan(args)
    if plan is None:
        return EXIT_ERROR
    return _rules(plan, args) if command == "rules" else _explain(plan, args)
