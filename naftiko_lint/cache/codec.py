"""One file's outcome as bytes and back: marshal of plain tuples (str, int, bool, bytes,
None).

Beside the diagnostics an entry may hold the file's report chunks as the run's formats
wrote them (`Shipped`: the formats' key, each chunk's bytes and the counts per rule). A
look-up that asks for those same formats gets the chunks and the counts back without a
diagnostic being rebuilt or formatted again, which is most of what a cached rerun would
otherwise cost.

marshal is the fastest loader the standard library has (10x pickle here) and, fed only plain
tuples, builds only plain values: nothing it reads is called or imported, unlike pickle.
Its input is checked first (a CRC per entry, see store.py), and anything of the wrong shape
raises ValueError, which the cache reports as corrupt."""

from __future__ import annotations

import dataclasses
import functools
import gc
import marshal
from typing import TYPE_CHECKING, Any

from naftiko_lint.diagnostics import Diagnostic, Edit, Fix, Position, Range, Severity
from naftiko_lint.results import FileReport

if TYPE_CHECKING:
    from naftiko_lint.runner import FileOutcome

# The fields this codec writes: a class that gains a field is not cached wrongly, it is not
# cached at all (see `supported`) until this module learns the field.
SHAPES: dict[type, tuple[str, ...]] = {
    Position: ("line", "column"),
    Range: ("start", "end"),
    Fix: ("replacement", "safe", "edits", "title"),
    Edit: ("op", "pointer", "value"),
    Diagnostic: ("rule", "severity", "message", "path", "pointer", "range", "fix", "related"),
    FileReport: ("path", "spec_version"),
}
_SEVERITIES = tuple(sorted(Severity))


@functools.cache
def supported() -> bool:
    """The classes have the fields this codec writes, and a __dict__ (no __slots__)."""
    return all(
        tuple(f.name for f in dataclasses.fields(cls)) == names and "__slots__" not in vars(cls)
        for cls, names in SHAPES.items()
    )


def _range(r: Range) -> tuple[int, int, int, int]:
    return (r.start.line, r.start.column, r.end.line, r.end.column)


# the formats' key (workers.Shipping.key), the chunks' bytes, LintResult.counts()
Shipped = tuple[bytes, tuple[bytes, ...], tuple[tuple[str | int, ...], ...]]


def _count_row(row: tuple) -> tuple[str | int, ...]:
    """One row of LintResult.counts(): rule, severity, number, with a fix[, unsafe]."""
    rule, severity, n, fixable, *unsafe = row
    if not isinstance(rule, str) or len(unsafe) > 1:
        raise ValueError("unreadable counts")
    return (rule, int(severity), int(n), int(fixable), *map(int, unsafe))


def encode(outcome: FileOutcome, shipped: Shipped | None = None) -> bytes:
    """The outcome's diagnostics (and, when given, its chunk in one format) as bytes."""
    report = outcome.report
    assert report is not None
    diagnostics = tuple(
        (
            d.rule,
            int(d.severity),
            d.message,
            d.path,
            d.pointer,
            *_range(d.range),
            None if d.fix is None else _fix_row(d.fix),
            tuple(_range(r) for r in d.related),
        )
        for d in outcome.diagnostics
    )
    head = (report.path, report.spec_version)
    return marshal.dumps((head, diagnostics, outcome.fail_on, outcome.inputs, shipped))


def _fix_row(fix: Fix) -> tuple:
    edits = tuple((e.op, e.pointer, e.value) for e in fix.edits)
    return (fix.replacement, fix.safe, edits, fix.title)


def _fix_from(row: tuple) -> Fix:
    replacement, safe, edits, title = row
    return Fix(replacement, safe, tuple(Edit(op, p, v) for op, p, v in edits), title)


def _made(cls: type, **values: Any) -> Any:
    """An instance of a (frozen) dataclass with these field values, made as pickle and
    copy make one: its __dict__ filled directly, without the generated __init__'s one
    object.__setattr__ per field (40 % of the cost of a cached diagnostic)."""
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


def _position(line: int, column: int) -> Position:
    return _made(Position, line=line, column=column)


def _rebuild(plain: Any, want: bytes | None) -> FileOutcome:
    from naftiko_lint.runner import FileOutcome  # the runner may import the cache

    (path, version), rows, fail_on, inputs, shipped = plain
    if shipped is not None and want is not None and shipped[0] == want:
        _, chunks, counts = shipped
        if not (all(isinstance(c, bytes) for c in chunks) and isinstance(counts, tuple)):
            raise ValueError("unreadable chunk")
        return FileOutcome(
            FileReport(path, version),
            fail_on=fail_on,
            inputs=tuple(inputs),
            chunks=tuple(chunks),
            counts=tuple(_count_row(row) for row in counts),
        )
    severities, new = _SEVERITIES, object.__new__
    diagnostics = []
    add = diagnostics.append
    for rule, severity, message, where, pointer, l1, c1, l2, c2, fix, related in rows:
        start, end, at = new(Position), new(Position), new(Range)
        start.__dict__.update(line=l1, column=c1)
        end.__dict__.update(line=l2, column=c2)
        at.__dict__.update(start=start, end=end)
        made = new(Diagnostic)
        made.__dict__.update(
            rule=rule,
            severity=severities[severity],
            message=message,
            path=where,
            pointer=pointer,
            range=at,
            fix=None if fix is None else _fix_from(fix),
            related=tuple(Range(_position(a, b), _position(c, d)) for a, b, c, d in related),
        )
        add(made)
    return FileOutcome(
        FileReport(path, version), tuple(diagnostics), fail_on=fail_on, inputs=tuple(inputs)
    )


def decode(blob: bytes, want: bytes | None = None) -> FileOutcome:
    """The outcome `encode` wrote; ValueError for anything else. When the entry holds its
    chunk in the format `want` names, the outcome is that chunk and its counts (as a worker
    ships one), else its diagnostics. The collector is paused: the objects built are
    acyclic, and a collection every few hundred would walk them all."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        return _rebuild(marshal.loads(blob), want)
    except (EOFError, TypeError, ValueError, IndexError, KeyError) as error:
        raise ValueError(f"unreadable entry: {type(error).__name__}") from error
    finally:
        if was_on:
            gc.enable()
