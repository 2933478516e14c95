"""Inline suppression comments, handled once, after all rules have run.

    # naftiko-lint: disable-next-line rule-id[, rule-id]
    key: value  # naftiko-lint: disable-line rule-id
    # naftiko-lint: disable-file rule-id

A directive is a YAML comment: `#` at the start of a line or after white space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from naftiko_lint.diagnostics import Diagnostic, Finding, Position, Range
from naftiko_lint.document.lines import editor_lines

DIRECTIVE = re.compile(
    r"(?:^|(?<=\s))#\s*naftiko-lint:\s*(?P<kind>disable-next-line|disable-line|disable-file)"
    r"(?:\s+(?P<rules>[A-Za-z0-9_*-]+(?:\s*,\s*[A-Za-z0-9_*-]+)*))?\s*$"
)
UNUSED = "unused-suppression"


@dataclass
class Suppression:
    kind: str
    rules: tuple[str, ...]
    line: int  # where the comment is
    column: int
    target_line: int | None  # None: the whole file
    used: set[str] = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic) -> bool:
        if diagnostic.rule not in self.rules and "*" not in self.rules:
            return False
        return self.target_line is None or diagnostic.range.start.line == self.target_line


def parse(text: str) -> list[Suppression]:
    found = []
    lines = editor_lines(text)
    for number, line in enumerate(lines, 1):
        if "naftiko-lint:" not in line:
            continue
        match = DIRECTIVE.search(line)
        if match is None:
            continue
        rules = tuple(r.strip() for r in (match.group("rules") or "").split(",") if r.strip())
        kind = match.group("kind")
        target = {
            "disable-line": number,
            "disable-next-line": _next_content_line(lines, number),
            "disable-file": None,
        }[kind]
        found.append(Suppression(kind, rules, number, match.start() + 1, target))
    return found


def _next_content_line(lines: list[str], number: int) -> int:
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return number + 1


def apply(
    diagnostics: list[Diagnostic],
    suppressions: list[Suppression],
    known_rules: set[str],
) -> tuple[list[Diagnostic], list[Finding]]:
    """Drop covered diagnostics; return (kept, unused-suppression findings)."""
    kept = []
    for diagnostic in diagnostics:
        covering = [s for s in suppressions if s.covers(diagnostic)]
        for suppression in covering:
            suppression.used.add(diagnostic.rule if diagnostic.rule in suppression.rules else "*")
        if not covering:
            kept.append(diagnostic)
    unused = []
    for suppression in suppressions:
        where = Range(
            Position(suppression.line, suppression.column),
            Position(suppression.line, suppression.column),
        )
        if not suppression.rules:
            unused.append(
                (
                    where,
                    f"'{suppression.kind}' names no rule; write the rule ids to disable after it",
                )
            )
            continue
        for rule in suppression.rules:
            if rule in suppression.used:
                continue
            if rule != "*" and rule not in known_rules:
                message = f"Suppression of {rule!r} names no known rule"
            else:
                message = f"Suppression of {rule!r} matches no finding; remove it"
            unused.append((where, message))
    return kept, [Finding.at(UNUSED, message, where) for where, message in unused]
