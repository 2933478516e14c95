"""Read a file into a Document: data, declared version, pointer → range, input problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from naftiko_lint import versions
from naftiko_lint.diagnostics import FILE_START, Position, Range
from naftiko_lint.loader_exact import exact_load
from naftiko_lint.loader_fast import fast_load
from naftiko_lint.problems import Problem
from naftiko_lint.sourcemap import SourceMap, locate
from naftiko_lint.textpos import LineIndex

MAX_FILE_BYTES = 32 * 1024 * 1024
VERSION_KEY = "naftiko"


@dataclass
class Document:
    """One loaded file. `data` is None when the file could not be read as a document."""

    path: str
    raw: bytes
    text: str = ""
    data: Any = None
    source_map: SourceMap | None = None
    declared_version: Any = None
    spec_version: str | None = None
    problems: list[Problem] = field(default_factory=list)
    loaded_fast: bool = False

    @property
    def usable(self) -> bool:
        """True when the content is a mapping the later stages may check."""
        return isinstance(self.data, dict)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

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
        shift = 1 if line[first:first + 1] in ("'", '"') else 0
        column = whole.start.column + shift
        return Range(Position(whole.start.line, column + start),
                     Position(whole.start.line, column + end))


def _encoding_problem(raw: bytes) -> Problem | None:
    nul = raw.find(b"\x00")
    if nul != -1:
        pos = LineIndex(raw).position(nul)
        return Problem("yaml-encoding", "The file holds binary data (a NUL byte), not YAML "
                       "text", Range(pos, pos))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        pos = LineIndex(raw[: error.start]).position(error.start)
        return Problem(
            "yaml-encoding",
            f"Invalid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); save the "
            "file as UTF-8",
            Range(pos, Position(pos.line, pos.column + 1)),
        )
    return None


def parse_document(path: str, raw: bytes, *, max_bytes: int = MAX_FILE_BYTES,
                   capability: bool = True) -> Document:
    """Parse bytes into a Document; never raises for bad input.

    With `capability=False` (rulesets, configuration) the Naftiko top-level checks are
    skipped: only YAML problems are reported.
    """
    doc = Document(path=path, raw=raw)
    if len(raw) > max_bytes:
        doc.problems.append(Problem(
            "file-too-large",
            f"File is {len(raw)} bytes, over the {max_bytes}-byte limit; capability files "
            "are far smaller (raise the limit with --max-file-size)",
            FILE_START,
        ))
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
    fast = fast_load(raw, doc.text)
    if fast is not None:
        doc.data, doc.source_map, doc.loaded_fast = fast.data, fast.source_map, True
    else:
        exact = exact_load(doc.text)
        doc.problems.extend(exact.problems)
        doc.source_map = exact.source_map
        if not exact.usable:
            return doc
        doc.data = exact.data
    if capability:
        _check_top_level(doc)
    return doc


def _content_start(raw: bytes) -> Range:
    """The first character that is neither blank nor part of a comment."""
    index = LineIndex(raw)
    offset = 0
    for line in raw.splitlines(keepends=True):
        stripped = line.lstrip(b" \t")
        if stripped and not stripped.startswith((b"#", b"\n", b"\r", b"---")):
            pos = index.position(offset + len(line) - len(stripped))
            return Range(pos, pos)
        offset += len(line)
    return FILE_START


def _check_top_level(doc: Document) -> None:
    data = doc.data
    if data is None:
        doc.problems.append(Problem("yaml-empty", "The file is empty; a Naftiko capability "
                                    f"starts with '{VERSION_KEY}: {versions.LATEST.name}'",
                                    FILE_START))
        return
    if not isinstance(data, dict):
        kind = {list: "a sequence", str: "a string"}.get(type(data), type(data).__name__)
        doc.problems.append(Problem("yaml-not-mapping", f"The top level is {kind}; a Naftiko "
                                    "document is a mapping with a 'naftiko' key",
                                    _content_start(doc.raw)))
        doc.data = None
        return
    if VERSION_KEY not in data:
        doc.problems.append(Problem(
            "version-missing",
            f"Missing '{VERSION_KEY}' version field; add '{VERSION_KEY}: "
            f"{versions.LATEST.name}' at the top of the file",
            FILE_START,
            "",
        ))
        return
    declared = data[VERSION_KEY]
    doc.declared_version = declared
    if isinstance(declared, str) and versions.get(declared) is not None:
        doc.spec_version = declared
        return
    message, _ = versions.unknown_version_message(declared)
    doc.problems.append(Problem("unknown-version", message,
                                doc.range_of("/" + VERSION_KEY), "/" + VERSION_KEY))
