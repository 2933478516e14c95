"""Brace expansion for globs, as the `brace-expansion` npm module minimatch 3 uses.

`a{b,c}d` -> abd acd; `a{b,}c` -> abc ac; `{a,{b,c}}` nests; `{1..3}`, `{01..03}`,
`{1..9..2}`, `{a..c}` are sequences; `{a}`, `{}` and `${a,b}` stay literal; `\\{`, `\\}` and
`\\,` are literal. Expansion stops at MAX_EXPANSIONS alternatives, so a hostile pattern
cannot exhaust memory.
"""

from __future__ import annotations

import re

MAX_EXPANSIONS = 10_000
_HAS_BRACES = re.compile(r"\{(?:(?!\{).)*\}")
_NUMERIC = re.compile(r"-?\d+\.\.-?\d+(?:\.\.-?\d+)?\Z")
_ALPHA = re.compile(r"[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?\Z")
_ESCAPES = {"\\\\": "\0S\0", "\\{": "\0O\0", "\\}": "\0C\0", "\\,": "\0M\0", "\\.": "\0P\0"}


def expand_braces(pattern: str) -> list[str]:
    """Every alternative `pattern` spells (itself when it has no braces)."""
    if not _HAS_BRACES.search(pattern):
        return [pattern]
    if pattern.startswith("{}"):
        pattern = "\\{\\}" + pattern[2:]
    for escape, mark in _ESCAPES.items():
        pattern = pattern.replace(escape, mark)
    out = _expand(pattern, top=True)
    for escape, mark in _ESCAPES.items():
        out = [s.replace(mark, escape[1] if escape != "\\\\" else "\\") for s in out]
    return out[:MAX_EXPANSIONS]


def _balanced(text: str) -> tuple[str, str, str] | None:
    """(pre, body, post) around the first balanced `{...}`, as balanced-match."""
    depth, start = 0, -1
    for i, c in enumerate(text):
        if c == "{":
            if depth == 0:
                start = i
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                return text[:start], text[start + 1 : i], text[i + 1 :]
    if depth and start >= 0:  # an unclosed `{`: try from the next one
        inner = _balanced(text[start + 1 :])
        if inner is not None:
            return text[: start + 1] + inner[0], inner[1], inner[2]
    return None


def _comma_parts(body: str) -> list[str]:
    """Split on the commas outside nested braces."""
    parts, depth, current = [], 0, []
    for c in body:
        if c == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += c == "{"
        depth -= c == "}" and depth > 0
        current.append(c)
    parts.append("".join(current))
    return parts


def _sequence(body: str, alpha: bool) -> list[str]:
    ends = body.split("..")
    first, last = (ord(e) if alpha else int(e) for e in ends[:2])
    step = max(abs(int(ends[2])), 1) if len(ends) == 3 else 1
    step = -step if last < first else step
    width = max(len(ends[0]), len(ends[1]))
    padded = not alpha and any(re.match(r"-?0\d", e) for e in ends[:2])
    out = []
    for value in range(first, last + (1 if step > 0 else -1), step):
        if len(out) >= MAX_EXPANSIONS:
            break
        if alpha:
            out.append("\\" if chr(value) == "\\" else chr(value))
        elif padded:
            digits = str(abs(value)).zfill(width - (value < 0))
            out.append(("-" if value < 0 else "") + digits)
        else:
            out.append(str(value))
    return out


def _expand(text: str, top: bool = False) -> list[str]:
    found = _balanced(text)
    if found is None or found[0].endswith("$"):
        return [text]
    pre, body, post = found
    sequence = _NUMERIC.match(body) is not None or _ALPHA.match(body) is not None
    if not sequence and "," not in body:
        if re.search(r",(?!,).*\}", post):  # `{a},b}`: the first `}` is literal
            return _expand(pre + "{" + body + "\0C\0" + post)
        return [text]
    if sequence:
        values = _sequence(body, alpha=_ALPHA.match(body) is not None)
    else:
        parts = _comma_parts(body)
        if len(parts) == 1:  # `x{{a,b}}y` -> x{a}y x{b}y
            values = ["{" + s + "}" for s in _expand(parts[0])]
            if len(values) == 1:
                return [pre + values[0] + p for p in (_expand(post) if post else [""])]
        else:
            values = [v for part in parts for v in _expand(part)]
    tails = _expand(post) if post else [""]
    out = []
    for value in values:
        for tail in tails:
            expansion = pre + value + tail
            if not top or sequence or expansion:
                out.append(expansion)
            if len(out) >= MAX_EXPANSIONS:
                return out
    return out
