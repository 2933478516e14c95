"""Edits applied to a ruamel.yaml round-trip tree.

The tree keeps comments, key order, quoting and anchors. A pointer is resolved through
CommentedMap and CommentedSeq as through plain data; a node reached through an alias is the
anchor's node, so an edit under an alias changes the anchored node (and so every alias of
it): YAML has no other meaning for it, and aliases are never expanded."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Edit
from naftiko_lint.document.yaml_compat import plain_would_not_be_string
from naftiko_lint.fix.data import EditError, list_index
from naftiko_lint.fix.layout import Indent

# Wide enough that no line is ever re-wrapped.
_NO_WRAP = 1 << 30


def make_yaml(indent: Indent, explicit_start: bool) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _NO_WRAP
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    yaml.explicit_start = explicit_start
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    return yaml


def load_all(yaml: YAML, text: str) -> list[Any]:
    """Every document of `text`; EditError when ruamel.yaml cannot read it."""
    try:
        return list(yaml.load_all(text))
    except YAMLError as error:
        raise EditError(f"the file cannot be edited: {error}") from None


def dump_all(yaml: YAML, documents: list[Any]) -> str:
    out = io.StringIO()
    if len(documents) == 1:
        yaml.dump(documents[0], out)
    else:
        yaml.dump_all(documents, out)
    return out.getvalue()


class Styler:
    """Turns JSON values into round-trip nodes written like the file's own."""

    def __init__(self, quote: str) -> None:
        self.quote = quote  # "'" or '"': the file's more frequent quote

    def quoted(self, text: str) -> str:
        if self.quote == '"' or "'" in text:
            return DoubleQuotedScalarString(text)
        return SingleQuotedScalarString(text)

    def string(self, text: str, like: Any = None) -> Any:
        """`text` in the style of the scalar `like` when it can be written so, else plain,
        quoted when plain would read back as another type."""
        block = isinstance(like, LiteralScalarString | FoldedScalarString)
        if block and text and not text[0].isspace():
            return type(like)(text)
        if isinstance(like, SingleQuotedScalarString) and "\n" not in text:
            return SingleQuotedScalarString(text)
        if isinstance(like, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(text)
        if "\n" in text.rstrip("\n"):
            return LiteralScalarString(text)
        if plain_would_not_be_string(text) or text != text.strip() or not text:
            return self.quoted(text)
        return text

    def node(self, value: Any, flow: bool, like: Any = None) -> Any:
        if isinstance(value, str):
            return self.string(value, like)
        if isinstance(value, dict):
            out = CommentedMap()
            for key, item in value.items():
                out[self.key(str(key))] = self.node(item, flow)
            if flow:
                out.fa.set_flow_style()
            return out
        if isinstance(value, list):
            seq = CommentedSeq(self.node(item, flow) for item in value)
            if flow:
                seq.fa.set_flow_style()
            return seq
        if value is None or isinstance(value, bool | int | float):
            return value
        raise EditError(f"{type(value).__name__} is not a JSON value")

    def key(self, text: str) -> Any:
        if plain_would_not_be_string(text) or text != text.strip() or not text:
            return self.quoted(text)
        return text


def _is_flow(container: Any) -> bool:
    fa = getattr(container, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _key_of(mapping: CommentedMap, token: str) -> Any:
    """The mapping's own key for `token` (a quoted key is a str subclass equal to it)."""
    if token in mapping:
        return token
    for key in mapping:
        if str(key) == token:
            return key
    return None


def _walk(root: Any, tokens: Sequence[str], pointer: str) -> Any:
    node = root
    for token in tokens:
        if isinstance(node, CommentedMap | dict):
            key = _key_of(node, token)
            if key is None:
                raise EditError(f"nothing at {pointer!r}")
            node = node[key]
        elif isinstance(node, CommentedSeq | list):
            if not token.isdigit() or int(token) >= len(node):
                raise EditError(f"nothing at {pointer!r}")
            node = node[int(token)]
        else:
            raise EditError(f"nothing at {pointer!r}")
    return node


def _remove_key(mapping: CommentedMap, key: Any) -> None:
    del mapping[key]
    mapping.ca.items.pop(key, None)


def apply_tree_edit(root: Any, edit: Edit, styler: Styler) -> Any:
    """Apply `edit` to the round-trip tree `root`; the (possibly new) root."""
    tokens = jp.split(edit.pointer)
    if not tokens:
        if edit.op == "remove":
            raise EditError("the whole document cannot be removed")
        return styler.node(edit.value, False)
    parent = _walk(root, tokens[:-1], jp.parent(edit.pointer))
    last = tokens[-1]
    flow = _is_flow(parent)
    if isinstance(parent, CommentedMap | dict):
        key = _key_of(parent, last)
        if edit.op == "remove":
            if key is None:
                raise EditError(f"no key {last!r} to remove")
            _remove_key(parent, key)
        elif edit.op in ("set", "add"):
            old = parent[key] if key is not None else None
            parent[key if key is not None else styler.key(last)] = styler.node(
                edit.value, flow, old
            )
        else:
            raise EditError(f"unknown edit {edit.op!r}")
    elif isinstance(parent, CommentedSeq | list):
        index = list_index(parent, last, insert=edit.op == "add")
        if edit.op == "remove":
            del parent[index]
        elif edit.op == "add":
            parent.insert(index, styler.node(edit.value, flow))
        elif edit.op == "set":
            parent[index] = styler.node(edit.value, flow, parent[index])
        else:
            raise EditError(f"unknown edit {edit.op!r}")
    else:
        raise EditError(f"{jp.parent(edit.pointer)!r} is not a mapping or a list")
    return root
