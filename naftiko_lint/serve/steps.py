"""Orchestrated steps as util/OperationStepExecutor.executeSteps runs them, and the step
output mappings of resolveStepMappings.

* a `call` step copies the running parameters, merges its own `with` (the unit's namespace),
  and calls `namespace.operation`; an unknown call fails "Invalid call format: …", a request
  the engine cannot build fails "Error resolving request parameters: …". A JSON answer is the
  step's output — projected through the consumed operation's outputParameters when it has any
  (resolveStepOutput) — and is added to the parameters under the step's name, so later
  templates can read `{{step.field}}`;
* a `lookup` step finds, in an earlier step's output, the entry whose `match` field equals
  the lookup value (util/LookupExecutor); its result is a step output only, never a parameter;
* a `script` step cannot run here. The engine runs it in a sandbox when the control adapter
  enables scripting and otherwise throws IllegalStateException; here it always fails the way
  a failing step does, with a message naming the step (REST 500, MCP isError).

Step `mappings[].value` and `lookupValue` are split on '.', never evaluated as JSONPath.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from naftiko_lint.capability.model import CapabilityModel, ConsumedOperation
from naftiko_lint.serve.engine_java import jackson_compact, java_double
from naftiko_lint.serve.engine_params import merge_with
from naftiko_lint.serve.mustache import MustacheError, render
from naftiko_lint.serve.outputs import read_outputs, resolve_output


class StepError(Exception):
    """A step failed; `kind` is "invalid" (IllegalArgumentException) or "internal"."""

    def __init__(self, message: str, kind: str = "invalid", java_class: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        default = "IllegalArgumentException" if kind == "invalid" else "RuntimeException"
        self.java_class = java_class or f"java.lang.{default}"

    def java(self) -> str:
        """`e.toString()` of the exception this is in the engine."""
        return f"{self.java_class}: {self}"


@dataclass(frozen=True)
class Exchange:
    """One consumed call and its answer (OperationStepExecutor.HandlingContext)."""

    operation: ConsumedOperation | None  # None for a forwarded request
    method: str
    url: str
    status: int  # Restlet's 1000/1001 when the connector failed
    reason: str
    body: bytes | None
    media_type: str | None
    detail: str | None = None  # what the transport reported, when it failed

    @property
    def text(self) -> str | None:
        return None if self.body is None else self.body.decode("utf-8", "replace")

    @property
    def raw_format(self) -> str | None:
        """The consumed operation's `outputRawFormat` (None: JSON)."""
        value = self.operation.data.get("outputRawFormat") if self.operation else None
        return value if isinstance(value, str) else None

    @property
    def raw_schema(self) -> str | None:
        """The consumed operation's `outputSchema` (a schema file, or a CSS selector / heading
        prefix for html and markdown)."""
        value = self.operation.data.get("outputSchema") if self.operation else None
        return value if isinstance(value, str) else None


# call(namespace, operation, parameters) -> Exchange; raises StepError for a call it cannot make
Caller = Callable[[str, str, dict[str, Any]], Awaitable[Exchange | None]]


@dataclass
class StepResult:
    last: Exchange | None = None
    outputs: dict[str, Any] = field(default_factory=dict)


def as_text(node: Any) -> str:
    """`JsonNode.asText()`: a container's text is empty, null's is "null"."""
    if isinstance(node, (dict, list)):
        return ""
    if node is None:
        return "null"
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, float):
        return java_double(node)
    return str(node)


def step_output(operation: ConsumedOperation, raw: Any) -> Any:
    """OperationStepExecutor.resolveStepOutput."""
    specs = read_outputs(operation.data.get("outputParameters"))
    if raw is None or not specs:
        return raw
    if isinstance(raw, list):
        out = []
        for element in raw:
            augmented = dict(element) if isinstance(element, dict) else {}
            for spec in specs:
                if spec.name and spec.name.strip():
                    augmented[spec.name] = resolve_output(spec, element)
            out.append(augmented)
        return out
    projected: dict[str, Any] = {}
    unnamed: Any = None
    has_unnamed = False
    for spec in specs:
        mapped = resolve_output(spec, raw)
        if spec.name and spec.name.strip():
            projected[spec.name] = mapped
        elif not has_unnamed:
            unnamed, has_unnamed = mapped, True
    if projected:
        return projected
    return unnamed if has_unnamed and unnamed is not None else raw


def from_step_context(value: Any, outputs: dict[str, Any]) -> tuple[bool, Any]:
    """resolveJsonPathFromStepContext: (found, node) for `$.step.field.field`; a JSON null
    met on the way ends the walk unfound, one at the end is found."""
    if not isinstance(value, str) or not value.startswith("$."):
        return False, None
    step, dot, rest = value[2:].partition(".")
    if step not in outputs:
        return False, None
    current = outputs[step]
    if not dot or not rest:
        return True, current
    for segment in rest.split("."):
        if current is None or not isinstance(current, dict) or segment not in current:
            return False, None
        current = current[segment]
    return True, current


def _lookup(index: Any, match: Any, wanted: str, fields: Any) -> dict[str, Any] | None:
    """LookupExecutor.executeLookup."""
    entries = index if isinstance(index, list) else [index] if isinstance(index, dict) else []
    for entry in entries:
        if isinstance(entry, dict) and match in entry and as_text(entry[match]) == wanted:
            if not isinstance(fields, list):
                return None
            return {str(f): entry.get(str(f)) for f in fields}
    return None


def _parse_json(exchange: Exchange) -> tuple[bool, Any]:
    text = exchange.text
    if not text or not text.strip():
        return False, None
    try:
        return True, json.loads(text)
    except ValueError:
        return False, None


async def execute_steps(
    model: CapabilityModel,
    steps: list[dict[str, Any]],
    base: dict[str, Any],
    namespace: str | None,
    call: Caller,
) -> StepResult:
    """executeSteps: run `steps` in order (StepError when one fails)."""
    runtime = dict(base)
    result = StepResult()
    for step in steps:
        kind = step.get("type")
        name = step.get("name")
        if kind == "call":
            params = dict(runtime)
            try:
                merge_with(step.get("with"), params, namespace)
            except MustacheError as error:
                raise StepError(f"MustacheException: {error}", "internal") from error
            target = step.get("call")
            tokens = target.split(".") if isinstance(target, str) else []
            exchange = None
            if len(tokens) == 2:
                try:
                    exchange = await call(tokens[0], tokens[1], params)
                except StepError as error:
                    if error.kind != "invalid":
                        raise
                    raise StepError(f"Error resolving request parameters: {error}") from error
            if exchange is None:
                raise StepError(f"Invalid call format: {target if target is not None else 'null'}")
            result.last = exchange
            parsed, raw = _parse_json(exchange)
            if parsed and exchange.operation is not None:
                output = step_output(exchange.operation, raw)
                result.outputs[str(name)] = output
                runtime[str(name)] = output
        elif kind == "lookup":
            index = step.get("index")
            if index not in result.outputs:
                raise StepError(f"Lookup step references non-existent step: {index}")
            try:
                rendered = render(step.get("lookupValue"), runtime)
            except MustacheError as error:
                raise StepError(f"MustacheException: {error}", "internal") from error
            found, node = from_step_context(step.get("lookupValue"), result.outputs)
            match, fields = step.get("match"), step.get("outputParameters")
            data = result.outputs[index]
            if found and isinstance(node, list):
                hits = [h for h in (_lookup(data, match, as_text(i), fields) for i in node) if h]
                hit: Any = hits or None
            elif found:
                hit = _lookup(data, match, as_text(node), fields)
            else:
                hit = None if rendered is None else _lookup(data, match, rendered, fields)
            if hit is not None:
                result.outputs[str(name)] = hit
        elif kind == "script":
            raise StepError(
                f"Script step '{name}' cannot run: naftiko-lint's engine emulation does not "
                "execute scripts",
                "internal",
                "java.lang.IllegalStateException",
            )
    return result


def step_mappings(mappings: Any, outputs: dict[str, Any]) -> str | None:
    """resolveStepMappings: the object the mappings build (`a.b` targets nest), as compact
    JSON; None when nothing resolved."""
    if not isinstance(mappings, list) or not mappings:
        return None
    result: dict[str, Any] = {}
    for mapping in mappings:
        if not isinstance(mapping, dict):
            continue
        found, node = from_step_context(mapping.get("value"), outputs)
        target = mapping.get("targetName")
        if not found or not isinstance(target, str) or not target:
            continue
        *parents, leaf = target.split(".")
        holder = result
        for parent in parents:
            if not isinstance(holder.get(parent), dict):
                holder[parent] = {}
            holder = holder[parent]
        holder[leaf] = node
    return jackson_compact(result) if result else None
