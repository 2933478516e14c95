"""Fixes for the schema stage's findings that need the capability model: run once the rules
have run, before the locate pass (linter.lint_document).

The schema stage sees only the document, so two of its repairs are attached here:
- `schema-unknown-property` with no "did you mean": remove the stray scalar (the engine
  deserialises with FAIL_ON_UNKNOWN_PROPERTIES off, so it never read it). A consumed input's
  `type`, `description` and `required` are what a generator knew of the input: they wait
  while a call passes the input something its unit does not declare yet, since declaring
  that (fixes_declare.declaration, in a later round) reads them. Its `required: true` also
  means something to consumed-input-unsupplied (a required input nothing supplies): it goes
  only together with the with entries that supply it, or stays.
- `schema` on an object output with no `properties` mapping the whole response (`$` or
  `$.`): drop the unit's outputParameters, which returns the raw response as the message
  says. Both unsafe: they change the document a reader sees."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.capability.model import CapabilityModel, ConsumedOperation, Param
from naftiko_lint.capability.placeholders import MUSTACHE, mustache_names
from naftiko_lint.capability.stage import Capability
from naftiko_lint.diagnostics import Edit, Finding, Fix
from naftiko_lint.spec.messages import SCHEMA, UNKNOWN_PROPERTY

WHOLE_RESPONSE = frozenset({"$", "$."})
# A consumed input's stray keys a declaration of the input that feeds it reads.
INFORMING = frozenset({"type", "description", "required"})
OUTPUT_HINT = "drop outputParameters"  # the MappedOutputObject message (spec/messages.py)


def attach_schema_fixes(findings: list[Finding], capability: Capability) -> list[Finding]:
    """`findings` with the model-dependent fixes attached to the schema findings that have
    none; the others as they are."""
    if not any(f.rule in (UNKNOWN_PROPERTY, SCHEMA) for f in findings):
        return findings
    out = []
    for finding in findings:
        fix = None
        if finding.fix is None and finding.rule == UNKNOWN_PROPERTY:
            fix = _unknown_fix(finding.pointer, capability)
        elif finding.fix is None and finding.rule == SCHEMA and OUTPUT_HINT in finding.message:
            fix = _output_fix(finding.pointer, capability.data)
        elif (
            finding.fix is not None and finding.rule == SCHEMA and _referenced(finding, capability)
        ):
            out.append(replace(finding, fix=None))
            continue
        out.append(finding if fix is None else replace(finding, fix=fix))
    return out


def _referenced(finding: Finding, capability: Capability) -> bool:
    """Is the value a schema fix renames written anywhere else in the document? A name
    is referenced by its text (`call: ns.op`, `ref`, with values): renaming it alone would
    leave those pointing at nothing, so such a rename is no fix."""
    old = None if finding.on_key else _at(capability.data, finding.pointer, _nodes(capability))
    if not isinstance(old, str) or not old:
        return False
    if "." in old or "{" in old:  # not one dotted part: look at every other string
        where = tuple(jp.split(finding.pointer))
        return any(
            _names(text, old) and tuple(str(t) for t in path) != where
            for path, text in capability.strings
        )
    # the node's own string names it once
    return _name_counts(capability).get(old, 0) > 1


def _name_counts(capability: Capability) -> dict[str, int]:
    """How many strings of the document name each word as a reference does (see _names):
    as the whole value, a dotted part of one, or the head of a Mustache reference. Counted
    once per model: a generated file has many names to check."""
    memo = capability.model.memo
    counts = memo.get("reference-name-counts")
    if counts is None:
        counts = memo["reference-name-counts"] = {}
        for _, text in capability.strings:
            named = set(text.split(".")) if "." in text else {text}
            if "{{" in text:
                named.update(m.group(1).split(".", 1)[0] for m in MUSTACHE.finditer(text))
            for name in named:
                counts[name] = counts.get(name, 0) + 1
    return counts


def _names(text: str, name: str) -> bool:
    """Does `text` name `name` as a reference does: the whole value, a dotted part of one
    (`ns.op`, `ns.input`, `a.ns.b`) or the head of a Mustache reference (`{{ns.x}}`)? Prose
    that merely mentions it (a description) does not."""
    return (
        text == name
        or text.startswith(name + ".")
        or text.endswith("." + name)
        or f".{name}." in text
        or "{{" + name in text
    )


def _at(data: Any, pointer: str, memo: dict[str, Any] | None = None) -> Any:
    """The node at `pointer` (None when there is none); with `memo`, each pointer's parent
    is looked up once (a file's stray keys share their parents)."""
    if memo is None:
        found = jp.walk(data, jp.split(pointer))
        return None if found is None else found[1]
    if pointer in memo:
        return memo[pointer]
    if pointer == "":
        node = data
    else:
        cut = pointer.rfind("/")
        parent = _at(data, pointer[:cut], memo)
        token = pointer[cut + 1 :].replace("~1", "/").replace("~0", "~")
        if isinstance(parent, dict):
            node = parent.get(token)
        elif isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
            node = parent[int(token)]
        else:
            node = None
    memo[pointer] = node
    return node


def _nodes(capability: Capability) -> dict[str, Any]:
    return capability.model.memo.setdefault("nodes-by-pointer", {})


def _unknown_fix(pointer: str, capability: Capability) -> Fix | None:
    tokens = jp.split(pointer)
    nodes = _nodes(capability)
    if not tokens or not isinstance(_at(capability.data, jp.parent(pointer), nodes), dict):
        return None
    value = _at(capability.data, pointer, nodes)
    if isinstance(value, dict | list):
        return None  # a misplaced block, not a stray field: moving it is for a person
    key = tokens[-1]
    remove = Edit("remove", pointer)
    title = f"remove {key!r}"
    model = capability.model
    param, operations = (
        _consumed_input(model, jp.parent(pointer)) if key in INFORMING else (None, [])
    )
    if param is not None and _pending(model, param, operations):
        return None  # a declaration still to come reads it: removed once that is made
    if key != "required" or value is not True or param is None:
        return Fix(safe=False, edits=(remove,), title=title)
    supplies = _supplies(model, param, operations)
    if supplies is None:
        return None  # a call leaves it unsupplied and no input can supply it: keep the mark
    if supplies:
        title += " and " + " and ".join(fix.title for fix in supplies)
    return Fix(safe=False, edits=(remove, *(e for fix in supplies for e in fix.edits)), title=title)


def _consumed_input(
    model: CapabilityModel, pointer: str
) -> tuple[Param | None, list[ConsumedOperation]]:
    """The consumed input at `pointer` and the operations it is an input of (indexed once
    per model: a generated file has many stray keys)."""
    index = model.memo.get("consumed-inputs-by-pointer")
    if index is None:
        index = model.memo["consumed-inputs-by-pointer"] = {}
        for entry in model.consumes.values():
            if entry.imported:
                continue  # checked with its shared file
            for operation in entry.all_operations:
                for param in operation.params:
                    index.setdefault(jp.join(param.path), (param, []))[1].append(operation)
    return index.get(pointer, (None, []))


def _supplies(
    model: CapabilityModel, param: Param, operations: list[ConsumedOperation]
) -> list[Fix] | None:
    """The with entries that supply `param` wherever consumed-input-unsupplied reports it as
    a required input nothing supplies; None when one of those calls has no input to pass."""
    # lazily: the linter imports this module, and most files never reach here
    from naftiko_lint.functions.naftiko.fixes_wiring import supply_fix
    from naftiko_lint.functions.naftiko.wiring import own_spelling, supplied, unit_inputs

    fixes: list[Fix] = []
    for operation in operations:
        if operation.level(param) == "resource" or param.location not in ("query", "header"):
            continue  # never sent whatever `required` says: no finding rests on it
        if isinstance(param.value, str):
            continue
        for unit, call_path, with_, _ in _callers(model, operation):
            if param.name in supplied(model, unit, with_, operation):
                continue
            inputs = unit_inputs(model, unit)
            source, missing = own_spelling(unit, param.name, inputs)
            fix = None if missing else supply_fix(unit, call_path, param.name, source)
            if fix is None:
                return None
            fixes.append(fix)
    return fixes


def _callers(model: CapabilityModel, operation: ConsumedOperation) -> list[tuple]:
    """(unit, call path, with, call) of every call site of `operation` (indexed once)."""
    index = model.memo.get("call-sites-by-operation")
    if index is None:
        index = model.memo["call-sites-by-operation"] = {}
        for unit in model.units():
            for call_path, call, with_, _ in unit.call_sites():
                target = model.resolve_call(call)[1]
                if target is not None:
                    index.setdefault(id(target), []).append((unit, call_path, with_, call))
    return index.get(id(operation), [])


def _pending(model: CapabilityModel, param: Param, operations: list[ConsumedOperation]) -> bool:
    """_declaration_pending, once per consumed input (its type, description and required
    are three findings asking the same)."""
    memo = model.memo.setdefault("declaration-pending", {})
    key = id(param)
    if key not in memo:
        memo[key] = _declaration_pending(model, param, operations)
    return memo[key]


def _declaration_pending(
    model: CapabilityModel, param: Param, operations: list[ConsumedOperation]
) -> bool:
    """A call passes `param` an input its unit does not declare yet, which a fix may
    declare (fixes_declare.declaration) reading this input's type, description and
    required: the generator's only record of them."""
    from naftiko_lint.functions.naftiko.fixes_declare import declaration
    from naftiko_lint.functions.naftiko.wiring import REFERENCE, own_spelling, unit_inputs

    for operation in operations:
        for unit, _, with_, call in _callers(model, operation):
            value = with_.get(param.name)
            if not isinstance(value, str):
                continue
            match, names = REFERENCE.match(value), mustache_names(value)
            if match is not None:
                source = match.group(2).rsplit(".", 1)[-1]
            elif len(names) == 1 and value.strip() == "{{" + names[0] + "}}":
                source = names[0]
            else:
                continue
            spelled, missing = own_spelling(unit, source, unit_inputs(model, unit))
            if missing and declaration(model, unit, spelled, param.name, call) is not None:
                return True
    return False


def _passes_through(output: Any) -> bool:
    """An object output with no properties that maps the whole response."""
    return (
        isinstance(output, dict)
        and output.get("type") == "object"
        and "properties" not in output
        and isinstance(output.get("mapping"), str)
        and output.get("mapping") in WHOLE_RESPONSE
        and "value" not in output
    )


def _output_fix(pointer: str, data: Any) -> Fix | None:
    """Drop outputParameters when every entry passes the whole response through."""
    outputs = jp.parent(pointer)
    if not outputs.endswith("/outputParameters"):
        return None
    unit = _at(data, jp.parent(outputs))
    items = _at(data, outputs)
    if not isinstance(unit, dict) or not isinstance(unit.get("call"), str):
        return None  # only a simple (call) unit returns the raw response without outputs
    if not isinstance(items, list) or not items or not all(map(_passes_through, items)):
        return None
    return Fix(
        safe=False,
        edits=(Edit("remove", outputs),),
        title="drop outputParameters (the whole response is returned)",
    )
