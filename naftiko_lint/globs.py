"""The one glob dialect: config `include`/`exclude` and ruleset `overrides.files` alike.

It is Spectral's: `overrides.files` goes through minimatch 3 with `{matchBase: true}`
(packages/core/src/ruleset/utils/minimatch.ts), against the file's path relative to the
folder of the file that holds the pattern. So:

- The path is relative to `base` (the configuration's or the ruleset's folder), in POSIX
  form; a file outside `base` gets `../` segments (`../other/a.yaml`), as Node's
  `path.relative` gives, so only a pattern that spells them (or a basename pattern) can
  match it. Symlinks are resolved on both sides first.
- Segments are split on `/`. `*` is any run of characters within one segment, `?` one
  character, `[abc]` / `[a-z]` / `[!a]` / `[^a]` a class; `**` alone in a segment spans any
  number of segments (a trailing `**` at least one); `\\` escapes.
- A pattern without `/` is matched against the file's basename (`*.yaml` selects nested
  files too; `a.yaml` selects `sub/a.yaml`).
- Names starting with `.` are matched only by a segment that starts with `.`: `*`, `?`,
  classes and `**` never match them (`**/*.yaml` skips `.hidden/`).
- Braces expand first: `{a,b}`, nested `{a,{b,c}}`, `{1..3}`, `{a..c}`; `{a}` stays literal.
- Extglobs inside a segment: `+(a|b)`, `*(a|b)`, `?(a|b)`, `@(a|b)`, `!(a|b)`.
- Leading `!` negates the whole pattern; a pattern starting with `#` is a comment and
  matches nothing; surrounding white space is ignored; matching is case-sensitive.
- `./x` never matches (the relative path has no `.` segment), nor does an absolute pattern.

A pattern is compiled once (`compile_glob`, cached like `re.compile`); matching is pure.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from naftiko_lint.braces import expand_braces

GLOBSTAR = "**"  # a segment that is exactly `**`
Segment = str | re.Pattern[str]  # a literal name, the GLOBSTAR marker, or a compiled regex
_STAR, _QMARK = "[^/]*?", "[^/]"
_EXT_OPEN = {"!": "(?:(?!(?:", "?": "(?:", "+": "(?:", "*": "(?:", "@": "(?:"}
_EXT_CLOSE = {"?": ")?", "+": ")+", "*": ")*", "@": ")"}


@dataclass(frozen=True)
class Glob:
    """A compiled pattern: one tuple of segments per brace alternative."""

    pattern: str
    alternatives: tuple[tuple[Segment, ...], ...]
    negate: bool = False
    never: bool = False  # a comment or an empty pattern

    def match(self, relative: str) -> bool:
        """`relative`: a POSIX path relative to the pattern's base folder."""
        if self.never:
            return False
        parts = re.split("/+", relative)
        basename = next((p for p in reversed(parts) if p), "")
        for segments in self.alternatives:
            file = [basename] if len(segments) == 1 else parts
            if _match(file, segments):
                return not self.negate
        return self.negate


def matches(pattern: str, file: Path, base: Path) -> bool:
    """Whether `pattern` (no `#/pointer` part) selects `file`, relative to folder `base`."""
    return compile_glob(pattern).match(relative_to(file, base))


def relative_to(file: Path, base: Path) -> str:
    """`file` relative to `base` as Node's path.relative gives it (`../` when outside)."""
    try:
        return Path(os.path.relpath(file.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return file.resolve().as_posix()


def split_pointer(pattern: str) -> tuple[str, str | None]:
    """`file-glob#/pointer` as Spectral's extractSourceFromRef/extractPointerFromRef do:
    (glob, pointer without `#`) or (pattern, None). A pattern that starts with `#` keeps
    it whole as its glob, which (a comment) matches no file."""
    hash_at = pattern.find("#")
    if hash_at <= 0:
        return pattern, None if hash_at < 0 else pattern[1:]
    return pattern[:hash_at], pattern[hash_at + 1 :]


@lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> Glob:
    if pattern.startswith("#"):
        return Glob(pattern, (), never=True)
    text = pattern.strip()
    if text.startswith("#") or not text:
        return Glob(pattern, (), never=True)
    negations = len(text) - len(text.lstrip("!"))
    text = text[negations:]
    alternatives = []
    for expanded in expand_braces(text):
        segments = tuple(_segment(s) for s in re.split("/+", expanded))
        if None not in segments:
            alternatives.append(segments)
    return Glob(pattern, tuple(alternatives), negate=negations % 2 == 1)  # type: ignore[arg-type]


def _plain(name: str) -> bool:
    """A name `**` may span: not `.`, `..` or any dot name."""
    return not name.startswith(".")


def _one(name: str, segment: Segment) -> bool:
    return name == segment if isinstance(segment, str) else segment.fullmatch(name) is not None


def _exact(file: list[str], segments: tuple[Segment, ...] | list[Segment], at: int = 0) -> bool:
    if len(file) - at != len(segments):
        return False
    return all(_one(name, seg) for name, seg in zip(file[at:], segments, strict=True))


def _match(file: list[str], segments: tuple[Segment, ...]) -> bool:
    """minimatch 3's matchOne/_matchGlobstar, for files (no trailing slash)."""
    if GLOBSTAR not in segments:
        return _exact(file, segments)
    first = segments.index(GLOBSTAR)
    last = len(segments) - 1 - segments[::-1].index(GLOBSTAR)
    head, body, tail = segments[:first], segments[first + 1 : last], segments[last + 1 :]
    if head and not _exact(file[: len(head)], head):
        return False
    index = len(head)
    if tail and (len(tail) + index > len(file) or not _exact(file, tail, len(file) - len(tail))):
        return False
    if not body:
        middle = file[index : len(file) - len(tail)]
        return all(_plain(name) for name in middle) and bool(tail or middle)
    sections: list[list[Segment]] = [[]]
    sums, count = [0], 0
    for segment in body:
        if segment == GLOBSTAR:
            sums.append(count)
            sections.append([])
        else:
            sections[-1].append(segment)
            count += 1
    length = len(file) - len(tail)
    limits = [length - (sums[len(sections) - 1 - i] + len(s)) for i, s in enumerate(sections)]
    return bool(_sections(file, sections, limits, index, 0, bool(tail)))


def _sections(
    file: list[str],
    sections: list[list[Segment]],
    limits: list[int],
    index: int,
    k: int,
    saw_tail: bool,
) -> bool | None:
    """Place body section k at or after `index`; None (give up) as minimatch's null."""
    if k == len(sections):
        rest = file[index:]
        return all(_plain(name) for name in rest) and (saw_tail or bool(rest))
    body = sections[k]
    while index <= limits[k] and index < len(file):
        if _exact(file[: index + len(body)], body, index):
            found = _sections(file, sections, limits, index + len(body), k + 1, saw_tail)
            if found is not False:
                return found
        if not _plain(file[index]):
            return False
        index += 1
    return None


def _segment(text: str) -> Segment | None:
    """One segment: GLOBSTAR, a literal name, or a regex (None: it does not compile)."""
    if text == GLOBSTAR:
        return GLOBSTAR
    regex, magic = _translate(text)
    if not magic:
        return re.sub(r"\\(.)", r"\1", text)
    if regex[:1] in ("[", "(") and not text.startswith("."):
        regex = r"(?!\.)" + regex  # `*`, `?`, a class or an extglob first: no dot names
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return re.compile(regex, re.DOTALL)
    except re.error:
        return None


def _translate(text: str) -> tuple[str, bool]:
    """A segment to a regex body, and whether it has any magic (else it is a literal)."""
    out: list[str] = []
    magic = False
    stack: list[tuple[str, int]] = []  # open extglobs: (kind, position in out)
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            out.append(re.escape(text[i + 1]) if i + 1 < len(text) else r"\\")
            i += 2
            continue
        if c in "?*+@!" and i + 1 < len(text) and text[i + 1] == "(":
            stack.append((c, len(out)))
            out.append(_EXT_OPEN[c])
            i += 2
            continue
        if c == ")" and stack:
            kind, start = stack.pop()
            magic = True
            if kind == "!":  # minimatch: the lookahead sees the rest of the segment too
                rest, _ = _translate(text[i + 1 :])
                alternatives = "".join(out[start + 1 :])
                end = "" if rest else r"\Z"
                out[start:] = [f"(?:(?!(?:{alternatives}){rest}{end})[^/]*?){rest}"]
                return "".join(out), True
            out.append(_EXT_CLOSE[kind])
            i += 1
            continue
        if c == "|" and stack:
            out.append("|")
            i += 1
            continue
        if c == "*":
            while i + 1 < len(text) and text[i + 1] == "*":
                i += 1
            out.append(_STAR)
            magic = True
        elif c == "?":
            out.append(_QMARK)
            magic = True
        elif c == "[":
            end, cls = _class(text, i)
            if cls is None:
                out.append(r"\[")
            else:
                out.append(cls)
                magic = True
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    for kind, start in reversed(stack):  # unclosed `+(`: literal, `|` too
        out[start] = "[^/]*?" if kind == "*" else _QMARK if kind == "?" else re.escape(kind)
        out[start] += r"\("
        out[start + 1 :] = [r"\|" if part == "|" else part for part in out[start + 1 :]]
    return "".join(out), magic


def _class(text: str, start: int) -> tuple[int, str | None]:
    """`[...]` from `start`: (index of `]`, regex class), or (start, None) if it is none."""
    i = start + 1
    parts: list[str] = []
    if i < len(text) and text[i] in "!^":
        parts.append("^")
        i += 1
    first = i
    while i < len(text) and (text[i] != "]" or i == first):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            parts.append(re.escape(text[i + 1]))
            i += 2
            continue
        parts.append("-" if c == "-" else re.escape(c))
        i += 1
    if i >= len(text):
        return start, None
    regex = "[" + "".join(parts) + "]"
    try:
        re.compile(regex)
    except re.error:
        return start, None
    return i, regex
