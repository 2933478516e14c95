"""Rule cases as data: a real fixture, a clean fixture with a few text edits, or an inline
document. Most failing cases differ from a clean capability by a line or two, so a case names
that base and the edit instead of carrying a full copy that drifts from the clean file.
The format is described in tests/cases/README.md."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..conftest import CASES, FIXTURES

# Inline documents are linted as if they sat here, so `./shared/...` imports reach the
# shared files the cases import (fixtures/rules/shared/).
DOCUMENT_FOLDER = "rules"


class PatchError(ValueError):
    """An edit that does not apply to its base exactly as written."""


def _start_of_line(text: str, line: int) -> int:
    """Offset of the first character of 1-based `line` in `text`."""
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset


def _locate(base: str, edit: dict[str, Any]) -> tuple[int, int]:
    """The span of `edit["replace"]` in `base`: its only occurrence, or the one starting on
    `edit["line"]` when the text occurs more than once."""
    old = edit["replace"]
    if not isinstance(old, str) or not old:
        raise PatchError(f"'replace' must be non-empty text: {edit!r}")
    if "line" in edit:
        try:
            start = _start_of_line(base, edit["line"])
        except ValueError:
            raise PatchError(f"the base has no line {edit['line']}: {edit!r}") from None
        end = base.find("\n", start)
        found = base.find(old, start)
        if found == -1 or (end != -1 and found > end):
            raise PatchError(f"{old!r} does not start on line {edit['line']} of the base")
        return found, found + len(old)
    count = base.count(old)
    if count != 1:
        raise PatchError(f"{old!r} occurs {count} times in the base; add 'line:' to pick one")
    found = base.index(old)
    return found, found + len(old)


def apply_patch(base: str, edits: list[dict[str, Any]]) -> str:
    """`base` with every edit applied. Each edit is located in the base (not in the result of
    the edits before it), so each can be read against the file it names; edits must not
    overlap."""
    spans = []
    for edit in edits:
        if set(edit) - {"replace", "with", "line"} or "with" not in edit:
            raise PatchError(f"an edit is {{replace, with, line?}}: {edit!r}")
        start, end = _locate(base, edit)
        spans.append((start, end, edit["with"]))
    spans.sort()
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        if start < end:
            raise PatchError("two edits overlap")
    out, at = [], 0
    for start, end, new in spans:
        out.extend((base[at:start], new))
        at = end
    out.append(base[at:])
    return "".join(out)


@dataclass(frozen=True)
class Case:
    """One entry of tests/cases/<rule>.yaml."""

    rule: str  # the case file's stem: the rule the case is about
    index: int  # position in that file
    entry: dict[str, Any]

    @property
    def name(self) -> str:
        """A stable id: the entry's `name`, else the fixture it reads."""
        return self.entry.get("name") or self.entry["fixture"]

    @property
    def location(self) -> str:
        """Where the document is taken to live, relative to fixtures/ (imports resolve
        against its folder): the fixture, the base, or the folder of inline documents."""
        if "fixture" in self.entry:
            return self.entry["fixture"]
        if "base" in self.entry:
            return self.entry["base"]
        return f"{DOCUMENT_FOLDER}/{self.entry['name']}.yaml"

    def text(self) -> bytes:
        """The document's bytes, exactly as the linter reads them."""
        entry = self.entry
        kinds = [k for k in ("fixture", "base", "document") if k in entry]
        if len(kinds) != 1:
            raise PatchError(f"{self.rule}[{self.index}] needs one of fixture/base/document")
        if "fixture" in entry:
            return (FIXTURES / entry["fixture"]).read_bytes()
        if "name" not in entry:
            raise PatchError(f"{self.rule}[{self.index}] needs a name")
        if "document" in entry:
            return entry["document"].encode("utf-8")
        base = (FIXTURES / entry["base"]).read_bytes().decode("utf-8")
        return apply_patch(base, entry.get("patch") or []).encode("utf-8")

    def source(self) -> tuple[str, bytes, Path]:
        """(display name, bytes, file path) as `lint_source` takes them."""
        return self.location, self.text(), FIXTURES / self.location


def load_cases(folder: Path = CASES) -> list[Case]:
    """Every case of every case file, in file order."""
    out = []
    for case_file in sorted(folder.glob("*.yaml")):
        for index, entry in enumerate(yaml.safe_load(case_file.read_text(encoding="utf-8"))):
            out.append(Case(case_file.stem, index, entry))
    return out


def case_named(name: str) -> Case:
    """The case called `name` (for tests that look at one case's messages in detail)."""
    found = [c for c in load_cases() if c.entry.get("name") == name]
    if len(found) != 1:
        raise LookupError(f"{len(found)} cases are named {name!r}")
    return found[0]
