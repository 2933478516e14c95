"""What an Edit means, on plain JSON data: the reference the YAML editor must agree with."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Edit


class EditError(ValueError):
    """An edit that names no place in the document (its parent is missing or not a container)."""


def list_index(container: list, token: str, *, insert: bool) -> int:
    if insert and token == "-":
        return len(container)
    if not token.isdigit():
        raise EditError(f"{token!r} is not a list index")
    index = int(token)
    if index > len(container) or (index == len(container) and not insert):
        raise EditError(f"list index {index} is past the end ({len(container)} items)")
    return index


def apply_edit(data: Any, edit: Edit) -> Any:
    """`data` with `edit` applied in place (the whole document when the pointer is "")."""
    tokens = jp.split(edit.pointer)
    if not tokens:
        if edit.op == "remove":
            raise EditError("the whole document cannot be removed")
        return copy.deepcopy(edit.value)
    found = jp.walk(data, tokens[:-1])
    if found is None:
        raise EditError(f"nothing at {jp.parent(edit.pointer)!r}")
    parent, last = found[1], tokens[-1]
    if isinstance(parent, dict):
        if edit.op == "remove":
            if last not in parent:
                raise EditError(f"no key {last!r} to remove")
            del parent[last]
        elif edit.op in ("set", "add"):
            parent[last] = copy.deepcopy(edit.value)
        else:
            raise EditError(f"unknown edit {edit.op!r}")
    elif isinstance(parent, list):
        index = list_index(parent, last, insert=edit.op == "add")
        if edit.op == "remove":
            del parent[index]
        elif edit.op == "add":
            parent.insert(index, copy.deepcopy(edit.value))
        elif edit.op == "set":
            parent[index] = copy.deepcopy(edit.value)
        else:
            raise EditError(f"unknown edit {edit.op!r}")
    else:
        raise EditError(f"{jp.parent(edit.pointer)!r} is not a mapping or a list")
    return data


def apply_to_data(data: Any, edits: Iterable[Edit]) -> Any:
    """A copy of `data` with `edits` applied in order."""
    out = copy.deepcopy(data)
    for edit in edits:
        out = apply_edit(out, edit)
    return out
