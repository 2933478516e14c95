"""Run a ruleset over one document: each distinct `given` path is evaluated once."""

from __future__ import annotations

import fnmatch
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Severity
from naftiko_lint.functions.api import FunctionContext, FunctionResult, RuleFunction
from naftiko_lint.ruleset.definitions import Override, Rule, Ruleset, Then
from naftiko_lint.ruleset.given import Match, MatchCache, compile_path
from naftiko_lint.values import UNDEFINED, js_string, print_value

if TYPE_CHECKING:
    from naftiko_lint.capability.stage import Capability

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
    """A rule function raised (when the caller collects no failures)."""


@dataclass(frozen=True)
class FunctionFailure:
    """A rule function that raised on one target: the run goes on without its results.
    `details` is the formatted traceback (shown only when debugging)."""

    rule_id: str
    function: str
    path: PathT  # the target the function was given
    error_type: str
    error: str
    details: str

    def describe(self) -> str:
        return (
            f"rule {self.rule_id!r}: function {self.function!r} raised "
            f"{self.error_type}: {self.error}"
        )


def exception_name(error: BaseException) -> str:
    """`ValueError`, `re.error`, `jsonschema.exceptions.SchemaError`: the type, with its
    module unless it is a built-in one (or a user function's module)."""
    kind = type(error)
    module = kind.__module__ or ""
    if module in ("builtins", "") or module.startswith("naftiko_lint_user_functions"):
        return kind.__qualname__
    return f"{module}.{kind.__qualname__}"


class Failures:
    """The failures of one run: the first of each (rule, function), and how many times
    each failed in all."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, str], FunctionFailure] = {}
        self.count: dict[tuple[str, str], int] = {}

    def add(self, rule_id: str, function: str, path: PathT, error: Exception) -> None:
        key = (rule_id, function)
        self.count[key] = self.count.get(key, 0) + 1
        if key not in self.first:
            self.first[key] = FunctionFailure(
                rule_id,
                function,
                path,
                exception_name(error),
                str(error),
                "".join(traceback.format_exception(error)),
            )

    def __iter__(self) -> Iterator[tuple[FunctionFailure, int]]:
        for key, failure in self.first.items():
            yield failure, self.count[key]


def _field_path(field: str) -> list[str]:
    """lodash.toPath: `a.b[0]` → ['a', 'b', '0']."""
    return [p for p in re.split(r"\.|\[|\]", field) if p != ""]


def _get(value: Any, parts: list[str]) -> Any:
    found = jp.walk(value, parts)
    return UNDEFINED if found is None else found[1]


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
    typed: list[str | int] = [
        int(p) if isinstance(value, list) and p.isdigit() else p for p in parts
    ]
    yield tuple(typed), _get(value, parts), False


def closest_existing(document: Any, path: PathT) -> PathT:
    node = document
    for i, token in enumerate(path):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, dict) and str(token) in node:
            node = node[str(token)]
        elif (
            isinstance(node, list)
            and isinstance(token, int | str)
            and str(token).isdigit()
            and int(token) < len(node)
        ):
            node = node[int(token)]
        else:
            return path[:i]
    return path


def _value_at(document: Any, path: PathT) -> Any:
    return _get(document, [str(p) for p in path])


# Spectral's message templates (spectral-core Replacer, message.ts): `{{name}}` is one of
# the variables (anything else becomes ''), `#{{expression}}` an expression: print("x"),
# quoted text, variables, `.toUpperCase()`, joined by `+`.
_TEMPLATE = re.compile(r"#?\{\{([^}\n]+)\}\}")
_DISALLOWED = re.compile(r"constructor|process|require|global|mainModule|fs|child_process")
_TERM = re.compile(
    r"""\s*(?:print\(\s*(?:"([^"]*)"|'([^']*)')\s*\)|"([^"]*)"|'([^']*)'|"""
    r"""(\w+)(\.toUpperCase\(\))?|(-?\d+(?:\.\d+)?))\s*(\+|$)"""
)


def _print(kind: str, variables: dict[str, Any]) -> str:
    if kind == "property":
        prop = variables.get("property")
        return f'"{prop}" property ' if prop not in (None, "") else "The document "
    if kind == "value":
        return print_value(variables.get("value", UNDEFINED))
    if kind in variables and variables[kind] is not None:
        return js_string(variables[kind])
    return ""


def _evaluate(expression: str, variables: dict[str, Any]) -> str:
    if _DISALLOWED.search(expression):
        return ""
    out, at = [], 0
    while at < len(expression):
        term = _TERM.match(expression, at)
        if term is None or term.end() == at:
            return ""  # Spectral logs the evaluation error and prints ''
        printed1, printed2, text1, text2, name, upper, number, _ = term.groups()
        if printed1 is not None or printed2 is not None:
            piece = _print(printed1 if printed1 is not None else printed2, variables)
        elif text1 is not None or text2 is not None:
            piece = text1 if text1 is not None else text2
        elif name is not None:
            if name not in variables:
                return ""
            piece = js_string(variables[name])
            if upper:
                piece = piece.upper()
        else:
            piece = number
        out.append(piece)
        at = term.end()
    return "".join(out)


def render(template: str, variables: dict[str, Any]) -> str:
    def substitute(match: re.Match[str]) -> str:
        identifier = match.group(1)
        if match.group(0).startswith("#"):
            return _evaluate(identifier.strip(), variables)
        return js_string(variables[identifier]) if identifier in variables else ""

    return _TEMPLATE.sub(substitute, template)


def _dot_path(path: PathT) -> str:
    """spectral-runtime printPath(path, Dot): `a.b[0]['x y']`."""
    out = ""
    for i, segment in enumerate(path):
        text = str(segment)
        if isinstance(segment, int) or re.fullmatch(r"\s*-?(\d+\.?\d*|\.\d+)\s*", text):
            out += f"[{text}]"
        elif text == "":
            out += "['']"
        elif re.search(r"\s", text):
            out += f"['{text}']"
        else:
            out += ("." if i else "") + text
    return out


def _uri_pointer(path: PathT) -> str:
    """@stoplight/json pathToPointer: `#/a/b~1c`, URI-encoded."""
    return quote("#" + jp.join(path), safe="/;,?:@&=+$-_.!~*'()#")


def renders_messages(function: RuleFunction) -> bool:
    """Spectral renders every function's message as a template; naftiko-lint's own rule
    functions (not the official equivalents) quote Mustache text (`/kv/{{key}}`), so
    their messages are used as written."""
    module = getattr(function.fn, "__module__", "") or ""
    return (
        not module.startswith("naftiko_lint.functions.naftiko.")
        or module == "naftiko_lint.functions.naftiko.official"
    )


def effective_severity(
    rule: Rule, overrides: list[Override], file: Path | None, path: PathT
) -> Severity | None:
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
    return (
        fnmatch.fnmatch(text, glob)
        or fnmatch.fnmatch(text, glob.replace("**/", ""))
        or fnmatch.fnmatch(file.name, glob)
    )


class Engine:
    def __init__(self, ruleset: Ruleset, functions: dict[str, RuleFunction]) -> None:
        self.ruleset = ruleset
        self.functions = functions

    def active_rules(self, file: Path | None) -> list[Rule]:
        """Rules that are on for `file` somewhere (overrides may switch some on)."""
        out = []
        for rule in self.ruleset.rules.values():
            switched_on = any(
                rule.id in o.rules and o.rules[rule.id] is not None for o in self.ruleset.overrides
            )
            if rule.severity is not None or (switched_on and file is not None):
                out.append(rule)
        return out

    def run(
        self,
        document: Any,
        *,
        file: Path | None = None,
        formats: frozenset[str] = frozenset(),
        context: dict[str, Any] | None = None,
        capability: Capability | None = None,
        failures: Failures | None = None,
        limit: int | None = None,
    ) -> list[RuleFinding]:
        """`context` seeds the per-document memo functions share (e.g. imported files).

        A function that raises is contained when `failures` is given: the failure is
        recorded there and every other target and rule still runs; without it the first
        failure raises FunctionFailed. With `limit`, the run stops once more than `limit`
        findings are collected."""
        cache = MatchCache(document)
        shared: dict[str, Any] = dict(context or {})
        findings: list[RuleFinding] = []
        seen: set[tuple] = set()
        for rule in self.active_rules(file):
            if rule.formats is not None and not formats.intersection(rule.formats):
                continue
            for given in rule.given:
                for match in cache.find(given):
                    for then in rule.then:
                        for finding in self._apply(
                            rule,
                            then,
                            match,
                            document,
                            file,
                            formats,
                            shared,
                            failures,
                            capability,
                        ):
                            # Spectral's prepareResults drops a result whose rule, path
                            # and message an earlier one has (computeResultFingerprint)
                            key = (rule.id, finding.path, finding.message, finding.span)
                            if key not in seen:
                                seen.add(key)
                                findings.append(finding)
                                if limit is not None and len(findings) > limit:
                                    return findings  # the caller reports the rest unchecked
        return findings

    def _apply(
        self,
        rule: Rule,
        then: Then,
        match: Match,
        document: Any,
        file: Path | None,
        formats: frozenset[str],
        shared: dict,
        failures: Failures | None = None,
        capability: Capability | None = None,
    ) -> Iterator[RuleFinding]:
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
            context = FunctionContext(document, target_path, rule.id, formats, shared, capability)
            try:
                results = list(function.fn(value, then.options, context) or ())
            except Exception as error:  # a broken function never stops the run
                if failures is None:
                    raise FunctionFailed(
                        f"rule {rule.id!r}: function {function.name!r} "
                        f"raised {type(error).__name__}: {error}"
                    ) from error
                failures.add(rule.id, function.name, target_path, error)
                continue
            for result in results:
                yield from self._finding(
                    rule, result, target_path, is_key, document, file, renders_messages(function)
                )

    def _finding(
        self,
        rule: Rule,
        result: FunctionResult,
        target_path: PathT,
        is_key: bool,
        document: Any,
        file: Path | None,
        rendered: bool = True,
    ) -> Iterator[RuleFinding]:
        wanted = tuple(result.path) if result.path is not None else target_path
        path = closest_existing(document, wanted)
        severity = effective_severity(rule, self.ruleset.overrides, file, path)
        if severity is None:
            return
        if result.severity is not None:
            severity = min(severity, result.severity)
        # lintNode.processTargetResults: a missing property is named from its parent on
        variables = {
            "property": _dot_path(wanted[len(path) - 1 :])
            if len(wanted) > len(path)
            else (path[-1] if path else ""),
            "path": _uri_pointer(path),
            "description": rule.description or None,
            "value": _value_at(document, path) if path else document,
        }
        variables["error"] = result.message
        error = render(result.message, variables) if rendered else result.message
        variables["error"] = error
        if rule.message is None:
            message = rule.description or error
        else:
            message = render(rule.message, variables)
        # a missing field is reported on the key of its closest existing parent
        yield RuleFinding(
            rule,
            severity,
            message.strip(),
            path,
            (is_key and path == wanted) or path != wanted or result.key,
            result.span if path == wanted else None,
            result.related,
        )
