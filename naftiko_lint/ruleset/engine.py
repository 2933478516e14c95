"""Run a ruleset over one document: each distinct `given` path is evaluated once, each
function result becomes a Finding (pointer, no line, no severity: the linter's policy and
locate pass decide those)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Finding
from naftiko_lint.functions.api import FunctionContext, FunctionResult, RuleFunction
from naftiko_lint.pointer import Tokens
from naftiko_lint.ruleset.definitions import Rule, Ruleset, Then
from naftiko_lint.ruleset.failures import Failures, FunctionFailed
from naftiko_lint.ruleset.given import Match, MatchCache, compile_path
from naftiko_lint.ruleset.messages import (
    TEMPLATE,
    dot_path,
    render,
    renders_messages,
    uri_pointer,
)
from naftiko_lint.values import UNDEFINED

if TYPE_CHECKING:
    from naftiko_lint.capability.stage import Capability
    from naftiko_lint.plan import FilePolicy


def _field_path(field: str) -> list[str]:
    """lodash.toPath: `a.b[0]` → ['a', 'b', '0']."""
    return [p for p in re.split(r"\.|\[|\]", field) if p != ""]


def _get(value: Any, parts: list[str]) -> Any:
    found = jp.walk(value, parts)
    return UNDEFINED if found is None else found[1]


def lint_targets(value: Any, field: str | None) -> Iterator[tuple[Tokens, Any, bool]]:
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


def closest_existing(document: Any, path: Tokens) -> Tokens:
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


def _value_at(document: Any, path: Tokens) -> Any:
    return _get(document, [str(p) for p in path])


class Engine:
    def __init__(self, ruleset: Ruleset, functions: dict[str, RuleFunction]) -> None:
        self.ruleset = ruleset
        self.functions = functions

    def active_rules(self, policy: FilePolicy | None = None) -> list[Rule]:
        """Rules that are on somewhere in the file (an override may switch one on)."""
        if policy is None:
            return [rule for rule in self.ruleset.rules.values() if rule.severity is not None]
        return [rule for rule in self.ruleset.rules.values() if policy.enabled(rule.id)]

    def run(
        self,
        document: Any,
        *,
        policy: FilePolicy | None = None,
        formats: frozenset[str] = frozenset(),
        context: dict[str, Any] | None = None,
        capability: Capability | None = None,
        failures: Failures | None = None,
        limit: int | None = None,
    ) -> list[Finding]:
        """The findings of every active rule. A finding at a pointer where the policy turns
        its rule off is dropped at once (it never counts against `limit`).

        `context` seeds the per-document memo functions share. A function that raises is
        contained when `failures` is given: the failure is recorded there and every other
        target and rule still runs; without it the first failure raises FunctionFailed.
        With `limit`, the run stops once more than `limit` findings are collected."""
        cache = MatchCache(document)
        shared: dict[str, Any] = dict(context or {})
        findings: list[Finding] = []
        seen: set[tuple] = set()
        for rule in self.active_rules(policy):
            if rule.formats is not None and not formats.intersection(rule.formats):
                continue
            for given in rule.given:
                for match in cache.find(given):
                    for then in rule.then:
                        for finding in self._apply(
                            rule, then, match, document, formats, shared, failures, capability
                        ):
                            if (
                                policy is not None
                                and policy.severity(rule.id, finding.pointer) is None
                            ):
                                continue
                            # Spectral's prepareResults drops a result whose rule, path
                            # and message an earlier one has (computeResultFingerprint)
                            key = (rule.id, finding.pointer, finding.message, finding.span)
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
        formats: frozenset[str],
        shared: dict,
        failures: Failures | None = None,
        capability: Capability | None = None,
    ) -> Iterator[Finding]:
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
            rendered = renders_messages(function)
            for result in results:
                yield _finding(rule, result, target_path, is_key, document, rendered)


_ALL_VARIABLES = frozenset({"property", "path", "description", "value", "error"})


@lru_cache(maxsize=4096)
def _variables_needed(templates: tuple[str, ...]) -> frozenset[str]:
    """The message variables these templates use (all of them for a `#{{…}}` expression,
    which may name any); empty when nothing is rendered."""
    needed: set[str] = set()
    for template in templates:
        for match in TEMPLATE.finditer(template):
            if match.group(0).startswith("#"):
                return _ALL_VARIABLES
            needed.add(match.group(1))
    return frozenset(needed)


def _finding(
    rule: Rule,
    result: FunctionResult,
    target_path: Tokens,
    is_key: bool,
    document: Any,
    rendered: bool = True,
) -> Finding:
    wanted = tuple(result.path) if result.path is not None else target_path
    path = closest_existing(document, wanted)
    templates = ([result.message] if rendered else []) + (
        [rule.message] if rule.message is not None else []
    )
    needed = _variables_needed(tuple(templates))
    if needed:
        # lintNode.processTargetResults: a missing property is named from its parent on
        variables: dict[str, Any] = {}
        if "property" in needed:
            variables["property"] = (
                dot_path(wanted[len(path) - 1 :])
                if len(wanted) > len(path)
                else (path[-1] if path else "")
            )
        if "path" in needed:
            variables["path"] = uri_pointer(path)
        if "description" in needed:
            variables["description"] = rule.description or None
        if "value" in needed:
            variables["value"] = _value_at(document, path) if path else document
        variables["error"] = result.message
        error = render(result.message, variables) if rendered else result.message
        variables["error"] = error
        message = (
            (rule.description or error) if rule.message is None else render(rule.message, variables)
        )
    else:  # nothing to render: the variables are never computed
        error = result.message
        message = (rule.description or error) if rule.message is None else rule.message
    # a missing field is reported on the key of its closest existing parent
    return Finding(
        rule.id,
        message.strip(),
        jp.join(path),
        (is_key and path == wanted) or path != wanted or result.key,
        result.span if path == wanted else None,
        () if result.related is None else (jp.join(result.related),),
        fix=result.fix,
        cap=result.severity,
    )
