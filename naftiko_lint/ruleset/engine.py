"""Run a ruleset over one document: each distinct `given` path is evaluated once."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Severity
from naftiko_lint.functions import FunctionContext, FunctionResult, RuleFunction
from naftiko_lint.functions.core import UNDEFINED, print_value
from naftiko_lint.ruleset.model import Override, Rule, Ruleset, Then
from naftiko_lint.ruleset.paths import Match, MatchCache, compile_path

PathT = tuple[str | int, ...]


@dataclass(frozen=True)
class RuleFinding:
    rule: Rule
    severity: Severity
    message: str
    path: PathT
    on_key: bool
    span: tuple[int, int] | None = None
    related: PathT | None = None


class FunctionFailed(Exception):
    """A rule function raised: a broken (user) function, reported as a usage error."""


def _field_path(field: str) -> list[str]:
    """lodash.toPath: `a.b[0]` → ['a', 'b', '0']."""
    return [p for p in re.split(r"\.|\[|\]", field) if p != ""]


def _get(value: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return UNDEFINED
    return value


def lint_targets(value: Any, field: str | None) -> Iterator[tuple[PathT, Any, bool]]:
    """Spectral's targets for a `then`: the value, a field of it, its keys, or a sub-path."""
    if field is None or not isinstance(value, dict | list):
        yield (), value, False
        return
    if field == "@key":
        keys = list(value) if isinstance(value, dict) else list(range(len(value)))
        for key in keys:
            yield (key,), key, True
        if not keys:
            yield (), UNDEFINED, False
        return
    if field.startswith("$"):
        found = compile_path(field).find(value)
        for match in found:
            yield match.path, match.value, match.is_key
        if not found:
            yield (), UNDEFINED, False
        return
    parts = _field_path(field)
    typed: list[str | int] = [int(p) if isinstance(value, list) and p.isdigit() else p
                              for p in parts]
    yield tuple(typed), _get(value, parts), False


def closest_existing(document: Any, path: PathT) -> PathT:
    node = document
    for i, token in enumerate(path):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, dict) and str(token) in node:
            node = node[str(token)]
        elif isinstance(node, list) and isinstance(token, int | str) and str(token).isdigit() \
                and int(token) < len(node):
            node = node[int(token)]
        else:
            return path[:i]
    return path


def _value_at(document: Any, path: PathT) -> Any:
    return _get(document, [str(p) for p in path])


# Only the message variables are substituted; any other {{…}} (a Mustache reference quoted
# in a message) stays as written.
_TEMPLATE = re.compile(r'#\{\{print\("(\w+)"\)\}\}|\{\{(error|property|path|value|description)\}\}')


def render(template: str, variables: dict[str, Any]) -> str:
    def substitute(match: re.Match[str]) -> str:
        printed, plain = match.groups()
        if printed == "property":
            prop = variables.get("property")
            return f'"{prop}" property ' if prop not in (None, "") else "The document "
        if printed == "value":
            return print_value(variables.get("value", UNDEFINED))
        name = printed or plain
        value = variables.get(name)
        if name == "value" and plain:
            return print_value(value) if isinstance(value, dict | list) else \
                ("" if value in (None, UNDEFINED) else str(value))
        return "" if value is None or value is UNDEFINED else str(value)

    return _TEMPLATE.sub(substitute, template)


def effective_severity(rule: Rule, overrides: list[Override], file: Path | None,
                       path: PathT) -> Severity | None:
    severity = rule.severity
    for override in overrides:
        if rule.id not in override.rules or file is None:
            continue
        for pattern in override.files:
            glob, _, fragment = pattern.partition("#")
            if not _glob_matches(file, Path(override.base), glob):
                continue
            if fragment and not jp.join(path).startswith(fragment):
                continue
            severity = override.rules[rule.id]
    return severity


def _glob_matches(file: Path, base: Path, glob: str) -> bool:
    try:
        relative = file.resolve().relative_to(base)
    except ValueError:
        relative = file
    text = relative.as_posix()
    return fnmatch.fnmatch(text, glob) or fnmatch.fnmatch(text, glob.replace("**/", "")) \
        or fnmatch.fnmatch(file.name, glob)


class Engine:
    def __init__(self, ruleset: Ruleset, functions: dict[str, RuleFunction]) -> None:
        self.ruleset = ruleset
        self.functions = functions

    def active_rules(self, file: Path | None) -> list[Rule]:
        """Rules that are on for `file` somewhere (overrides may switch some on)."""
        out = []
        for rule in self.ruleset.rules.values():
            switched_on = any(rule.id in o.rules and o.rules[rule.id] is not None
                              for o in self.ruleset.overrides)
            if rule.severity is not None or (switched_on and file is not None):
                out.append(rule)
        return out

    def run(self, document: Any, *, file: Path | None = None,
            formats: frozenset[str] = frozenset(),
            context: dict[str, Any] | None = None) -> list[RuleFinding]:
        """`context` seeds the per-document memo functions share (e.g. imported files)."""
        cache = MatchCache(document)
        shared: dict[str, Any] = dict(context or {})
        findings: list[RuleFinding] = []
        for rule in self.active_rules(file):
            if rule.formats is not None and not formats.intersection(rule.formats):
                continue
            for given in rule.given:
                for match in cache.find(given):
                    for then in rule.then:
                        findings.extend(self._apply(rule, then, match, document, file,
                                                    formats, shared))
        return findings

    def _apply(self, rule: Rule, then: Then, match: Match, document: Any, file: Path | None,
               formats: frozenset[str], shared: dict) -> Iterator[RuleFinding]:
        function = self.functions[then.function]
        base_value = match.value
        for relative, value, is_key in lint_targets(base_value, then.field):
            if match.is_key:
                relative, is_key = (), True
            target_path = (*match.path, *relative)
            if not function.accepts(value) and value is not UNDEFINED:
                continue
            if value is UNDEFINED and function.input is not None:
                continue
            context = FunctionContext(document, target_path, rule.id, formats, shared)
            try:
                results = list(function.fn(value, then.options, context) or ())
            except Exception as error:
                raise FunctionFailed(f"rule {rule.id!r}: function {function.name!r} raised "
                                     f"{type(error).__name__}: {error}") from error
            for result in results:
                yield from self._finding(rule, result, target_path, is_key, document, file)

    def _finding(self, rule: Rule, result: FunctionResult, target_path: PathT, is_key: bool,
                 document: Any, file: Path | None) -> Iterator[RuleFinding]:
        wanted = tuple(result.path) if result.path is not None else target_path
        path = closest_existing(document, wanted)
        severity = effective_severity(rule, self.ruleset.overrides, file, path)
        if severity is None:
            return
        if result.severity is not None:
            severity = min(severity, result.severity)
        variables = {
            "property": path[-1] if path else "",
            "path": jp.join(path),
            "description": rule.description,
            "value": _value_at(document, path) if path else document,
        }
        error = render(result.message, variables)
        variables["error"] = error
        if rule.message is None:
            message = rule.description or error
        else:
            message = render(rule.message, variables)
        # a missing field is reported on the key of its closest existing parent
        yield RuleFinding(rule, severity, message.strip(), path,
                          (is_key and path == wanted) or path != wanted or result.key,
                          result.span if path == wanted else None, result.related)
