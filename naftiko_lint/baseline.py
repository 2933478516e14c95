"""A baseline: the findings a repository already had when it adopted naftiko-lint, so that
a run reports only new ones (`--write-baseline FILE`, then `--baseline FILE`).

An entry names a finding by its file, rule id, JSON pointer and a fingerprint of the
offending node: the text its range covers, with runs of white space made one space. Line
numbers are never part of it, so lines added or removed above a finding do not make it
new. A finding matches an entry of its file and rule with the same pointer and
fingerprint; failing that, one with the same fingerprint under another pointer (the node
moved: an item inserted before it in a list shifts every index after it). Each entry
matches one finding at most: a second finding of the same rule on an equal node is new.

Paths are stored relative to the baseline file's folder, in POSIX form, so the file works
from any working directory and on any system. The file is JSON, sorted, one entry per
finding, so that its diffs review well."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from naftiko_lint.diagnostics import Diagnostic, Range

FORMAT_KEY = "naftiko-lint-baseline"
FORMAT = 1
_SPACE = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

Node = tuple[str, str, str]  # file, rule, fingerprint


class BaselineError(Exception):
    """A baseline file that cannot be read, or is not one (worded for the user)."""


def covered_text(lines: Sequence[str], where: Range) -> str:
    """The text a range covers (lines from 1, columns in code points from 1, end
    exclusive), "" where it falls outside the text."""
    first, last = where.start.line - 1, where.end.line - 1
    if not 0 <= first < len(lines):
        return ""
    if first == last:
        return lines[first][where.start.column - 1 : where.end.column - 1]
    parts = [lines[first][where.start.column - 1 :]]
    parts += lines[first + 1 : min(last, len(lines))]
    if last < len(lines):
        parts.append(lines[last][: where.end.column - 1])
    return "\n".join(parts)


def fingerprint(diagnostic: Diagnostic, lines: Sequence[str] | None) -> str:
    """A short hash of the rule and the offending node's text (white space folded), or of
    the rule alone when the text is not at hand or the range is empty."""
    text = "" if lines is None else covered_text(lines, diagnostic.range)
    folded = _SPACE.sub(" ", text).strip()
    digest = hashlib.sha256(f"{diagnostic.rule}\0{folded}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def split_lines(source: str | None) -> list[str] | None:
    return None if source is None else _LINE_BREAK.split(source)


def baseline_path(file: str, folder: Path) -> str:
    """`file` (a path as checked, or a standard-input name) relative to the baseline's
    folder, in POSIX form."""
    try:
        relative = os.path.relpath(os.path.abspath(file), folder)
    except ValueError:  # another drive (Windows): no relative path exists
        relative = os.path.abspath(file)
    return Path(relative).as_posix()


@dataclass
class Baseline:
    """The entries of a baseline file, as a multiset, and what this run matched of them."""

    folder: Path
    # (file, rule, fingerprint) -> how many entries there are under each pointer
    entries: dict[Node, Counter[str]] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)  # files this run checked
    suppressed: int = 0

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline file") from None
        except OSError as error:
            raise BaselineError(f"{path}: {error.strerror or error}") from None
        except (UnicodeDecodeError, ValueError) as error:
            raise BaselineError(f"{path}: not a baseline file (not JSON: {error})") from None
        if not (isinstance(data, dict) and data.get(FORMAT_KEY) == FORMAT):
            raise BaselineError(
                f"{path}: not a baseline file of this version (no {FORMAT_KEY!r}: {FORMAT}); "
                "write it again with --write-baseline"
            )
        baseline = cls(path.resolve().parent)
        for number, entry in enumerate(data.get("findings") or (), 1):
            try:
                key = (entry["path"], entry["rule"], entry["pointer"], entry["fingerprint"])
            except (KeyError, TypeError):
                raise BaselineError(
                    f"{path}: finding {number} lacks path, rule, pointer or fingerprint"
                ) from None
            if not all(isinstance(part, str) for part in key):
                raise BaselineError(f"{path}: finding {number}: every field is a string")
            file, rule, pointer, mark = key
            baseline.entries.setdefault((file, rule, mark), Counter())[pointer] += 1
        return baseline

    def new_findings(
        self, file: str, diagnostics: Sequence[Diagnostic], prints: Sequence[str]
    ) -> list[Diagnostic]:
        """The diagnostics of one checked file that no entry accounts for (each entry is
        used once: by the same pointer first, then by the same node elsewhere)."""
        where = baseline_path(file, self.folder)
        self.checked.add(where)
        left = list(zip(diagnostics, prints, strict=True))
        for exact in (True, False):
            unmatched = []
            for diagnostic, mark in left:
                pointers = self.entries.get((where, diagnostic.rule, mark))
                if pointers is not None and self._take(pointers, diagnostic.pointer, exact):
                    self.suppressed += 1
                else:
                    unmatched.append((diagnostic, mark))
            left = unmatched
        return [diagnostic for diagnostic, _ in left]

    @staticmethod
    def _take(pointers: Counter[str], pointer: str, exact: bool) -> bool:
        """Use one entry: under `pointer`, or (not `exact`) under any pointer, the first
        in order (so that the same run always matches the same way)."""
        if pointers[pointer] > 0:
            pointers[pointer] -= 1
            return True
        if exact:
            return False
        for other in sorted(pointers):
            if pointers[other] > 0:
                pointers[other] -= 1
                return True
        return False

    def gone(self) -> int:
        """Entries of the files this run checked that no finding used any more (entries of
        files not checked, as pre-commit's unstaged ones, are not counted)."""
        return sum(
            sum(pointers.values())
            for (file, _, _), pointers in self.entries.items()
            if file in self.checked
        )


@dataclass
class BaselineWriter:
    """Collects this run's findings as baseline entries, written once at the end."""

    path: Path
    rows: list[dict[str, str]] = field(default_factory=list)

    def add(self, file: str, diagnostics: Iterable[Diagnostic], prints: Iterable[str]) -> None:
        where = baseline_path(file, self.path.resolve().parent)
        for diagnostic, mark in zip(diagnostics, prints, strict=True):
            self.rows.append(
                {
                    "path": where,
                    "rule": diagnostic.rule,
                    "pointer": diagnostic.pointer,
                    "fingerprint": mark,
                    "message": diagnostic.message,  # for the reader: never matched on
                }
            )

    def write(self) -> None:
        rows = sorted(self.rows, key=lambda r: (r["path"], r["rule"], r["pointer"], r["message"]))
        text = json.dumps({FORMAT_KEY: FORMAT, "findings": rows}, indent=2, ensure_ascii=False)
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        temporary.write_text(text + "\n", encoding="utf-8")
        os.replace(temporary, self.path)
