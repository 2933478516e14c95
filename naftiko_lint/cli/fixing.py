"""`check --fix`, `--diff`, `--fix-only`, `--unsafe-fixes`: each planned file is fixed in
this process, one after another (fix_with: lint with the file's own plan, apply, repeat);
then `check` reports on the files as they now are, as a plain run would. The cache keys
files by their content, so a rewritten file is never answered from its old entry."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from naftiko_lint import TOOL_NAME
from naftiko_lint.cli.output import Sink, write
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from naftiko_lint.reading import ReadError, read_file, reason
from naftiko_lint.runner import FileOutcome, FileTask, Planner

if TYPE_CHECKING:  # the editor (ruamel.yaml) is imported only by a run that fixes
    from naftiko_lint.fix.api import FixResult

Planned = list[tuple[FileTask, FileOutcome | None]]


def add_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes in place, then report what remains (standard input: "
        "the fixed text goes to standard output, the report to standard error)",
    )
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix, --diff or --fix-only: apply the unsafe fixes too (they change "
        "what the capability means: review them)",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print, as unified diffs, what --fix would write, and write nothing (exit "
        "code 1 when there is a diff, else 0)",
    )
    check.add_argument(
        "--fix-only",
        action="store_true",
        help="apply the fixes and report nothing of what remains (exit code 0 unless the "
        "tool fails)",
    )


def wanted(args: argparse.Namespace) -> bool:
    return bool(args.fix or args.diff or args.fix_only)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def more_unsafe(remaining: list[Diagnostic]) -> int:
    return sum(1 for d in remaining if d.fix is not None and not d.fix.safe)


@dataclass
class Fixed:
    """What fixing one file gave: its task for the check that follows (standard input's
    carrying its fixed text), the result, notes and tool errors (plain data: it comes back
    from a worker process pickled)."""

    task: FileTask
    result: FixResult | None = None
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stdin_text: str | None = None


def fix_task(task: FileTask, planner: Planner, unsafe: bool, write: bool) -> Fixed:
    """Fix one file with its own plan (and write it, unless `write` is False: --diff);
    never raises for what the file holds."""
    from naftiko_lint.fix.api import fix_with
    from naftiko_lint.fix.write import write_atomic
    from naftiko_lint.linter import lint_source

    try:
        plan = planner.plan_for(planner.config_at(task.config))
        raw = task.content if task.path is None else _read(task)
    except ReadError:
        return Fixed(task)  # the check that follows reports it
    except Exception:  # a configuration or ruleset error: reported by the check too
        return Fixed(task)
    anchor = Path(task.anchor) if task.anchor is not None else None
    if raw is None:
        return Fixed(task)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Fixed(task, notes=[f"{task.display}: not fixed: the file is not UTF-8"])

    def lint(source: str) -> list[Diagnostic]:
        data = source.encode("utf-8", "surrogatepass")
        return lint_source(task.display, data, task.options, plan, anchor)[1]

    try:
        result = fix_with(text, task.display, lint, unsafe=unsafe)
    except Exception as error:  # never a traceback: the file stays as it was
        note = f"{task.display}: not fixed: internal error: {type(error).__name__}: {error}"
        return Fixed(task, notes=[note])
    done = Fixed(task, result, [f"{task.display}: {note}" for note in result.notes])
    if result.refused is not None and any(d.fix for d in result.remaining):
        done.notes.append(f"{task.display}: {result.refused}")
    if not result.changed:
        if task.path is None and write:
            done.stdin_text = text
        return done
    data = result.fixed.encode("utf-8")
    if task.path is None:
        if write:
            done.stdin_text = result.fixed
            done.task = replace(task, content=data)
        return done
    if write:
        try:
            write_atomic(Path(task.path), data)
        except OSError as error:
            done.errors.append(f"{task.display}: cannot write the fixes: {reason(error)}")
    return done


class _FixWorker:
    """This worker process's planner and fix settings, set once when it starts."""

    planner: Planner | None = None
    unsafe = False
    write = True


def _start_fix_worker(planner: Planner, unsafe: bool, write: bool) -> None:
    _FixWorker.planner, _FixWorker.unsafe, _FixWorker.write = planner, unsafe, write


def _fix_in_worker(task: FileTask) -> Fixed:
    planner = _FixWorker.planner if _FixWorker.planner is not None else Planner(task.options)
    return fix_task(task, planner, _FixWorker.unsafe, _FixWorker.write)


def _in_workers(
    tasks: list[FileTask], planner: Planner, jobs: int, unsafe: bool, write: bool
) -> list[Fixed] | None:
    """fix_task of each task, in order, from `jobs` forked worker processes (the editor is
    pure Python: one file takes tenths of a second, so even two files pay for a second
    process); None when processes cannot be forked here (the caller fixes in-process)."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_fix_worker,
            initargs=(planner, unsafe, write),
        ) as pool:
            return list(pool.map(_fix_in_worker, tasks))
    except (BrokenProcessPool, OSError):
        return None


@dataclass
class FixRun:
    """The fixing half of a run: what was fixed, and what went wrong."""

    unsafe: bool
    write: bool  # False: --diff
    results: list[FixResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # tool errors: exit code 2
    notes: list[str] = field(default_factory=list)
    stdin_text: str | None = None  # --fix of standard input: what goes to standard output

    def apply(self, planned: Planned, planner: Planner, jobs: int = 1) -> Planned:
        """Fix every file to be checked (in `jobs` worker processes when there are several);
        the tasks to check afterwards (standard input's carrying its fixed text). Results,
        notes and diffs keep the files' order whichever way they were fixed."""
        todo = [task for task, outcome in planned if outcome is None]
        done: list[Fixed] | None = None
        on_disk = [t for t in todo if t.path is not None]
        if jobs > 1 and len(on_disk) > 1 and len(on_disk) == len(todo):
            done = _in_workers(todo, planner, min(jobs, len(todo)), self.unsafe, self.write)
        if done is None:
            done = [fix_task(task, planner, self.unsafe, self.write) for task in todo]
        fixed = iter(done)
        out: Planned = []
        for task, outcome in planned:
            if outcome is not None:
                out.append((task, outcome))
                continue
            one = next(fixed)
            if one.result is not None:
                self.results.append(one.result)
            self.notes += one.notes
            self.errors += one.errors
            if one.stdin_text is not None:
                self.stdin_text = one.stdin_text
            out.append((one.task, None))
        return out

    @property
    def fixed(self) -> int:
        return sum(len(r.applied) for r in self.results if r.changed)

    @property
    def files(self) -> int:
        return sum(1 for r in self.results if r.changed)

    def summary(self) -> str:
        verb = "Fixed" if self.write else "Would fix"
        line = f"{verb} {_plural(self.fixed, 'problem')} in {_plural(self.files, 'file')}"
        if not self.unsafe:
            more = sum(more_unsafe(list(r.remaining)) for r in self.results)
            if more:
                line += f" ({more} more with --unsafe-fixes)"
        return line

    def print_diffs(self) -> None:
        for result in self.results:
            if result.changed:
                write(result.diff())

    def print_stdin(self) -> None:
        if self.stdin_text is not None:
            write(self.stdin_text)

    def tell(self, quiet: bool) -> None:
        lines = [f"{TOOL_NAME}: {note}" for note in self.notes]
        lines += [f"{TOOL_NAME}: error: {error}" for error in self.errors]
        if not quiet:
            lines.append(f"{TOOL_NAME}: {self.summary()}")
        if lines:
            print("\n".join(lines), file=sys.stderr, flush=True)


def finish_alone(run: FixRun, args: argparse.Namespace, notices: list[str], failed: bool) -> int:
    """--diff and --fix-only: the diffs (or standard input's fixed text), the notes, and
    the exit code (2 when `failed`: a path could not be checked); no report."""
    if args.diff:
        run.print_diffs()
    else:
        run.print_stdin()
    if notices:
        print("\n".join(notices), file=sys.stderr, flush=True)
    run.tell(args.quiet)
    if failed or run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if args.diff and run.files else EXIT_OK


def sink_for(output: str | None, run: FixRun | None) -> Sink:
    """Where a report goes: standard error instead of standard output when standard
    output carries standard input's fixed text."""
    if output is None and run is not None and run.stdin_text is not None:
        return StderrSink()
    return Sink(output)


def _read(task: FileTask) -> bytes | None:
    assert task.path is not None
    content = read_file(Path(task.path), task.options.max_file_bytes)
    return None if content.truncated else content.data


class StderrSink(Sink):
    """A report that must leave standard output to the fixed text (--fix of stdin)."""

    def __init__(self) -> None:
        super().__init__(None)
        self.encoding = sys.stderr.encoding or "utf-8"
        self.errors = "backslashreplace"

    def flush(self) -> None:
        data = b"".join(self._pending)
        self._pending, self._size = [], 0
        if data:
            sys.stderr.flush()
            buffer = getattr(sys.stderr, "buffer", None)
            if buffer is not None:
                buffer.write(data)
                buffer.flush()
            else:
                sys.stderr.write(data.decode(self.encoding, "replace"))
                sys.stderr.flush()
