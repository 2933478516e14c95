"""Worker processes for `--jobs`: each checks the tasks it is given with a planner of its
own and sends the outcomes back in task order.

For the CLI a worker also does what the parent would do next with an outcome (`Shipping`):
it formats the file's chunk of each report, counts the diagnostics and encodes the outcome
for the cache, so the parent only writes bytes and adds counts, and both cores lint. An
outcome with tool errors or tracebacks travels whole (pickled), as the API always gets it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.linter import LintOptions
from naftiko_lint.results import FileContext, LintResult
from naftiko_lint.runner import (
    FileOutcome,
    FileTask,
    Planner,
    file_context,
    lint_file,
    source_text,
)

if TYPE_CHECKING:
    from naftiko_lint.formatters.base import Formatter  # the CLI's, handed down


@dataclass(frozen=True)
class Report:
    """One report a run writes: its formatter and its destination's encoding."""

    formatter: Formatter
    encoding: str = "utf-8"
    errors: str = "strict"

    def chunk(
        self,
        diagnostics: tuple[Diagnostic, ...],
        source: str | None,
        file: FileContext | None = None,
    ) -> bytes:
        formatter = self.formatter
        text = formatter.chunk(
            diagnostics,
            source if formatter.needs_source else None,
            file if formatter.needs_file else None,
        )
        return text.encode(self.encoding, self.errors)


@dataclass(frozen=True)
class Shipping:
    """How an outcome is prepared for the CLI's reports (in a worker, or for the cache):
    one chunk per report, the counts, and the cache's encoding of both with the diagnostics
    (plain data: it reaches a spawned worker pickled)."""

    reports: tuple[Report, ...]

    @property
    def key(self) -> bytes:
        """What decides the chunks' bytes besides the diagnostics and the file: each
        report's format, options and encoding (the cache keeps chunks under this key)."""
        made = []
        for report in self.reports:
            kind = type(report.formatter)
            made.append((kind.__module__, kind.__qualname__, report.formatter.options))
            made.append((report.encoding, report.errors))
        return repr(made).encode()

    @property
    def needs_source(self) -> bool:
        return any(report.formatter.needs_source for report in self.reports)

    @property
    def needs_file(self) -> bool:
        return any(report.formatter.needs_file for report in self.reports)

    def ship(
        self,
        outcome: FileOutcome,
        task: FileTask | None = None,
        planner: Planner | None = None,
    ) -> FileOutcome:
        """The outcome as the parent writes it: its chunks and counts, and the cache's
        encoding of both with the diagnostics. `task`: the file, read again for the
        formats that show its text; with `planner`, the rules checked on it, for the
        formats that list what passed."""
        from naftiko_lint.cache import codec

        if outcome.report is None or outcome.errors or outcome.tracebacks:
            return outcome
        tally = LintResult(keep=False)  # the one way diagnostics are counted
        tally.add(outcome.diagnostics)
        wanted = task is not None and outcome.diagnostics and self.needs_source
        source = source_text(task) if wanted else None  # type: ignore[arg-type]
        known = task is not None and planner is not None and self.needs_file
        file = file_context(task, planner) if known else None  # type: ignore[arg-type]
        chunks = tuple(report.chunk(outcome.diagnostics, source, file) for report in self.reports)
        counts = tally.counts()
        shipped = (self.key, chunks, counts)
        return replace(
            outcome,
            diagnostics=(),
            chunks=chunks,
            counts=counts,
            encoded=codec.encode(outcome, shipped) if codec.supported() else None,
        )


class _Worker:
    """This worker process's planner and shipping, set once when the process starts (a
    forked worker inherits the parent's planner, with every plan already built)."""

    planner: Planner | None = None
    shipping: Shipping | None = None


def _start_worker(planner: Planner | None, options: LintOptions, shipping: Shipping | None) -> None:
    _Worker.planner = planner if planner is not None else Planner(options)
    _Worker.shipping = shipping
    gc.freeze()  # what start-up built is never garbage: no collection walks it again


def _lint_in_worker(task: FileTask) -> FileOutcome:
    planner = _Worker.planner if _Worker.planner is not None else Planner(task.options)
    outcome = lint_file(task, planner)
    return outcome if _Worker.shipping is None else _Worker.shipping.ship(outcome, task, planner)


class InWorkers:
    """Each task's outcome, in order, from `jobs` worker processes, as they come; when the
    processes cannot be started or break, the rest from this process (the outcomes are the
    same either way; `in_processes` says whether all came from workers)."""

    def __init__(
        self,
        tasks: list[FileTask],
        planner: Planner,
        jobs: int,
        shipping: Shipping | None = None,
    ) -> None:
        self.tasks, self.planner, self.jobs, self.shipping = tasks, planner, jobs, shipping
        self.in_processes = False

    def __iter__(self) -> Iterator[FileOutcome]:
        import multiprocessing  # here: a run of a few files never pays for these imports
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        # fork is cheap and hands the workers the built plans; with other threads running
        # it could deadlock a child, so a threaded caller (an editor's server) gets spawn
        fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        context = multiprocessing.get_context("fork" if fork else "spawn")
        chunk = max(1, min(16, len(self.tasks) // (self.jobs * 8)))
        done = 0
        try:
            with ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self.planner if fork else None, self.planner.options, self.shipping),
            ) as pool:
                for outcome in pool.map(_lint_in_worker, self.tasks, chunksize=chunk):
                    done += 1
                    yield outcome
            self.in_processes = True
            return
        except (BrokenProcessPool, OSError):
            pass
        for task in self.tasks[done:]:
            yield lint_file(task, self.planner)
