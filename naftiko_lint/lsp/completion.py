"""Completion of `call` targets (`namespace.operation`), `ref` targets (aggregate
functions) and `with` keys (the called operation's parameters).

While a line is being typed the document often does not parse, so the place is read from
the text (block YAML: the key before the cursor, the `with:` a key is indented under and
the `call:` beside it), and the names come from the newest version that parsed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.lsp.navigation import function_markdown, operation_markdown

_VALUE = re.compile(r"""(?:^|[\s{,])(call|ref)\s*:(\s*)['"]?([\w.-]*)$""")
_WORD = re.compile(r"[\w.-]*")
_TYPING_KEY = re.compile(r"^(\s*)([\w-]*)$")
_KEY_LINE = re.compile(r"""^(\s*)((?:-\s+)*)([\w.$-]+|"[^"]*"|'[^']*')\s*:(?:\s+(.*?))?\s*$""")
_WITH = "with"


@dataclass(frozen=True)
class Item:
    label: str
    detail: str
    documentation: str
    insert: str  # the text that replaces [start, end) of the line
    kind: str  # "call", "ref" or "with"


@dataclass(frozen=True)
class Completion:
    start: int  # code-point index in the line of what the items replace
    end: int
    items: tuple[Item, ...]


@dataclass(frozen=True)
class _Key:
    column: int  # where the key starts
    indent: int  # where the line's text starts (a `- ` item's dash)
    key: str
    value: str | None


def _key(line: str) -> _Key | None:
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    key = match.group(3).strip("'\"")
    indent = len(match.group(1))
    return _Key(indent + len(match.group(2)), indent, key, match.group(4))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _siblings(lines: list[str], at: int, column: int) -> list[_Key]:
    """The keys of the block mapping whose key on line `at` starts at `column`."""
    found = []
    start = at
    while start > 0:  # up to the line that begins the mapping (an item's `- key:`)
        here = _key(lines[start])
        if here is not None and here.column == column and here.indent < column:
            break
        previous = lines[start - 1]
        if _content(previous) and _indent(previous) < column:
            here = _key(previous)
            if here is not None and here.column == column:
                start -= 1
            break
        start -= 1
    for index in range(start, len(lines)):
        line = lines[index]
        if index > start and _content(line) and _indent(line) < column:
            break
        here = _key(line)
        if here is not None and here.column == column:
            if index > start and here.indent < column:  # the next item of the list
                break
            found.append(here)
    return found


def _with_context(lines: list[str], row: int, indent: int) -> tuple[str | None, set[str]] | None:
    """(the call beside the enclosing `with:`, keys it has already) for a key typed on
    line `row` at `indent`; None when the line is not inside a `with:` block."""
    for index in range(row - 1, -1, -1):
        line = lines[index]
        if not _content(line) or _indent(line) >= indent:
            continue
        # the first line above that is less indented holds the mapping the key is in
        here = _key(line)
        if here is None or here.key != _WITH or here.value or here.column >= indent:
            return None
        siblings = _siblings(lines, index, here.column)
        call = next((k.value for k in siblings if k.key == "call" and k.value), None)
        present = set()
        for j in range(index + 1, len(lines)):
            if _content(lines[j]) and _indent(lines[j]) <= here.column:
                break
            inner = _key(lines[j]) if j != row else None
            if inner is not None and inner.column == indent:
                present.add(inner.key)
        return (call.strip("'\"") if call else None), present
    return None


def _calls(model: CapabilityModel) -> list[Item]:
    items = []
    for entry in model.consumes.values():
        for operation in entry.operations.values():
            label = f"{entry.namespace}.{operation.name}"
            items.append(
                Item(
                    label,
                    f"{operation.method} {operation.resource_path}".strip(),
                    operation_markdown(label, entry, operation),
                    label,
                    "call",
                )
            )
    return items


def _refs(model: CapabilityModel) -> list[Item]:
    items = []
    for namespace, functions in model.aggregates.items():
        for name, (_, data) in functions.items():
            label = f"{namespace}.{name}"
            detail = str(data.get("description") or "aggregate function")
            items.append(Item(label, detail, function_markdown(label, data), label, "ref"))
    return items


def _with_keys(model: CapabilityModel, call: str, present: set[str]) -> list[Item]:
    entry, operation = model.resolve_call(call)
    if entry is None or operation is None:
        return []
    declared = {p.name: p for p in operation.params}
    items = []
    for name in sorted(operation.parameter_names() - present):
        param = declared.get(name)
        where = f"in: {param.location}" if param is not None and param.location else "template"
        items.append(Item(name, f"{call} input ({where})", "", f"{name}: ", "with"))
    return items


def complete(
    lines: list[str], row: int, column: int, model: CapabilityModel | None
) -> Completion | None:
    """Completions at code-point `column` of 0-based line `row`."""
    if model is None or not 0 <= row < len(lines):
        return None
    line = lines[row]
    before, after = line[:column], line[column:]
    tail = _WORD.match(after)
    end = column + (len(tail.group()) if tail else 0)
    value = _VALUE.search(before)
    if value is not None:
        kind, space, typed = value.groups()
        items = _calls(model) if kind == "call" else _refs(model)
        if not space:  # `call:|`: a value needs a space before it
            items = [
                Item(i.label, i.detail, i.documentation, " " + i.insert, i.kind) for i in items
            ]
        return Completion(column - len(typed), end, tuple(items))
    key = _TYPING_KEY.match(before)
    if key is None:
        return None
    indent, typed = len(key.group(1)), key.group(2)
    if indent == 0:
        return None
    found = _with_context(lines, row, indent)
    if found is None or found[0] is None:
        return None
    call, present = found
    rest = after[len(tail.group()) if tail else 0 :]
    items = _with_keys(model, call, present)
    if rest.lstrip().startswith(":"):  # completing the name of a key that has its colon
        items = [Item(i.label, i.detail, i.documentation, i.label, i.kind) for i in items]
    return Completion(column - len(typed), end, tuple(items))
