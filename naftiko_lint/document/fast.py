"""Fast path: rapidyaml parses, emits JSON in C++, and `json.loads` builds the data.

It returns None (and the exact PyYAML loader takes over) whenever the document uses a
feature where the two parsers could disagree: tags, anchors, aliases, merge keys,
directives, several documents, tabs, CRs, a BOM, duplicate keys, any parse error, or a
plain scalar that PyYAML would read as something other than rapidyaml's JSON says.
Positions are derived lazily from rapidyaml's tree, whose scalars point into the source.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from naftiko_lint.diagnostics import Range
from naftiko_lint.document import yaml_compat
from naftiko_lint.document.lines import LineIndex
from naftiko_lint.document.sourcemap import Span

try:  # rapidyaml is a hard dependency, but a broken wheel must not break linting
    import ryml
except Exception:  # pragma: no cover - exercised only where the wheel is missing
    ryml = None

# Characters that may start a construct where the two parsers could differ: tabs, CRs and
# BOMs (edge cases), NEL/LS/PS (line breaks to PyYAML, text to rapidyaml), tags, anchors,
# aliases, directives, document ends and complex keys.
_RISKY_CHARS = "\t\r\ufeff\x85\u2028\u2029!&*%?"
_RISKY = re.compile(
    r"[\t\r\ufeff\x85\u2028\u2029]"
    r"|(?:^|[\s\[{,])[!&*](?=\S)"
    r"|^%"
    r"|^\.\.\.(?:\s|$)"
    r"|^[ ]*(?:-[ ]+)*\?(?:\s|$)",
    re.MULTILINE,
)
_DOC_START = re.compile(r"^---(?:\s|$)", re.MULTILINE)
# A `:` that opens a token (`: x`, `{a: 1, : 2}`, `[x, :y]`): PyYAML refuses every such
# empty or colon-led key where rapidyaml reads a key ""; such documents go the exact way.
# (written as `:` then a look-behind so the regex engine scans for the literal `:`; the
# start of the text is tested apart: 25 times faster on a 10 MB file)
_COLON_TOKEN = re.compile(r":(?<=[\s\[{,]:)")
# rapidyaml writes plain `nan`, `inf`, `-inf` (strings to PyYAML) as `.nan`, `.inf`, `-.inf`:
# a JSON string of that form may not be what the source says, so such files go exact.
_NORMALISED_SPECIAL = re.compile(r'"[-+]?\.(?:nan|inf)"')
# rapidyaml decodes a `"\ud800"` escape to a lone surrogate (not UTF-8, so no string can
# hold it); libyaml refuses the escape and the exact path reports it.
_SURROGATE = re.compile("[\ud800-\udfff]|\\\\u[dD][89a-fA-F]")
_LEADING_TRIVIA = re.compile(r"\A(?:[ ]*(?:#[^\n]*)?\n)*")
# A `%YAML 1.x` directive before the `---` it needs, and one `...` with nothing but blank or
# comment lines after it, read the same in both parsers: they stay on the fast path.
_LEADING_DIRECTIVES = re.compile(
    r"\A(?:(?:[ ]*(?:#[^\n]*)?|%YAML[ ]+1\.[0-9]+[ ]*(?:#[^\n]*)?)\n)*(?=---(?:\s|$))"
)
_TRAILING_END = re.compile(r"\n\.\.\.[ ]*(?:#[^\n]*)?(?:\n[ ]*(?:#[^\n]*)?)*\n?\Z")


class _Decline(Exception):
    """The fast path cannot promise PyYAML's result for this document."""


class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.py_object),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    ]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]


def _address(view: Any) -> int:
    if len(view):  # the quick way needs a writable, non-empty buffer (the parse buffer is)
        try:
            return ctypes.addressof(ctypes.c_char.from_buffer(view))
        except (TypeError, ValueError):
            pass
    info = _PyBuffer()
    _get_buffer(view, ctypes.byref(info), 0)
    try:
        return int(info.buf or 0)
    finally:
        _release_buffer(ctypes.byref(info))


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints its errors on fd 2 before raising; keep our output clean."""
    fd = 2
    with suppress(AttributeError, OSError, ValueError):
        sys.stderr.flush()
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


def _int(text: str) -> int:
    if yaml_compat.implicit_tag(text) != yaml_compat.INT_TAG:
        raise _Decline(text)
    return int(text)


def _float(text: str) -> float:
    if yaml_compat.implicit_tag(text) != yaml_compat.FLOAT_TAG:
        raise _Decline(text)
    return float(text)


def _no_constants(text: str) -> Any:
    raise _Decline(text)


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Decline("duplicate key")
    return result


def _syntax_is_plain(text: str) -> bool:
    head = _LEADING_DIRECTIVES.match(text)
    if head is not None and "%" in head.group():
        text = text[head.end() :]
    end = _TRAILING_END.search(text) if "\n..." in text else None  # skip a 10 MB scan
    if end is not None:
        text = text[: end.start() + 1]
    risky = "\n..." in text or text.startswith("...") or any(c in text for c in _RISKY_CHARS)
    if risky and _RISKY.search(text):
        return False
    if text.startswith(":") or _COLON_TOKEN.search(text):
        return False
    if not text.endswith("\n") and ("|" in text or ">" in text):
        return False  # rapidyaml adds a line break to a block scalar the file ends in
    starts = _DOC_START.findall(text) if "---" in text else []
    if not starts:
        return True
    # a single leading `---` (after comments/blank lines only) is fine
    return len(starts) == 1 and text[_LEADING_TRIVIA.match(text).end() :].startswith("---")


def _emit_json(tree: Any, size: int) -> str:
    """The tree as JSON, written into a buffer of ours: `ryml.emit_json` returns a copy of
    a buffer it mallocs and never frees (rapidyaml 0.9-0.15), which leaked the JSON of every
    file loaded (33 kB a file, 330 MB over 10,000 files)."""
    buffer = bytearray(size * 2 + 1024)  # JSON of a YAML file: rarely twice its size
    failed, length = ryml.emit_json_to_substr(tree, tree.root_id(), buffer)
    if failed:  # too small: now the exact size is known
        buffer = bytearray(length)
        failed, length = ryml.emit_json_to_substr(tree, tree.root_id(), buffer)
    return buffer[:length].decode("utf-8", "surrogatepass")


@dataclass
class FastLoad:
    data: Any
    source_map: RymlSourceMap
    past_node_limit: Range | None = None  # set (and data None) when the tree is too big


def fast_load(raw: bytes, text: str, max_nodes: int | None = None) -> FastLoad | None:
    """Load `raw` (valid UTF-8, decoded as `text`) or return None to decline.

    A tree of more than `max_nodes` nodes is not converted: the result then has no data and
    `past_node_limit` locates the first node past the limit.
    """
    if ryml is None or not _syntax_is_plain(text):
        return None
    buffer = bytearray(raw)
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_place(buffer)
            if max_nodes is not None and tree.size() > max_nodes:
                source_map = RymlSourceMap(tree, buffer, raw)
                return FastLoad(None, source_map, source_map.node_start(max_nodes))
            emitted = _emit_json(tree, len(raw))
        data = json.loads(
            emitted,
            object_pairs_hook=_mapping,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_no_constants,
        )
    except (_Decline, ValueError, RecursionError, MemoryError):
        return None
    except Exception:  # ryml.ExceptionParse / ExceptionVisit and kin
        return None
    if (('.nan"' in emitted or '.inf"' in emitted) and _NORMALISED_SPECIAL.search(emitted)) or (
        ("\\u" in emitted or not emitted.isascii()) and _SURROGATE.search(emitted)
    ):
        return None
    if tree.is_stream(tree.root_id()):
        # an explicit `---` makes the root a stream, which rapidyaml emits as a list of
        # documents; `_syntax_is_plain` admits one document only
        if not isinstance(data, list) or len(data) != 1:
            return None
        data = data[0]
    folded = None
    for candidate in set(yaml_compat.CANDIDATE_JSON_STRING.findall(emitted)):
        if yaml_compat.plain_would_not_be_string(candidate):
            folded = text.casefold() if folded is None else folded
            if yaml_compat.unquoted_occurrence(folded, candidate):
                return None
    if _flow_spans_lines(raw) and ('\\n"' in emitted or _has_folded_key(data)):
        return None
    return FastLoad(data, RymlSourceMap(tree, buffer, raw))


# rapidyaml accepts an implicit key that spans lines inside a flow collection (`{a\n b: 1}`
# reads as {"a b": 1}); PyYAML and SnakeYAML refuse it, and the exact path reports it. Such a
# key folds into one holding a space or newline, in a flow collection that spans lines (an
# opening bracket left open at its line's end): such documents go the exact way. So do those
# with a string ending in a line break there: rapidyaml keeps one at the end of a plain
# scalar that spans lines in a flow collection (`[a // c\n]`), PyYAML does not.


def _flow_spans_lines(raw: bytes) -> bool:
    """Does a line open more brackets of a kind than it closes (quotes and comments aside:
    a false alarm only costs the key scan)?"""
    for opener, closer in ((b"{", b"}"), (b"[", b"]")):
        i = raw.find(opener)
        while i != -1:
            end = raw.find(b"\n", i)
            if end == -1:
                end = len(raw)
            if raw.count(opener, i, end) > raw.count(closer, i, end):
                return True
            i = raw.find(opener, end)
    return False


def _has_folded_key(data: Any) -> bool:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if " " in key or "\n" in key:
                    return True
                if isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
    return False


_NEAR = 256  # sequence items up to this index are found by rapidyaml directly


class RymlSourceMap:
    """Pointer → span, navigating rapidyaml's tree on demand."""

    def __init__(self, tree: Any, buffer: bytearray, raw: bytes) -> None:
        self._tree = tree
        self._buffer = buffer  # the tree's scalars point into this buffer
        self._base = _address(memoryview(buffer))
        self._raw = raw
        self._line_index: LineIndex | None = None
        self._nodes: dict[str, int | None] = {}
        self._child_lists: dict[int, list[int]] = {}
        self._offsets: dict[int, tuple[int | None, int | None]] = {}  # node -> value offsets
        root = tree.root_id()
        while tree.is_stream(root) or (tree.is_doc(root) and not tree.is_container(root)):
            root = tree.first_child(root)
            if root == ryml.NONE:
                root = tree.root_id()
                break
        self._root = root

    # -- navigation -------------------------------------------------------------------
    def _node(self, pointer: str) -> int | None:
        """The node at `pointer`, found by rapidyaml itself (a key looked up, an item
        indexed in C++: one call per token, never a Python walk of the siblings)."""
        nodes = self._nodes
        if pointer in nodes:
            return nodes[pointer]
        if pointer == "":
            return self._root
        cut = pointer.rfind("/")
        parent = self._node(pointer[:cut])
        token = pointer[cut + 1 :]
        if "~" in token:
            token = token.replace("~1", "/").replace("~0", "~")
        node = None
        tree = self._tree
        if parent is None:
            node = None
        elif tree.is_map(parent):
            found = tree.find_child(parent, token.encode("utf-8"))
            node = None if found == ryml.NONE else found
        elif tree.is_seq(parent) and token.isdigit():
            index = int(token)
            if index < _NEAR:  # rapidyaml walks the siblings in C++: cheap this near
                found = tree.child(parent, index)
                node = None if found == ryml.NONE else found
            else:  # far into a long sequence: list its items once
                items = self._items(parent)
                node = items[index] if index < len(items) else None
        nodes[pointer] = node
        return node

    def _items(self, node: int) -> list[int]:
        """Child ids of a sequence, listed once per sequence (indexing far into a long one
        walks its siblings each time: per finding, that would be quadratic)."""
        cached = self._child_lists.get(node)
        if cached is None:
            tree = self._tree
            cached = []
            child = tree.first_child(node)
            while child != ryml.NONE:
                cached.append(child)
                child = tree.next_sibling(child)
            self._child_lists[node] = cached
        return cached

    def span(self, pointer: str) -> Span | None:
        node = self._node(pointer)
        if node is None:
            return None
        key = self._key_range(node)
        value = self._value_range(node)
        return Span(key, value if value is not None else key or self._range(0, 0))

    def find(self, pointer: str, on_key: bool) -> Range | None:
        """The range `locate` wants, computing only that end: the key's (when asked for and
        present) or the value's; None when no node is at `pointer`."""
        node = self._node(pointer)
        if node is None:
            return None
        if on_key:
            key = self._key_range(node)
            if key is not None:
                return key
        value = self._value_range(node)
        if value is not None:
            return value
        return self._key_range(node) or self._range(0, 0)

    def _key_range(self, node: int) -> Range | None:
        tree = self._tree
        if not tree.has_key(node):
            return None
        return self._range(*self._scalar_span(tree.key(node), tree.is_key_quoted(node)))

    def _value_range(self, node: int) -> Range | None:
        start, end = self._value_offsets(node)
        if start is None:
            return None
        return self._range(start, start if end is None else end)

    # -- offsets ----------------------------------------------------------------------
    @property
    def _lines(self) -> LineIndex:
        if self._line_index is None:
            self._line_index = LineIndex(self._raw)
        return self._line_index

    def _range(self, start: int, end: int) -> Range:
        return Range(self._lines.position(start), self._lines.position(end))

    def _scalar_span(self, view: Any, quoted: bool) -> tuple[int, int]:
        address = _address(view)
        start = address - self._base
        if not address or not 0 <= start <= len(self._raw):
            return (0, 0)
        raw = self._raw
        if quoted and start > 0 and raw[start - 1 : start] in (b"'", b'"'):
            quote = raw[start - 1 : start]
            end = start
            while True:
                end = raw.find(quote, end)
                if end == -1:
                    end = self._lines.line_end(start)
                    break
                if quote == b'"' and raw[end - 1 : end] == b"\\":
                    end += 1
                    continue
                if quote == b"'" and raw[end + 1 : end + 2] == b"'":
                    end += 2
                    continue
                end += 1
                break
            return (start - 1, end)
        end = start + len(view)
        if raw[start:end] != bytes(view):  # folded or filtered: stop at the line's end
            end = min(end, self._lines.line_end(start))
        return (start, end)

    def _value_offsets(self, node: int) -> tuple[int | None, int | None]:
        cached = self._offsets.get(node)
        if cached is None:
            cached = self._offsets[node] = self._compute_offsets(node)
        return cached

    def _compute_offsets(self, node: int) -> tuple[int | None, int | None]:
        tree = self._tree
        if tree.is_container(node):
            first = tree.first_child(node)
            if first == ryml.NONE:
                return self._empty_container(node)
            last = tree.last_child(node)
            start = self._first_offset(first)
            end = self._value_offsets(last)[1]
            if end is None:  # e.g. a last item that is an empty `[]` without a key
                end = start
            if start is not None and tree.is_seq(node) and not tree.is_flow(node):
                start = self._dash_before(start)
            return (start, end)
        view = tree.val(node) if tree.has_val(node) else None
        if view is None or (len(view) == 0 and tree.val_is_null(node)):
            return (None, None)
        return self._scalar_span(view, tree.is_val_quoted(node))

    def _dash_before(self, offset: int) -> int:
        """Back up from a block sequence's first item to its `-` indicator."""
        i = offset - 1
        raw = self._raw
        while i >= 0 and raw[i : i + 1] in (b" ", b"\n"):
            i -= 1
        return i if i >= 0 and raw[i : i + 1] == b"-" else offset

    def node_start(self, node: int) -> Range:
        """Where node `node` (an id in document order) starts: its key, else its value."""
        start = self._first_offset(node) or 0
        return self._range(start, start)

    def _first_offset(self, node: int) -> int | None:
        tree = self._tree
        if tree.has_key(node):
            return self._scalar_span(tree.key(node), tree.is_key_quoted(node))[0]
        return self._value_offsets(node)[0]

    def _empty_container(self, node: int) -> tuple[int | None, int | None]:
        tree = self._tree
        if not tree.has_key(node):
            return (None, None)
        key_end = self._scalar_span(tree.key(node), tree.is_key_quoted(node))[1]
        bracket = re.compile(rb"[\[{]").search(self._raw, key_end)
        if bracket is None:
            return (None, None)
        return (bracket.start(), bracket.start() + 2)
