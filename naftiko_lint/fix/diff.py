"""The unified diff `--diff` prints: what `--fix` would write, as `diff -u` shows it.

difflib's own `unified_diff` treats the lines a YAML file repeats most (`type: object`,
`- name: ...`) as junk and then pairs changes oddly; this one aligns with every line."""

from __future__ import annotations

from difflib import SequenceMatcher

_CONTEXT = 3


def _range(start: int, length: int) -> str:
    first = start + 1 if length else start
    return f"{first}" if length == 1 else f"{first},{length}"


def _line(mark: str, line: str) -> str:
    if line.endswith("\n"):
        return mark + line
    return f"{mark}{line}\n\\ No newline at end of file\n"


def unified_diff(before: str, after: str, label: str) -> str:
    """`before` -> `after` as a unified diff, both sides named `label` as ruff names them
    (`patch -p0` applies it); "" when equal. A last line without a newline is marked as
    diff marks it."""
    if before == after:
        return ""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out = [f"--- {label}\n", f"+++ {label}\n"]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(_CONTEXT):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@\n")
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                out += [_line(" ", line) for line in a[x1:x2]]
                continue
            out += [_line("-", line) for line in a[x1:x2]]
            out += [_line("+", line) for line in b[y1:y2]]
    return "".join(out)
