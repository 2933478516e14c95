"""Exact path: PyYAML's safe loader (C-accelerated where available) with node marks.

Used when the fast path declines, and always for documents with problems: it names the
exact position of syntax errors, duplicate keys, unsafe tags, alias bombs and extra
documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import DocumentStartEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Position, Range
from naftiko_lint.problems import Problem
from naftiko_lint.sourcemap import Span

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in (
        "null", "bool", "int", "float", "binary", "timestamp", "omap", "pairs",
        "set", "str", "seq", "map", "merge", "value",
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
    problems: list[Problem] = field(default_factory=list)
    usable: bool = False  # data may be linted further


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def node_range(node: Node) -> Range:
    return Range(_position(node.start_mark), _position(node.end_mark))


def _error_range(error: yaml.MarkedYAMLError) -> Range:
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Range.point(1, 1)
    return Range.point(mark.line + 1, mark.column + 1)


def _same_place(a: Any, b: Any) -> bool:
    return b is not None and (a.line, a.column) == (b.line, b.column)


def _error_message(error: yaml.YAMLError) -> str:
    if not isinstance(error, yaml.MarkedYAMLError):
        text = str(error)
    elif error.problem:
        text = error.problem
        if error.context:
            where = ""
            mark = error.context_mark
            if mark is not None and not _same_place(mark, error.problem_mark):
                where = f" started at line {mark.line + 1}, column {mark.column + 1}"
            text += f" ({error.context}{where})"
    else:
        text = error.context or str(error)
    return text[:1].upper() + text[1:]


def _syntax_problem(error: yaml.YAMLError) -> Problem:
    message = _error_message(error)
    rule = "yaml-too-deep" if "maximum nesting depth" in message else "yaml-syntax"
    if isinstance(error, yaml.MarkedYAMLError):
        return Problem(rule, message, _error_range(error))
    return Problem(rule, message, Range.point(1, 1))


class NodeSourceMap:
    """Pointer → span from PyYAML node marks, built in one walk."""

    def __init__(self) -> None:
        self.spans: dict[str, tuple[Node | None, Node]] = {}

    def span(self, pointer: str) -> Span | None:
        entry = self.spans.get(pointer)
        if entry is None:
            return None
        key, value = entry
        return Span(node_range(key) if key is not None else None, node_range(value))


class _Walker:
    """Walk the composed graph: index spans, find duplicates, bad tags and bombs."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.source_map = NodeSourceMap()
        self.problems: list[Problem] = []
        self.fatal = False

    def _key_text(self, node: Node) -> tuple[Any, str] | None:
        if not isinstance(node, ScalarNode):
            return None
        if node.tag == STR_TAG:
            return node.value, node.value
        try:
            value = self.loader.construct_object(node)
        except yaml.YAMLError:
            return None
        try:
            hash(value)
        except TypeError:
            return None
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
                self._fail("yaml-too-deep", f"Nesting deeper than {MAX_DEPTH} levels",
                           node, pointer)
                return
            self.source_map.spans.setdefault(pointer, (key_node, node))
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
            tag_text = "!!" + tag[len("tag:yaml.org,2002:"):]
            self._fail("yaml-unsafe-tag", f"Tag {tag_text} would construct a Python object; "
                       "naftiko-lint loads YAML safely and refuses it", node, pointer)
        else:
            self._fail("yaml-unknown-tag", f"Unknown tag {tag!r}; Naftiko documents use "
                       "plain YAML without custom tags", node, pointer)
        return False

    def _mapping_children(self, node: MappingNode, pointer: str, depth: int) -> list:
        seen: dict[Any, Node] = {}
        explicit = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                continue
            identity = self._key_text(key_node)
            if identity is None:
                explicit.append((key_node, value_node, None))
                continue
            value, _ = identity
            first = seen.get(value)
            if first is not None:
                self.problems.append(Problem(
                    "yaml-duplicate-key",
                    f"Duplicate key {key_node.value!r} (first defined on line "
                    f"{first.start_mark.line + 1}); YAML loaders keep only the last value",
                    node_range(key_node),
                    jp.child(pointer, identity[1]),
                ))
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

    def _fail_alias_bomb(self, pointer: str, visited: int) -> None:
        """Point at the top-level entry whose value the aliases blow up."""
        top = jp.join(jp.split(pointer)[:1])
        key_node, value_node = self.source_map.spans.get(top, (None, None))
        where = key_node or value_node
        self.problems.append(Problem(
            "yaml-alias-limit",
            f"Aliases expand this value beyond {visited - 1} nodes; refusing a possible "
            "alias bomb (a capability never needs this)",
            node_range(where) if where is not None else Range.point(1, 1),
            top,
        ))
        self.fatal = True

    def _fail(self, rule: str, message: str, node: Node, pointer: str) -> None:
        self.problems.append(Problem(rule, message, node_range(node), pointer))
        self.fatal = True

    def _fail_error(self, error: yaml.YAMLError) -> None:
        self.problems.append(_syntax_problem(error))
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
                    result.problems.append(Problem(
                        "yaml-multiple-documents",
                        "A second YAML document starts here; a Naftiko file holds exactly "
                        "one document (only the first is checked)",
                        Range.point(event.start_mark.line + 1, event.start_mark.column + 1),
                    ))
        except yaml.YAMLError as error:
            result.problems.append(_syntax_problem(error))
            return result
        except RecursionError:
            result.problems.append(Problem("yaml-too-deep", "Nesting is too deep to parse",
                                           Range.point(1, 1)))
            return result
        if root is None:
            result.usable = True
            return result
        walker = _Walker(loader)
        walker.walk(root)
        result.problems.extend(walker.problems)
        result.source_map = walker.source_map
        if walker.fatal:
            return result
        try:
            result.data = loader.construct_document(root)
        except yaml.MarkedYAMLError as error:
            result.problems.append(_syntax_problem(error))
            return result
        except (yaml.YAMLError, TypeError, ValueError) as error:
            result.problems.append(Problem("yaml-syntax", f"Cannot construct value: {error}",
                                           node_range(root)))
            return result
        result.usable = True
        return result
    finally:
        loader.dispose()
