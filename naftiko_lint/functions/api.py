"""Rule functions: `fn(target, options, context) -> iterable of FunctionResult`.

A function is small and pure: no I/O, no severities, no suppression. Its `input` schema says
which targets it looks at (others are skipped, as Spectral does); its `options` schema is
checked when a ruleset loads, so a bad option is a load error naming the rule and the key.

A Naftiko check judges the capability as a whole; `@model_rule` declares one as
`check(capability, options, ctx)`, so it never digs the model out of the context itself.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from naftiko_lint.diagnostics import Fix, Severity
from naftiko_lint.spec.quick import schema_errors
from naftiko_lint.values import json_type

if TYPE_CHECKING:
    from naftiko_lint.capability.stage import Capability


@dataclass(frozen=True)
class FunctionResult:
    """What a function found. `path` is absolute (None: the target's path); `span` narrows
    a string value to the characters [start, end); `related` is another node the message
    refers to as `{{related-line}}` (turned into its line number when reported).

    `severity` caps the finding's severity below the rule's when the evidence is weaker for
    this case (a rule at `error` reporting a GET as a warning); the lower of the two wins,
    so a rule configured at `info` never reports above `info`."""

    message: str
    path: tuple[str | int, ...] | None = None
    span: tuple[int, int] | None = None
    related: tuple[str | int, ...] | None = None
    key: bool = False  # point at the property name rather than its value
    severity: Severity | None = None  # at most this severity (see above)
    fix: Fix | None = None  # the mechanical repair, when there is one (diagnostics.Fix)


@dataclass
class FunctionContext:
    document: Any
    path: tuple[str | int, ...]
    rule_id: str
    formats: frozenset[str] = frozenset()
    cache: dict[str, Any] = field(default_factory=dict)  # per-document memo for functions
    capability: Capability | None = None  # the capability stage's result for the document


RuleCallable = Callable[[Any, Any, FunctionContext], Iterable[FunctionResult] | None]


@dataclass(frozen=True)
class RuleFunction:
    name: str
    fn: RuleCallable
    input: dict | None = None  # None: any target
    options: dict | None = None  # None: the function takes no options
    # more checks of valid options, each problem as "where: message" (schema's $refs)
    check_options: Callable[[Any], list[str]] | None = None

    def accepts(self, target: Any) -> bool:
        return self.input is None or accepts(self.input, target)

    def __reduce__(self) -> tuple[Callable[[str, str], RuleFunction], tuple[str, str]]:
        """Pickled by reference: a decorated function's module attribute is this object, so
        a worker process re-imports it (and so can take a whole rule plan). A function
        loaded from a ruleset's functions folder is not importable by name: a worker rebuilds
        its plan from the configuration's path instead."""
        return _imported, (self.fn.__module__, self.fn.__qualname__)

    def options_errors(self, options: Any) -> list[str]:
        if self.options is None:
            return (
                [] if options is None else [f'"{self.name}" function does not accept any options']
            )
        out = []
        for error in schema_errors(self.options, options, draft="7"):
            where = "/".join(str(p) for p in error.absolute_path)
            out.append(f"{where or 'functionOptions'}: {error.message}")
        if not out and self.check_options is not None:
            out.extend(self.check_options(options))
        return out


def accepts(schema: dict, value: Any) -> bool:
    """The small subset of JSON Schema that function `input` declarations use."""
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        kind = json_type(value)
        if kind not in names and not (kind == "integer" and "number" in names):
            return False
    if "minLength" in schema and isinstance(value, str) and len(value) < schema["minLength"]:
        return False
    if isinstance(value, dict):
        if any(name not in value for name in schema.get("required", [])):
            return False
        for name, sub in schema.get("properties", {}).items():
            if name in value and not accepts(sub, value[name]):
                return False
    if "oneOf" in schema:
        return sum(accepts(s, value) for s in schema["oneOf"]) == 1
    if "items" in schema and isinstance(value, list):
        return all(accepts(schema["items"], item) for item in value)
    return True


def capability_for(ctx: FunctionContext) -> Capability:
    """The capability of the context's document: the stage's (`ctx.capability`), or, for a
    caller that ran no stage (a test, a custom engine caller), the document loaded without a
    file (so no import resolves), once per context. The one place that falls back."""
    if ctx.capability is None:
        from naftiko_lint.capability.stage import load  # lazily: the API stays light

        ctx.capability = load(ctx.document, None)
    return ctx.capability


ModelCheck = Callable[["Capability", Any, FunctionContext], Iterable[FunctionResult]]
WHOLE_DOCUMENT = {"type": "object"}


def model_rule(
    name: str,
    *,
    options: dict | None = None,
    check_options: Callable[[Any], list[str]] | None = None,
) -> Callable[[ModelCheck], RuleFunction]:
    """Declare a check of the whole capability: `check(capability, options, ctx)` yields
    FunctionResults with absolute pointers. It runs on an object target (as `given: "$"`)
    and judges the context's document whatever the target, so every pointer it makes comes
    from the model, not from the target's position."""

    def wrap(check: ModelCheck) -> RuleFunction:
        # wraps: the engine tells naftiko-lint's functions by their module (their messages
        # quote Mustache text and are not rendered as templates)
        @functools.wraps(check)
        def run(target: Any, opts: Any, ctx: FunctionContext) -> Iterable[FunctionResult]:
            return check(capability_for(ctx), opts, ctx)

        return RuleFunction(name, run, WHOLE_DOCUMENT, options, check_options)

    return wrap


def rule_function(
    name: str,
    *,
    input: dict | None = None,
    options: dict | None = None,
    check_options: Callable[[Any], list[str]] | None = None,
) -> Callable[[RuleCallable], RuleFunction]:
    def wrap(fn: RuleCallable) -> RuleFunction:
        return RuleFunction(name, fn, input, options, check_options)

    return wrap


def _imported(module: str, qualname: str) -> RuleFunction:
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not isinstance(found, RuleFunction):
        raise TypeError(f"{module}.{qualname} is not a rule function")
    return found
