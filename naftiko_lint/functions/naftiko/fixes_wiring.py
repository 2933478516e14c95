"""Fixes of the `with` wiring: an undeclared input a with value names (with-input-undeclared)
and a consumed parameter a call never supplies (consumed-input-unsupplied). Pure builders of
Fix values from what the rule functions computed; the rules decide when one applies.

A with value `<unit namespace>.<input>` passes that argument on
(util/OperationStepExecutor.mergeWithParameters, exposes/mcp/ToolHandler.resolveWithValue);
it is what the messages recommend, so it is what the fixes write."""

from __future__ import annotations

from collections.abc import Sequence

from naftiko_lint import pointer as jp
from naftiko_lint.capability.model import CapabilityModel, Unit
from naftiko_lint.capability.placeholders import MUSTACHE
from naftiko_lint.diagnostics import Edit, Fix
from naftiko_lint.functions.naftiko.fixes_declare import declaration, with_entry
from naftiko_lint.pointer import Tokens


def reference(unit: Unit, source: str) -> str:
    """How a with value names the unit's input `source`."""
    return f"{unit.namespace}.{source}" if unit.namespace else f"{{{{{source}}}}}"


def supply_fix(unit: Unit, call_path: Tokens, name: str, source: str) -> Fix | None:
    """consumed-input-unsupplied's repair where the unit has the input under its own
    spelling `source`: the with entry `name: <namespace>.<source>` (the with mapping is
    created when missing). Unsafe: the call starts sending a value it did not."""
    value = reference(unit, source)
    edit = with_entry(unit, call_path, name, value)
    if edit is None:
        return None
    return Fix(safe=False, edits=(edit,), title=f"pass {value!r} as {name!r}")


def declare_and_supply_fix(
    model: CapabilityModel, unit: Unit, call: str, call_path: Tokens, name: str, source: str
) -> Fix | None:
    """consumed-input-unsupplied's repair where the unit has no input to pass on yet:
    declare `source` on the unit (declaration: typed and described from the consumed side)
    and add the with entry passing it as `name`. Unsafe: it adds API surface."""
    declared = declaration(model, unit, source, name, call)
    supplied = supply_fix(unit, call_path, name, source)
    if declared is None or supplied is None:
        return None
    value = reference(unit, source)
    return Fix(
        safe=False,
        edits=(declared, *supplied.edits),
        title=f"declare input {source!r} and pass {value!r} as {name!r}",
    )


def undeclared_fix(
    model: CapabilityModel,
    unit: Unit,
    entry_path: Sequence[str | int],
    key: str,
    call: str,
    *,
    old: str,
    new: str | None = None,
    declare: str | None = None,
    safe: bool = False,
) -> Fix | None:
    """with-input-undeclared's repair: write `new` for the with value `old` (when given)
    and declare the input `declare` on the unit (when given). None when that input cannot
    be declared there (declaration says where not). A rewrite alone is the report's
    suggestion; `safe` only for a rewrite to an input the unit already has."""
    edits: list[Edit] = []
    titles: list[str] = []
    if new is not None and new != old:
        edits.append(Edit("set", jp.join(entry_path), new))
        titles.append(f"write {new!r} for {old!r}")
    if declare is not None:
        edit = declaration(model, unit, declare, key, call)
        if edit is None:
            return None
        edits.append(edit)
        titles.append(f"declare input {declare!r}")
    if not edits:
        return None
    alone = declare is None and new is not None
    return Fix(
        new if alone else None,
        safe and declare is None,
        tuple(edits),
        " and ".join(titles),
    )


def retemplated(value: str, variable: str, name: str) -> str:
    """`value` with each `{{variable}}` written `{{name}}`."""
    return MUSTACHE.sub(
        lambda m: "{{" + name + "}}" if m.group(1) == variable else m.group(0), value
    )


def spelling_fix(
    model: CapabilityModel,
    unit: Unit,
    entry_path: Sequence[str | int],
    key: str,
    call: str,
    *,
    old: str,
    wanted: str,
    spelled: str,
    new: str,
    missing: bool,
    proposed: bool,
) -> Fix | None:
    """A with value naming `wanted`, which the unit does not receive: when the unit has
    another spelling of it (`spelled`: a case or '-'/'_' slip of an input or of a REST path
    variable, `missing` when only the variable), write `new` (the value in that spelling),
    declaring it when missing; else declare `wanted`. None when the message proposes another
    input (`proposed`): which one was meant is a guess."""
    if spelled != wanted:
        declare = spelled if missing else None
        return undeclared_fix(model, unit, entry_path, key, call, old=old, new=new, declare=declare)
    if proposed:
        return None
    return undeclared_fix(model, unit, entry_path, key, call, old=old, declare=wanted)


def prefix_fix(
    model: CapabilityModel,
    unit: Unit,
    entry_path: Sequence[str | int],
    key: str,
    call: str,
    value: str,
    variable: str,
    known: bool,
    proposed: bool,
) -> Fix | None:
    """`{{ns.x}}` / `{{rest.x}}` in a with value: write `{{x}}`, safe when the unit has `x`
    (`known`), else also declaring it; none for `{{ns.x.y}}` (its `x` holds fields) or when
    the message proposes another input."""
    rest = variable.partition(".")[2]
    new = retemplated(value, variable, rest)
    if known:
        return undeclared_fix(model, unit, entry_path, key, call, old=value, new=new, safe=True)
    if "." in rest or proposed:
        return None
    return undeclared_fix(model, unit, entry_path, key, call, old=value, new=new, declare=rest)
