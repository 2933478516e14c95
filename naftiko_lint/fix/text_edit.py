"""`apply_edits`: edits by pointer applied to a YAML or JSON file's text, changing only
the lines they change (see preserve.py) and checked against the meaning of the edits on
plain data (data.py) before the text is given back."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from naftiko_lint.diagnostics import Edit
from naftiko_lint.fix.data import EditError, apply_to_data
from naftiko_lint.fix.layout import Layout, guess_indent, normalise
from naftiko_lint.fix.preserve import Overlap, carry
from naftiko_lint.fix.yaml_edit import Styler, apply_tree_edit, dump_all, load_all, make_yaml

_DOUBLE = re.compile(r"""(?:^|[:\-\[,{]\s*)"[^"\n]*"(?=\s*(?:$|[:,\]}#]))""", re.M)
_SINGLE = re.compile(r"""(?:^|[:\-\[,{]\s*)'[^'\n]*'(?=\s*(?:$|[:,\]}#]))""", re.M)


def _data_of(text: str) -> Any:
    """What the linter reads from `text` (the first document), or EditError."""
    from naftiko_lint.document.loading import parse_document

    doc = parse_document("<fix>", text.encode("utf-8", "surrogatepass"), max_bytes=1 << 62)
    if not doc.parsed:
        raise EditError("the edited text does not read back")
    return doc.data


def json_document(text: str) -> Any | None:
    """The data of `text` when it is a JSON document (an object or array), else None."""
    body = normalise(text).strip()
    if not body.startswith(("{", "[")):
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _json_indent(lines: list[str]) -> int | None:
    if len(lines) <= 1:
        return None
    for line in lines[1:]:
        stripped = line.lstrip(" ")
        if stripped and len(stripped) < len(line):
            return len(line) - len(stripped)
    return 2


def _dump_json(data: Any, indent: int | None, ascii_only: bool) -> list[str]:
    return json.dumps(data, indent=indent, ensure_ascii=ascii_only).split("\n")


def _edit_json(body: str, data: Any, edits: Sequence[Edit]) -> str:
    lines = body.rstrip("\n").split("\n")
    indent = _json_indent(lines)
    ascii_only = body.isascii() and "\\u" in body
    edited = apply_to_data(data, edits)
    r0 = _dump_json(data, indent, ascii_only)
    r1 = _dump_json(edited, indent, ascii_only)
    try:
        out = carry(lines, r0, r1)
    except Overlap:
        out = r1
    text = "\n".join(out) + "\n"
    try:
        if json.loads(text) == edited:
            return text
    except ValueError:
        pass
    return "\n".join(r1) + "\n"


def _explicit_start(body: str) -> bool:
    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "%")):
            continue
        return stripped == "---" or stripped.startswith("--- ")
    return False


def _quote(body: str) -> str:
    return '"' if len(_DOUBLE.findall(body)) > len(_SINGLE.findall(body)) else "'"


def _round_trips(body: str, edits: Sequence[Edit]) -> tuple[str, str]:
    """ruamel.yaml's text of `body` as loaded (R0) and edited (R1)."""
    yaml = make_yaml(guess_indent(body), _explicit_start(body))
    documents = load_all(yaml, body)
    r0 = dump_all(yaml, documents)  # dumping leaves the tree as it was: edit the same one
    if not documents:
        documents = [None]
    styler = Styler(_quote(body))
    for edit in edits:
        documents[0] = apply_tree_edit(documents[0], edit, styler)
    return r0, dump_all(yaml, documents)


def _edit_yaml(body: str, edits: Sequence[Edit]) -> str:
    expected = apply_to_data(_data_of(body), edits)  # EditError: an edit names no place
    try:
        r0, r1 = _round_trips(body, edits)
    except EditError:
        raise
    except Exception as error:  # what ruamel.yaml cannot write is an edit not made
        raise EditError(f"cannot write the edit: {type(error).__name__}: {error}") from error
    lines = body.rstrip("\n").split("\n")
    candidates = []
    with contextlib.suppress(Overlap):
        candidates.append(
            "\n".join(carry(lines, r0.rstrip("\n").split("\n"), r1.rstrip("\n").split("\n"))) + "\n"
        )
    candidates.append(r1)
    for text in candidates:
        try:
            if _data_of(text) == expected:
                return text
        except EditError:
            continue
    raise EditError("the edit cannot be written so that the file reads back as edited")


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with `edits` applied in order (their meaning: data.apply_to_data).

    YAML is edited on ruamel.yaml's round-trip tree (comments, key order, quoting, anchors
    kept; an edit under an alias edits the anchored node); JSON documents stay JSON. Lines
    the edits do not change are given back byte for byte, and so are the byte-order mark,
    the line endings (the majority's) and the final newline or its absence. EditError when
    an edit names no place, or the result would not read back as the edits mean."""
    if not edits:
        return text
    layout = Layout.of(text)
    body = normalise(text)
    data = json_document(body)
    out = _edit_json(body, data, edits) if data is not None else _edit_yaml(body, edits)
    if not layout.final_newline and data is None and _data_of(out.rstrip("\n")) != _data_of(out):
        layout = replace(layout, final_newline=True)  # a block scalar now ends the file
    return layout.restore(out)
