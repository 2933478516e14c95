"""A rule's documentation for the editor: the page `naftiko-lint explain` prints (same
sections, from `ruleset.docs`), as Markdown for a hover, and the address it ends with, for
a diagnostic's `codeDescription.href`. The rules are those of the file's configuration (a
ruleset of your own documents its rules too)."""

from __future__ import annotations

from pathlib import Path

from naftiko_lint.errors import ConfigError
from naftiko_lint.linter import LintOptions
from naftiko_lint.plan import RulePlan
from naftiko_lint.ruleset import docs
from naftiko_lint.runner import Planner


class RuleDocs:
    """Rule pages for the files of one server; plans are built once per configuration
    (`forget` drops them when a configuration file changes)."""

    def __init__(self) -> None:
        self._planner = Planner(LintOptions())

    def forget(self) -> None:
        self._planner = Planner(LintOptions())

    def _plan(self, path: str | None) -> RulePlan | None:
        try:
            file = Path(path) if path else None
            return self._planner.plan_for(self._planner.config_for(file))
        except (ConfigError, OSError):
            return None

    def href(self, rule_id: str, path: str | None) -> str | None:
        """The address of the rule's page, as `explain` ends with it (None: it has none)."""
        plan = self._plan(path)
        if plan is None:
            return docs.docs_url(rule_id) if _shipped(rule_id) else None
        return docs.page_url(rule_id, plan)

    def markdown(self, rule_id: str, path: str | None) -> str | None:
        """The rule's page in Markdown; None for a rule the configuration does not know."""
        plan = self._plan(path)
        if plan is None:
            return None
        entry = next(
            (e for e in docs.active_rules(plan, include_off=True) if e.id == rule_id), None
        )
        if entry is None:
            return None
        lines = [f"**{rule_id}** ({entry.severity_label}, {entry.source})", ""]
        for heading, body, example in docs.sections(rule_id, entry.description):
            text = body.rstrip()
            if example:
                text = f"```yaml\n{text}\n```"
            lines += [f"#### {heading}", "", text, ""]
        url = docs.page_url(rule_id, plan)
        if url:
            lines += [f"[Docs]({url})", ""]
        return "\n".join(lines).rstrip() + "\n"


def _shipped(rule_id: str) -> bool:
    from naftiko_lint.bundled import rules_dir

    return (rules_dir() / "docs" / f"{rule_id}.yaml").is_file()
