"""`fix_source`: lint, apply the reported diagnostics' fixes, lint again, until nothing more
applies (at most MAX_ROUNDS rounds). The linting is given as a function, so the CLI lints
each file with its own plan and the API with a plan of its own."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Diagnostic, Edit
from naftiko_lint.fix.data import EditError
from naftiko_lint.fix.text_edit import apply_edits

if TYPE_CHECKING:
    from naftiko_lint.document.loading import Document

MAX_ROUNDS = 10

# What the reader reports for a file it could not read faithfully: such a file is never
# rewritten (ruamel.yaml would refuse it, or read it otherwise than the linter did).
REFUSING_RULES = frozenset(
    {
        "yaml-syntax",
        "yaml-encoding",
        "yaml-too-deep",
        "yaml-too-many-nodes",
        "yaml-duplicate-key",
        "yaml-complex-key",
        "yaml-alias-limit",
        "file-too-large",
        "json-comment",
    }
)

Lint = Callable[[str], list[Diagnostic]]


@dataclass(frozen=True)
class FixOutcome:
    fixed: str
    applied: tuple[Diagnostic, ...]
    remaining: tuple[Diagnostic, ...]
    rounds: int
    refused: str | None = None
    notes: tuple[str, ...] = field(default=())


def refusal(text: str, path: str) -> str | None:
    """Why `text` must not be rewritten, or None."""
    from naftiko_lint.document.loading import parse_document

    doc = parse_document(path, text.encode("utf-8", "surrogatepass"), max_bytes=1 << 62)
    for problem in doc.problems:
        if problem.rule in REFUSING_RULES:
            return f"not fixed: the file has a {problem.rule} problem ({problem.message})"
    if not doc.parsed:
        return "not fixed: the file cannot be read as YAML"
    return None


def wanted(d: Diagnostic, unsafe: bool, rules: Collection[str] | None) -> bool:
    if d.fix is None or not d.fix.edits_at(d.pointer):
        return False
    if not d.fix.safe and not unsafe:
        return False
    return rules is None or d.rule in rules


def _under(a: str, b: str) -> bool:
    """`a` is `b` or lies under it."""
    return a == b or a.startswith(b + "/")


class _Claims:
    """The places one round's accepted fixes touch, to hold back a fix that would meet one."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.pointers: list[str] = []
        self.lists: dict[str, str] = {}  # list pointer -> "append" | "shift"

    def _list_change(self, edit: Edit) -> tuple[str, str] | None:
        if edit.op not in ("add", "remove") or not edit.pointer:
            return None
        parent = jp.parent(edit.pointer)
        try:
            found = jp.walk(self.data, jp.split(parent))
        except ValueError:
            return None
        if found is None or not isinstance(found[1], list):
            return None
        last = jp.split(edit.pointer)[-1]
        return parent, "append" if edit.op == "add" and last == "-" else "shift"

    def _conflicts(self, edit: Edit, change: tuple[str, str] | None) -> bool:
        appending = change is not None and change[1] == "append"
        for taken in self.pointers:
            if appending and taken == edit.pointer and self.lists.get(jp.parent(taken)) == "append":
                continue  # two appends to one list go together
            if _under(edit.pointer, taken) or _under(taken, edit.pointer):
                return True
        for listed, kind in self.lists.items():
            if kind == "shift" and _under(edit.pointer, listed) and edit.pointer != listed:
                return True  # its indexes move
        if change is not None and change[1] == "shift":
            return any(_under(taken, change[0]) for taken in self.pointers)
        return False

    def take(self, edits: Sequence[Edit]) -> bool:
        """Claim the edits' places; False (claiming nothing) when one is taken: an edit at
        or under (or above) a claimed place, or anything in a list whose items another fix
        inserts or removes (its indexes move), but for appends to one list."""
        changes = [self._list_change(edit) for edit in edits]
        if any(self._conflicts(e, c) for e, c in zip(edits, changes, strict=True)):
            return False
        for edit, change in zip(edits, changes, strict=True):
            self.pointers.append(edit.pointer)
            if change is not None:
                prior = self.lists.get(change[0])
                self.lists[change[0]] = "shift" if "shift" in (prior, change[1]) else "append"
        return True


def _on_key(doc: Document, d: Diagnostic) -> bool:
    """The diagnostic is reported on its node's key, not its value: a fix given only as a
    `replacement` then names a new key, which `set replacement` would write as the value."""
    try:
        key, value = doc.range_of(d.pointer, on_key=True), doc.range_of(d.pointer)
    except Exception:  # a pointer the source map cannot place: nothing says it is a key
        return False
    return key.start != value.start and d.range.start == key.start


def _key(d: Diagnostic) -> tuple:
    assert d.fix is not None
    return (d.rule, d.pointer, d.fix.edits_at(d.pointer))


def _one_round(
    text: str, chosen: list[Diagnostic], notes: list[str], failed: set[tuple]
) -> tuple[str, list[Diagnostic]]:
    """The text with as many of the chosen fixes as go together applied, and those fixes;
    the ones that name no place are added to `failed`."""
    from naftiko_lint.document.loading import parse_document

    doc = parse_document("<fix>", text.encode("utf-8", "surrogatepass"), max_bytes=1 << 62)
    claims = _Claims(doc.data)
    batch = []
    for d in chosen:
        assert d.fix is not None
        edits = d.fix.edits_at(d.pointer)
        if not d.fix.edits and _on_key(doc, d):
            continue  # a suggested key name, not an edit: left to the reader
        if claims.take(edits):
            batch.append((d, edits))
    try:
        return apply_edits(text, [e for _, edits in batch for e in edits]), [d for d, _ in batch]
    except EditError:
        pass
    applied: list[Diagnostic] = []
    for d, edits in batch:  # one of them names no place: each on its own, the bad one skipped
        try:
            text = apply_edits(text, edits)
        except EditError as error:
            notes.append(f"{d.rule} at {d.pointer or '/'}: fix skipped: {error}")
            failed.add(_key(d))
            continue
        applied.append(d)
    return text, applied


def fix_source(
    text: str,
    path: str,
    lint: Lint,
    *,
    unsafe: bool = False,
    rules: Collection[str] | None = None,
) -> FixOutcome:
    """Lint `text`, apply the fixes, repeat; `lint` gives the diagnostics of a text."""
    found = lint(text)
    reason = refusal(text, path)
    if reason is not None:
        return FixOutcome(text, (), tuple(found), 0, reason)
    applied: list[Diagnostic] = []
    notes: list[str] = []
    failed: set[tuple] = set()  # fixes skipped: never tried again
    seen = {text}
    rounds = 0
    while rounds < MAX_ROUNDS:
        chosen = [d for d in found if wanted(d, unsafe, rules) and _key(d) not in failed]
        if not chosen:
            break
        before = len(failed)
        new_text, done = _one_round(text, chosen, notes, failed)
        if not done or new_text == text:
            if len(failed) > before:
                continue  # the ones held back for those skipped get their turn
            break
        rounds += 1
        if refusal(new_text, path) is not None:
            notes.append(f"round {rounds} was undone: its fixes left the file unreadable")
            failed.update(_key(d) for d in done)
            continue
        applied += done
        text = new_text
        found = lint(text)
        if text in seen:
            break  # the fixes undo one another
        seen.add(text)
    return FixOutcome(text, tuple(applied), tuple(found), rounds, None, tuple(notes))
