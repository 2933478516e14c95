"""A run with the cache: only the misses are checked (in worker processes, when the runner
uses them), the hits read from the cache when their turn comes, everything in the planned
order. Each hit is decoded only as it is written out, so memory stays flat."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from naftiko_lint.cache import ResultCache
    from naftiko_lint.runner import FileOutcome, FileTask, Planner

Planned = list[tuple["FileTask", "FileOutcome | None"]]


def cached_run(
    planned: Planned,
    planner: Planner,
    cache: ResultCache,
    run: Callable[[Planned], Iterable[tuple[FileTask, FileOutcome]]],
) -> Iterator[tuple[FileTask, FileOutcome]]:
    """As `run(planned)` (runner.run_tasks with its jobs), in the same order, with the
    same outcomes; `run` gets only the tasks the cache cannot answer, and their outcomes
    are stored. Call `cache.save()` after the last one."""
    from naftiko_lint.runner import lint_file  # the runner may import the cache

    hits = [outcome is None and cache.has(task, planner) for task, outcome in planned]
    missed = iter(run([item for item, hit in zip(planned, hits, strict=True) if not hit]))
    for (task, outcome), hit in zip(planned, hits, strict=True):
        if hit:
            found = cache.lookup(task, planner)
            if found is None:  # its entry turned out corrupt: checked here instead
                found = lint_file(task, planner)
                cache.store(task, planner, found)
            yield task, found
            continue
        task, found = next(missed)
        if outcome is None:
            cache.store(task, planner, found)
        yield task, found
