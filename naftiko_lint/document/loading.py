"""Read a file into a Document: data, pointer → range, and what its reading found.

It knows YAML (and JSON), not Naftiko: the top-level Naftiko checks are in spec/toplevel."""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import FILE_START, Finding, Position, Range
from naftiko_lint.document import json_comments
from naftiko_lint.document.lines import LineIndex, editor_lines
from naftiko_lint.document.sourcemap import SourceMap, locate

MAX_FILE_BYTES = 32 * 1024 * 1024
# Values, mappings and sequences (keys not counted) a document may hold: memory grows with
# the node count (~500 bytes a node through parsing, data and rules), and this keeps the worst
# accepted file within 300 MB. A realistic 10 MB capability holds ~490,000.
MAX_NODES = 500_000
# The exact loader (PyYAML: anchors, tags, tabs, CR line ends, several documents…) holds
# ~1.2 kB a node: it reads up to this many, more than a file at the engine's own 3 MiB limit
# holds (~155,000), within 300 MB.
EXACT_MAX_NODES = 160_000
FREEZE_BYTES = 1_000_000
# Capability.java reads with `new ObjectMapper(new YAMLFactory())`: Jackson's YAML parser runs
# SnakeYAML with its default LoaderOptions, whose codePointLimit refuses longer documents
# ("The incoming YAML document exceeds the limit: 3145728 code points").
ENGINE_CODE_POINT_LIMIT = 3 * 1024 * 1024


@dataclass
class Document:
    """One loaded file. `data` is None when the file could not be read as a document."""

    path: str
    raw: bytes
    text: str = ""
    data: Any = None
    source_map: SourceMap | None = None
    problems: list[Finding] = field(default_factory=list)  # what reading it found
    loaded_fast: bool = False
    parsed: bool = False  # read as YAML: `data` is what the file holds (None when empty)

    @property
    def usable(self) -> bool:
        """True when the content is a mapping the later stages may check."""
        return isinstance(self.data, dict)

    @cached_property
    def lines(self) -> list[str]:
        return editor_lines(self.text)

    def range_of(self, pointer: str, *, on_key: bool = False) -> Range:
        return locate(self.source_map, pointer, on_key=on_key)

    def substring_range(self, pointer: str, start: int, end: int) -> Range:
        """The range of characters [start, end) of the string at `pointer`, when the
        scalar stands on one line (else the whole value)."""
        whole = self.range_of(pointer)
        if whole.start.line != whole.end.line:
            return whole
        lines = self.lines
        if not 0 < whole.start.line <= len(lines):
            return whole
        line = lines[whole.start.line - 1]
        first = whole.start.column - 1
        shift = 1 if line[first : first + 1] in ("'", '"') else 0
        column = whole.start.column + shift
        value = _value_at(self.data, pointer)
        if (
            not isinstance(value, str)
            or line[column - 1 + start : column - 1 + end] != value[start:end]
        ):
            return whole  # escapes, or a duplicate key's other value: not the text there
        return Range(
            Position(whole.start.line, column + start), Position(whole.start.line, column + end)
        )


def _value_at(data: Any, pointer: str) -> Any:
    found = jp.walk(data, jp.split(pointer))
    return None if found is None else found[1]


# Byte-order marks and, without one, the NUL patterns YAML 1.2 (§5.2) uses to detect
# UTF-16/32 from a first character that is ASCII. Longest first: UTF-32 LE starts like UTF-16 LE.
_UTF_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 little-endian"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 big-endian"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 little-endian"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 big-endian"),
)
_UTF_NUL_PATTERNS = (
    (re.compile(rb"\A\x00\x00\x00[^\x00]"), "utf-32-be", "UTF-32 big-endian"),
    (re.compile(rb"\A[^\x00]\x00\x00\x00"), "utf-32-le", "UTF-32 little-endian"),
    (re.compile(rb"\A\x00[^\x00]"), "utf-16-be", "UTF-16 big-endian"),
    (re.compile(rb"\A[^\x00]\x00"), "utf-16-le", "UTF-16 little-endian"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-16 little-endian, with a byte-order mark' and the like, when the whole file
    decodes in that encoding; None otherwise."""
    found = next(
        ((codec, name, True) for bom, codec, name in _UTF_BOMS if raw.startswith(bom)), None
    )
    if found is None:
        found = next(
            (
                (codec, name, False)
                for pattern, codec, name in _UTF_NUL_PATTERNS
                if pattern.match(raw)
            ),
            None,
        )
    if found is None:
        return None
    codec, name, bom = found
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return None
    return f"{name}, {'with' if bom else 'without'} a byte-order mark"


def _encoding_problem(raw: bytes) -> Finding | None:
    wide = _wide_encoding(raw)
    if wide is not None:
        # Capability.java reads with Jackson's YAMLFactory, which decodes a file as UTF-8
        return Finding.at(
            "yaml-encoding",
            f"The file is {wide}; the Naftiko engine reads "
            "capability files as UTF-8: save it as UTF-8",
            FILE_START,
        )
    # positions count from after a UTF-8 byte-order mark, which editors do not show
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    nul = raw.find(b"\x00")
    if nul != -1:
        pos = LineIndex(raw[bom:]).position(nul - bom)
        return Finding.at(
            "yaml-encoding",
            "The file holds binary data (a NUL byte), not YAML text",
            Range(pos, pos),
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        pos = LineIndex(raw[bom : error.start]).position(error.start - bom)
        return Finding.at(
            "yaml-encoding",
            f"Invalid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); save the "
            "file as UTF-8",
            Range(pos, Position(pos.line, pos.column + 1)),
        )
    return None


def too_large_problem(size: int | None, max_bytes: int) -> Finding:
    """`file-too-large`; `size` is None when unknown (standard input is read only up to the
    limit)."""
    what = f"File is {size} bytes, over" if size is not None else "Input is over"
    return Finding.at(
        "file-too-large",
        f"{what} the {max_bytes}-byte limit; capability files "
        "are far smaller (raise the limit with --max-file-size)",
        FILE_START,
    )


def _node_bound(raw: bytes) -> int:
    """An upper bound of the nodes in `raw`: every node but a document's root follows one
    of these indicators (a block item's '-', a value's ':', a flow item's '[', '{' or ',', a
    complex key's '?')."""
    return 1 + sum(raw.count(c) for c in (b":", b",", b"[", b"{", b"-", b"?"))


def _too_many_nodes_problem(where: Range, limit: int = MAX_NODES) -> Finding:
    why = (
        ""
        if limit == MAX_NODES
        else (
            ", the limit for a file that needs the exact YAML reader (anchors, tags, tabs, CR "
            "line ends or several documents)"
        )
    )
    return Finding.at(
        "yaml-too-many-nodes",
        f"The document holds more than {limit:,} YAML "
        f"nodes (values, mappings and sequences){why}; this file was not checked "
        "further (a capability never needs this many: split it, shared consumes "
        "files can be imported)",
        where,
    )


def _code_point_problem(text: str) -> Finding:
    """At the first character past the engine's limit."""
    index = ENGINE_CODE_POINT_LIMIT
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Finding.at(
        "engine-code-point-limit",
        f"The file is {len(text):,} characters long; the Naftiko engine's YAML reader refuses "
        f"documents over {ENGINE_CODE_POINT_LIMIT:,} code points and would not load it: split "
        "it (shared consumes files can be imported)",
        Range(Position(line, column), Position(line, column)),
    )


def parse_document(path: str, raw: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Parse bytes into a Document; never raises for bad input. It reads YAML only: the
    Naftiko top-level checks are `spec.toplevel.check`."""
    # the parsers are imported on the first document (not by a run answered from the cache)
    from naftiko_lint.document.exact import exact_load, past_node_limit
    from naftiko_lint.document.fast import fast_load

    doc = Document(path=path, raw=raw)
    if len(raw) > max_bytes:
        doc.problems.append(too_large_problem(len(raw), max_bytes))
        return doc
    problem = _encoding_problem(raw)
    if problem is not None:
        doc.problems.append(problem)
        return doc
    doc.text = raw.decode("utf-8")
    if doc.text.startswith("\ufeff"):
        doc.text = doc.text[1:]
        raw = doc.text.encode("utf-8")
        doc.raw = raw
    if len(doc.text) > ENGINE_CODE_POINT_LIMIT:
        doc.problems.append(_code_point_problem(doc.text))
    if "/" in doc.text:
        comment = json_comments.first_comment(doc.text)
        if comment is not None:
            doc.problems.append(
                Finding.at(
                    "json-comment",
                    "JSON has no comments, and the engine reads JSON as YAML, "
                    "where '//' and '/*' are no comments either: this one becomes part of a key "
                    "or value (or breaks the parse); remove it, or write the file as YAML with "
                    "'#' comments",
                    comment,
                )
            )
    past_limit = None
    if _node_bound(raw) > 2 * MAX_NODES:
        # rapidyaml's tree takes ~150 bytes a node before it can be counted: a file that may
        # hold far more nodes than the limit is counted on parser events first
        past_limit = past_node_limit(doc.text, MAX_NODES)
        if past_limit is not None:
            doc.problems.append(_too_many_nodes_problem(past_limit))
            return doc
    fast = fast_load(raw, doc.text, MAX_NODES)
    past_limit = fast.past_node_limit if fast is not None else None
    if past_limit is None and fast is None and len(doc.text) > EXACT_MAX_NODES:
        # every node takes at least one character: only a longer text can hold too many
        past_limit = past_node_limit(doc.text, EXACT_MAX_NODES)
        if past_limit is not None:
            doc.problems.append(_too_many_nodes_problem(past_limit, EXACT_MAX_NODES))
            return doc
    if past_limit is not None:
        doc.problems.append(_too_many_nodes_problem(past_limit))
        return doc
    if fast is not None:
        doc.data, doc.source_map, doc.loaded_fast = fast.data, fast.source_map, True
    else:
        exact = exact_load(doc.text)
        doc.problems.extend(exact.problems)
        doc.source_map = exact.source_map
        if not exact.usable:
            return doc
        doc.data = exact.data
    doc.parsed = True
    if len(raw) > FREEZE_BYTES:
        # the loaded data is millions of objects without cycles: keep the cyclic garbage
        # collector from walking them again and again while the rules allocate (reference
        # counting still frees them with the document)
        gc.freeze()
    return doc
