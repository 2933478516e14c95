"""A run with the cache: only the misses are checked (in worker processes, when the runner
uses them), the hits read from the cache when their turn comes, everything in the planned
order. Each hit is decoded only as it is written out, so memory stays flat."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from naftiko_lint.cache import ResultCache
    from naftiko_lint.runner import FileOutcome, FileTask, Planner
    from naftiko_lint.workers import Shipping

Planned = list[tuple["FileTask", "FileOutcome | None"]]


def cached_run(
    planned: Planned,
    planner: Planner,
    cache: ResultCache,
    run: Callable[[Planned], Iterable[tuple[FileTask, FileOutcome]]],
    shipping: Shipping | None = None,
) -> Iterator[tuple[FileTask, FileOutcome]]:
    """As `run(planned)` (runner.run_tasks with its jobs), in the same order, with the
    same outcomes; `run` gets only the tasks the cache cannot answer, and their outcomes
    are stored. With `shipping` (the CLI's formats), every outcome comes shipped (its chunks
    and counts, as from a worker) and is stored with its chunks, so that a hit in the same
    formats is written out without being formatted again. Call `cache.save()` after the
    last one."""
    from naftiko_lint.runner import lint_file  # the runner may import the cache

    want = None if shipping is None else shipping.key

    def shipped(outcome: FileOutcome, task: FileTask) -> FileOutcome:
        if shipping is None or outcome.chunks is not None:
            return outcome
        return shipping.ship(outcome, task, planner)

    hits = [outcome is None and cache.has(task, planner) for task, outcome in planned]
    missed = iter(run([item for item, hit in zip(planned, hits, strict=True) if not hit]))
    for (task, outcome), hit in zip(planned, hits, strict=True):
        if hit:
            found = cache.lookup(task, planner, want)
            if found is None:  # its entry turned out corrupt: checked here instead
                found = shipped(lint_file(task, planner), task)
                cache.store(task, planner, found)
            yield task, found  # stored in another format: the writer formats it
            continue
        task, found = next(missed)
        if outcome is None:
            found = shipped(found, task)
            cache.store(task, planner, found)
        yield task, found
