"""Exact path: PyYAML's safe loader (C-accelerated where available) with node marks.

Used when the fast path declines, and always for documents with problems: it names the
exact position of syntax errors, duplicate keys, unsafe tags, alias bombs and extra
documents.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Finding, Position, Range
from naftiko_lint.document.sourcemap import Span

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader that never fails on valid YAML the walker has judged: a key
    that is a sequence or mapping (reported as yaml-complex-key) is left out, and an integer
    too long for Python's int conversion limit reads as an infinite float."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)
        mapping: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                continue
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: Any) -> int | float:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than sys.get_int_max_str_digits()
            digits = str(node.value).lstrip("+-").replace("_", "")
            if not (digits.isdigit() and len(digits) > sys.get_int_max_str_digits()):
                raise  # a wrong `!!int x`: reported as it always was
            return float("-inf") if str(node.value).startswith("-") else float("inf")


SafeLoader.add_constructor("tag:yaml.org,2002:int", SafeLoader.construct_yaml_int)

# What PyYAML's constructors raise on a bad tagged scalar: `!!int x` a ValueError, `!!bool x`
# a KeyError, `!!set [a]` a TypeError.
_CONSTRUCT_ERRORS = (
    yaml.YAMLError,
    TypeError,
    ValueError,
    KeyError,
    AttributeError,
    IndexError,
    OverflowError,
)
MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in (
        "null",
        "bool",
        "int",
        "float",
        "binary",
        "timestamp",
        "omap",
        "pairs",
        "set",
        "str",
        "seq",
        "map",
        "merge",
        "value",
    )
)
UNSAFE_TAG_PREFIX = "tag:yaml.org,2002:python/"
MAX_DEPTH = 512
MIN_ALIAS_BUDGET = 10_000
ALIAS_EXPANSION_FACTOR = 20


@dataclass
class ExactLoad:
    data: Any = None
    source_map: NodeSourceMap | None = None
    problems: list[Finding] = field(default_factory=list)
    usable: bool = False  # data may be linted further


_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")


class EditorLines:
    """PyYAML counts NEL, LS and PS as line breaks (YAML 1.1); editors and the LSP count only
    CR, LF and CRLF; libyaml also moves the end of a text without a final line break to a
    line of its own. Marks carry a character index, from which editor positions follow."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts: list[int] | None = None
        if text and (not text.endswith(("\n", "\r")) or any(c in text for c in _YAML_ONLY_BREAKS)):
            self._starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]

    def position(self, mark: Any) -> Position:
        if self._starts is None:
            return Position(mark.line + 1, mark.column + 1)
        line = bisect_right(self._starts, mark.index) - 1
        return Position(line + 1, mark.index - self._starts[line] + 1)


_PLAIN_LINES = EditorLines("")


def node_range(node: Node, lines: EditorLines = _PLAIN_LINES) -> Range:
    return Range(lines.position(node.start_mark), lines.position(node.end_mark))


def _error_range(error: yaml.MarkedYAMLError, lines: EditorLines = _PLAIN_LINES) -> Range:
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Range.point(1, 1)
    position = lines.position(mark)
    return Range(position, position)


def _same_place(a: Any, b: Any) -> bool:
    return b is not None and (a.line, a.column) == (b.line, b.column)


def _error_message(error: yaml.YAMLError, lines: EditorLines = _PLAIN_LINES) -> str:
    if not isinstance(error, yaml.MarkedYAMLError):
        text = str(error)
    elif error.problem:
        text = error.problem
        if error.context:
            where = ""
            mark = error.context_mark
            if mark is not None and not _same_place(mark, error.problem_mark):
                start = lines.position(mark)
                where = f" started at line {start.line}, column {start.column}"
            text += f" ({error.context}{where})"
    else:
        text = error.context or str(error)
    return text[:1].upper() + text[1:]


_TAB_MESSAGE = (
    "A tab character where YAML expects indentation or a token: YAML forbids "
    "tabs for indentation, and the engine's YAML reader (SnakeYAML) refuses them "
    "too; indent with spaces"
)


def _char_at(text: str, line: int, column: int) -> str:
    lines = _EDITOR_BREAK.split(text)
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _syntax_problem(error: yaml.YAMLError, text: str = "") -> Finding:
    lines = EditorLines(text)
    message = _error_message(error, lines)
    rule = "yaml-too-deep" if "maximum nesting depth" in message else "yaml-syntax"
    if rule == "yaml-too-deep":  # libyaml ≥ 0.2.5 stops at its own depth, past ours
        message = (
            f"Nesting deeper than {MAX_DEPTH} levels (the YAML parser stopped at its "
            "own limit); a capability never needs this"
        )
    if not isinstance(error, yaml.MarkedYAMLError):
        return Finding.at(rule, message, Range.point(1, 1))
    where = _error_range(error, lines)
    if rule == "yaml-syntax" and _char_at(text, where.start.line, where.start.column) == "\t":
        return Finding.at(rule, _TAB_MESSAGE, where)
    return Finding.at(rule, message, where)


class NodeSourceMap:
    """Pointer → span from PyYAML node marks, built in one walk."""

    def __init__(self, lines: EditorLines = _PLAIN_LINES) -> None:
        self.spans: dict[str, tuple[Node | None, Node]] = {}
        self.lines = lines

    def span(self, pointer: str) -> Span | None:
        entry = self.spans.get(pointer)
        if entry is None:
            return None
        key, value = entry
        lines = self.lines
        return Span(node_range(key, lines) if key is not None else None, node_range(value, lines))


class _Walker:
    """Walk the composed graph: index spans, find duplicates, bad tags and bombs."""

    def __init__(self, loader: Any, text: str = "") -> None:
        self.loader = loader
        self.text = text
        self.lines = EditorLines(text)
        self.source_map = NodeSourceMap(self.lines)
        self.problems: list[Finding] = []
        self.fatal = False

    def _key_text(self, node: Node) -> tuple[Any, str] | None:
        if not isinstance(node, ScalarNode):
            return None
        if node.tag == STR_TAG:
            return node.value, node.value
        try:
            value = self.loader.construct_object(node)
        except _CONSTRUCT_ERRORS:
            self.loader.recursive_objects.pop(node, None)  # else "recursive node" later
            return None
        try:
            hash(value)
        except TypeError:
            return None
        if value is None:
            return value, "null"
        return value, str(value) if not isinstance(value, bool) else str(value).lower()

    def walk(self, root: Node) -> None:
        unique: set[int] = set()
        visited = 0
        stack: list[tuple[Node, Node | None, str, int]] = [(root, None, "", 0)]
        while stack:
            node, key_node, pointer, depth = stack.pop()
            visited += 1
            unique.add(id(node))
            if visited > max(MIN_ALIAS_BUDGET, ALIAS_EXPANSION_FACTOR * len(unique)):
                self._fail_alias_bomb(pointer, visited)
                return
            if depth > MAX_DEPTH:
                self._fail(
                    "yaml-too-deep", f"Nesting deeper than {MAX_DEPTH} levels", node, pointer
                )
                return
            self.source_map.spans[pointer] = (key_node, node)  # a repeated key: the kept one
            if not self._tag_ok(node, pointer):
                continue
            if isinstance(node, MappingNode):
                stack.extend(reversed(self._mapping_children(node, pointer, depth)))
            elif isinstance(node, SequenceNode):
                stack.extend(
                    (item, None, jp.child(pointer, i), depth + 1)
                    for i, item in reversed(list(enumerate(node.value)))
                )

    def _tag_ok(self, node: Node, pointer: str) -> bool:
        tag = node.tag or ""
        if tag in SAFE_TAGS:
            return True
        if tag.startswith(UNSAFE_TAG_PREFIX):
            tag_text = "!!" + tag[len("tag:yaml.org,2002:") :]
            self._fail(
                "yaml-unsafe-tag",
                f"Tag {tag_text} would construct a Python object; "
                "naftiko-lint loads YAML safely and refuses it",
                node,
                pointer,
            )
        else:
            self._fail(
                "yaml-unknown-tag",
                f"Unknown tag {tag!r}; Naftiko documents use plain YAML without custom tags",
                node,
                pointer,
            )
        return False

    def _mapping_children(self, node: MappingNode, pointer: str, depth: int) -> list:
        seen: dict[Any, Node] = {}
        explicit = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                continue
            if self._key_spans_lines(key_node):
                return []
            if not self._tag_ok(key_node, pointer):  # `? !!python/name:os.system`
                continue
            identity = self._key_text(key_node)
            if identity is None:
                if not isinstance(key_node, ScalarNode):
                    kind = "sequence" if isinstance(key_node, SequenceNode) else "mapping"
                    self.problems.append(
                        Finding.at(
                            "yaml-complex-key",
                            f"A {kind} is used as a mapping key; the engine's YAML reader "
                            "(Jackson) accepts only scalar keys and refuses the file: use a "
                            "plain string key (the entry is left out of the other checks)",
                            node_range(key_node, self.lines),
                            pointer,
                        )
                    )
                explicit.append((key_node, value_node, None))
                continue
            # The engine's Jackson parser names a field by the key's scalar text: `~` and
            # `null`, or `no` and `false`, are two fields there, and `'1'` and `1` one.
            value = key_node.value
            first = seen.get(value)
            if first is not None:
                line = self.lines.position(first.start_mark).line
                self.problems.append(
                    Finding.at(
                        "yaml-duplicate-key",
                        f"Duplicate key {key_node.value!r} (first defined on line {line}); YAML "
                        "loaders keep only the last value",
                        node_range(key_node, self.lines),
                        jp.child(pointer, identity[1]),
                    )
                )
            else:
                seen[value] = key_node
            explicit.append((key_node, value_node, identity[1]))
        if any(k.tag == MERGE_TAG for k, _ in node.value):
            try:
                self.loader.flatten_mapping(node)
            except yaml.YAMLError as error:
                self._fail_error(error)
                return []
            explicit = []
            for key_node, value_node in node.value:
                identity = self._key_text(key_node)
                explicit.append((key_node, value_node, identity[1] if identity else None))
        children = []
        for key_node, value_node, token in explicit:
            if token is None:
                continue
            children.append((value_node, key_node, jp.child(pointer, token), depth + 1))
        return children

    def _key_spans_lines(self, key_node: Node) -> bool:
        """libyaml accepts an implicit key that spans lines in a flow mapping; YAML does not
        (an implicit key is on one line), nor do PyYAML and the engine's SnakeYAML."""
        if (
            not isinstance(key_node, ScalarNode)
            or key_node.start_mark.line == key_node.end_mark.line
        ):
            return False
        before = self.text[: key_node.start_mark.index].rstrip(" \t\r\n")
        if before.endswith("?"):  # an explicit key may span lines
            return False
        start = self.lines.position(key_node.start_mark)
        end = self.lines.position(key_node.end_mark)
        self.problems.append(
            Finding.at(
                "yaml-syntax",
                f"This key spans lines {start.line}-{end.line}, but a mapping key without '?' "
                "must stand on one line (YAML; the engine's SnakeYAML refuses it): join the "
                "lines, or end the entry before them with ','",
                Range(start, end),
            )
        )
        self.fatal = True
        return True

    def _fail_alias_bomb(self, pointer: str, visited: int) -> None:
        """Point at the top-level entry whose value the aliases blow up."""
        top = jp.join(jp.split(pointer)[:1])
        key_node, value_node = self.source_map.spans.get(top, (None, None))
        where = key_node or value_node
        self.problems.append(
            Finding.at(
                "yaml-alias-limit",
                f"Aliases expand this value beyond {visited - 1} nodes; refusing a possible "
                "alias bomb (a capability never needs this)",
                node_range(where, self.lines) if where is not None else Range.point(1, 1),
                top,
            )
        )
        self.fatal = True

    def _fail(self, rule: str, message: str, node: Node, pointer: str) -> None:
        self.problems.append(Finding.at(rule, message, node_range(node, self.lines), pointer))
        self.fatal = True

    def _fail_error(self, error: yaml.YAMLError) -> None:
        self.problems.append(_syntax_problem(error, self.text))
        self.fatal = True


def exact_load(text: str) -> ExactLoad:
    """Compose, check and construct the first document of `text`."""
    result = ExactLoad()
    loader = SafeLoader(text)
    try:
        try:
            root = loader.get_node() if loader.check_node() else None
            if root is not None and not loader.check_event(StreamEndEvent):
                event = loader.peek_event()
                if isinstance(event, DocumentStartEvent):
                    result.problems.append(
                        Finding.at(
                            "yaml-multiple-documents",
                            "A second YAML document starts here; a Naftiko file holds exactly "
                            "one document (only the first is checked)",
                            Range.point(event.start_mark.line + 1, event.start_mark.column + 1),
                        )
                    )
        except yaml.YAMLError as error:
            result.problems.append(_syntax_problem(error, text))
            return result
        except RecursionError:
            result.problems.append(
                Finding.at("yaml-too-deep", "Nesting is too deep to parse", Range.point(1, 1))
            )
            return result
        if root is None:
            result.usable = True
            return result
        walker = _Walker(loader, text)
        walker.walk(root)
        result.problems.extend(walker.problems)
        result.source_map = walker.source_map
        if walker.fatal:
            return result
        try:
            result.data = loader.construct_document(root)
        except yaml.MarkedYAMLError as error:
            result.problems.append(_syntax_problem(error, text))
            return result
        except _CONSTRUCT_ERRORS as error:
            result.problems.append(
                Finding.at(
                    "yaml-syntax",
                    f"Cannot construct value: {error}",
                    node_range(root, walker.lines),
                )
            )
            return result
        result.usable = True
        return result
    finally:
        loader.dispose()


def past_node_limit(text: str, max_nodes: int) -> Range | None:
    """Where the first document's node number `max_nodes + 1` starts, or None when it has
    no more nodes than that (or breaks first: the exact load reports it).

    Counted on parser events, before anything is composed, so the count itself is bounded:
    values, mappings and sequences count (mapping keys do not, as in rapidyaml's tree).
    """
    loader = SafeLoader(text)
    # per open collection: None for a sequence, else whether the mapping's next node is a key
    expect_key: list[bool | None] = []
    count = 0
    key_mark = None
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind in (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent):
                in_mapping = bool(expect_key) and expect_key[-1] is not None
                is_key = in_mapping and bool(expect_key[-1])
                if in_mapping:
                    expect_key[-1] = not is_key
                if is_key:
                    key_mark = event.start_mark
                else:
                    count += 1
                    if count > max_nodes:  # a mapping's value is located at its key
                        mark = key_mark if in_mapping else event.start_mark
                        position = EditorLines(text).position(mark)
                        return Range(position, position)
                if kind is MappingStartEvent:
                    expect_key.append(True)
                elif kind is SequenceStartEvent:
                    expect_key.append(None)
            elif issubclass(kind, CollectionEndEvent):
                expect_key.pop()
            elif kind in (DocumentEndEvent, StreamEndEvent):
                return None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
