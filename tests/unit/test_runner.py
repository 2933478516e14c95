"""The runner's seam: one file's check is a function of plain, picklable data, so a worker
process (or a cache) can run it without anything else from the parent."""

from __future__ import annotations

import multiprocessing
import pickle
from pathlib import Path

from naftiko_lint.linter import LintOptions
from naftiko_lint.results import LintResult
from naftiko_lint.runner import FileTask, Planner, lint_file, lint_paths, merge, plan_tasks

from ..conftest import FIXTURES


def _tasks(paths: list[str]) -> tuple[list[FileTask], LintResult]:
    result = LintResult()
    options = LintOptions()
    planned = list(plan_tasks(paths, options, result, Planner(options)))
    assert all(outcome is None for _, outcome in planned)
    return [task for task, _ in planned], result


def test_tasks_and_outcomes_survive_pickling() -> None:
    tasks, _ = _tasks([str(FIXTURES / "seeds")])
    assert len(tasks) == 4
    for task in tasks:
        assert pickle.loads(pickle.dumps(task)) == task
        outcome = lint_file(task)
        assert pickle.loads(pickle.dumps(outcome)) == outcome
        assert outcome.report is not None and outcome.diagnostics


def test_a_spawned_worker_gives_what_the_serial_run_gives(tmp_path: Path) -> None:
    """A fresh interpreter (spawn: nothing inherited) checks each task; merged, the
    result is the serial run's, configuration and imports included."""
    (tmp_path / ".naftiko-lint.yaml").write_text("rules: {schema-unknown-property: error}\n")
    for name in ("imports.yaml", "rest-inputs.yaml"):
        (tmp_path / name).write_bytes((FIXTURES / "clean" / name).read_bytes())
    (tmp_path / "shared").mkdir()
    for shared in (FIXTURES / "clean" / "shared").iterdir():
        (tmp_path / "shared" / shared.name).write_bytes(shared.read_bytes())
    seed = FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml"
    (tmp_path / "seed.yaml").write_bytes(seed.read_bytes())
    paths = [str(tmp_path)]
    tasks, parallel = _tasks(paths)
    assert {Path(t.display).name for t in tasks} >= {"imports.yaml", "seed.yaml"}
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        outcomes = pool.map(lint_file, tasks)
    for task, outcome in zip(tasks, outcomes, strict=True):
        merge(parallel, task, outcome)
    parallel.diagnostics.sort(key=lambda d: d.sort_key())
    serial = lint_paths(paths, LintOptions())
    assert parallel.diagnostics == serial.diagnostics
    assert parallel.files == serial.files
    assert any(
        d.rule == "schema-unknown-property" and d.severity.label == "error"
        for d in serial.diagnostics
    )


def test_a_rule_plan_survives_pickling() -> None:
    """The default plan (every built-in function, decorated or not) pickles by reference
    and checks a file as the original does."""
    from naftiko_lint.config import Config
    from naftiko_lint.linter import lint_source
    from naftiko_lint.plan import build_plan

    plan = build_plan(Config())
    copy = pickle.loads(pickle.dumps(plan))
    assert copy.engine.functions.keys() == plan.engine.functions.keys()
    seed = FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml"
    options = LintOptions()
    assert lint_source("s.yaml", seed.read_bytes(), options, copy) == lint_source(
        "s.yaml", seed.read_bytes(), options, plan
    )


def test_worker_processes_give_the_serial_outcomes_in_order() -> None:
    """The --jobs path: the tasks really run in worker processes (no silent fallback) and
    their outcomes come back in task order, equal to this process's."""
    from naftiko_lint.workers import InWorkers

    tasks, _ = _tasks([str(FIXTURES / "clean"), str(FIXTURES / "seeds")])
    planner = Planner(LintOptions())
    run = InWorkers(tasks, planner, 2)
    outcomes = list(run)
    assert run.in_processes
    assert outcomes == [lint_file(task, planner) for task in tasks]
