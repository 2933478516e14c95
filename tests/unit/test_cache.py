"""The result cache: a cached run reports exactly what an uncached one does, after any
change to what a file's findings depend on; a cache file that is not ours is ignored with a
note. Driven through the runner's seam (plan_run, run_tasks) on copies of the fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest

from naftiko_lint import formatters
from naftiko_lint.cache import ResultCache, codec, keys
from naftiko_lint.cache.run import Planned, cached_run
from naftiko_lint.diagnostics import Diagnostic, Fix, Position, Range, Severity
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.linter import LintOptions
from naftiko_lint.results import FileReport, LintResult
from naftiko_lint.runner import FileOutcome, FileTask, merge, plan_run, run_tasks


class Run:
    """One run over `paths`: its reports (JSON and text), the files sent to be checked, the
    outcomes reused and the cache's notes."""

    def __init__(
        self, paths: list[Path], cache_dir: Path | None, jobs: int = 1, **options: object
    ) -> None:
        lint_options = LintOptions(**options)  # type: ignore[arg-type]
        result = LintResult()
        planner, planned = plan_run([str(p) for p in paths], lint_options, result)
        self.checked: list[str] = []
        self.notes: list[str] = []

        def run(items: Planned) -> Iterable[tuple[FileTask, FileOutcome]]:
            self.checked += [task.display for task, outcome in items if outcome is None]
            return run_tasks(items, planner, jobs)

        cache = None if cache_dir is None else ResultCache.open(cache_dir, self.notes)
        stream = run(planned) if cache is None else cached_run(planned, planner, cache, run)
        for task, outcome in stream:
            merge(result, task, outcome)
        self.hits = 0
        if cache is not None:
            cache.save()
            self.hits = cache.hits
        result.diagnostics.sort(key=Diagnostic.sort_key)
        self.reports = tuple(
            formatters.load(name)(FormatOptions()).format(result) for name in ("json", "text")
        )


def check(copied: Path, cache: Path, **options: object) -> Run:
    """A cached run, asserted equal to an uncached one of the same files."""
    cached = Run([copied], cache, **options)
    assert cached.reports == Run([copied], None, **options).reports
    return cached


def test_a_rerun_reuses_every_result_and_reports_the_same_bytes(
    copied: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = check(copied, cache)
    assert len(first.checked) == 17 and first.hits == 0
    second = check(copied, cache)
    assert second.checked == [] and second.hits == 17
    assert second.notes == first.notes == []
    assert '"rule": "' in second.reports[0]  # the seeds have findings: they were cached
    assert (cache / ".gitignore").read_text() == "*\n"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f")


def test_outcomes_found_in_worker_processes_are_stored(copied: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = Run([copied], cache, jobs=2)
    assert first.reports == Run([copied], None).reports
    second = Run([copied], cache, jobs=2)
    assert (second.checked, second.hits, second.reports) == ([], 17, first.reports)


def test_a_changed_file_alone_is_checked_again(copied: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(copied, cache)
    steps = copied / "clean" / "steps.yaml"
    steps.write_text(steps.read_text().replace("naftiko: ", "naftiko:  ", 1) + "extra: 1\n")
    assert check(copied, cache).checked == [str(steps)]
    assert check(copied, cache).checked == []


def test_a_changed_shared_file_rechecks_its_importers(copied: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(copied, cache)
    shared = copied / "clean" / "shared" / "crew-api.yaml"
    shared.write_text(shared.read_text().replace("namespace:", "namespace: x\n  other:", 1))
    again = check(copied, cache)
    assert str(copied / "clean" / "imports.yaml") in again.checked
    assert str(copied / "clean" / "steps.yaml") not in again.checked


def test_a_deleted_then_recreated_import_is_noticed(copied: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(copied, cache)
    shared = copied / "clean" / "shared" / "binds-registry.yaml"
    text = shared.read_text()
    shared.unlink()
    gone = check(copied, cache)
    assert str(copied / "clean" / "binds-shared-importer.yaml") in gone.checked
    assert "import" in gone.reports[1]  # the importer now reports the missing file
    shared.write_text(text)
    back = check(copied, cache)
    assert str(copied / "clean" / "binds-shared-importer.yaml") in back.checked


def test_a_changed_configuration_rechecks_everything(copied: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    config = copied / ".naftiko-lint.yaml"
    config.write_text("rules: {}\n")
    check(copied, cache)
    config.write_text("rules:\n  schema-unknown-property: off\n  naftiko-info-tags: off\n")
    assert len(check(copied, cache).checked) == 17
    assert check(copied, cache).checked == []


def test_a_changed_ruleset_or_function_rechecks_everything(copied: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (copied / "functions").mkdir()
    function = copied / "functions" / "short.py"
    function.write_text("def short(target, options, context):\n    return []\n")
    house = copied / "house.yaml"
    house.write_text(
        "functions: [short]\nrules:\n  label-short:\n    description: Labels are short.\n"
        "    severity: warning\n    given: $.info.label\n    then: {function: short}\n"
    )
    (copied / ".naftiko-lint.yaml").write_text("extends: [./house.yaml]\n")
    first = check(copied, cache)
    assert "label-short" not in first.reports[1]
    function.write_text(
        "from naftiko_lint.functions import FunctionResult\n"
        "def short(target, options, context):\n"
        "    return [FunctionResult('too long')] if len(target) > 3 else []\n"
    )
    changed = check(copied, cache)
    assert len(changed.checked) == 17
    assert "label-short" in changed.reports[1]
    house.write_text(house.read_text().replace("severity: warning", "severity: error"))
    assert len(check(copied, cache).checked) == 17
    assert check(copied, cache).checked == []


def test_other_options_use_other_results(copied: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(copied, cache)
    limited = check(copied, cache, max_findings=3)
    assert len(limited.checked) == 17
    assert check(copied, cache).hits == 17  # both kept, side by side
    assert check(copied, cache, max_findings=3).hits == 17


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-5] + b"xxxxx",  # a bad trailer
        lambda data: data[:200] + bytes(b ^ 0xFF for b in data[200:400]) + data[400:],
        lambda data: b"\x80\x05pickle? never",  # foreign
        lambda data: b"",
    ],
    ids=["truncated", "trailer", "flipped-bytes", "foreign", "empty"],
)
def test_a_corrupt_cache_file_gives_a_note_and_the_right_report(
    copied: Path, tmp_path: Path, damage: object
) -> None:
    cache = tmp_path / "cache"
    check(copied, cache)
    (file,) = cache.glob("*.cache")
    file.write_bytes(damage(file.read_bytes()))  # type: ignore[operator]
    broken = check(copied, cache)  # the same report: a corrupt part is never used
    assert broken.hits < 17
    assert broken.notes and all(n.startswith("cache ignored: ") for n in broken.notes)
    healed = check(copied, cache)
    assert (healed.hits, healed.notes) == (17, [])


def test_standard_input_and_internal_errors_are_never_stored(tmp_path: Path) -> None:
    notes: list[str] = []
    cache = ResultCache.open(tmp_path / "cache", notes)
    report = FileReport("-", None)
    stdin = FileTask("-", None, None, None, LintOptions(), b"naftiko: 1\n")
    file = tmp_path / "a.yaml"
    file.write_text("naftiko: 1\n")
    task = FileTask(str(file), str(file), str(file), None, LintOptions())
    internal = Diagnostic("internal-error", Severity.ERROR, "boom", str(file))
    cache.store(stdin, None, FileOutcome(report))  # type: ignore[arg-type]
    cache.store(task, None, FileOutcome(report, (internal,)))  # type: ignore[arg-type]
    cache.store(task, None, FileOutcome(report, tracebacks=("Traceback",)))  # type: ignore[arg-type]
    cache.save()
    assert not (tmp_path / "cache").exists()
    assert cache.lookup(stdin, None) is None  # type: ignore[arg-type]
    assert notes == []


def test_every_field_of_a_diagnostic_survives_the_cache() -> None:
    where = Range(Position(3, 5), Position(4, 1))
    diagnostic = Diagnostic(
        "rule-x",
        Severity.HINT,
        "a message: é",
        "caps/a.yaml",
        "/info/label",
        where,
        Fix("replacement", safe=False),
        (Range.point(9, 2), where),
    )
    outcome = FileOutcome(
        FileReport("caps/a.yaml", "1.0.0-alpha2"),
        (diagnostic,),
        fail_on="warning",
        inputs=("/x/shared.yaml",),
    )
    assert codec.supported()
    back = codec.decode(codec.encode(outcome))
    assert back == outcome
    assert repr(back) == repr(outcome)
    with pytest.raises(ValueError):
        codec.decode(b"\x00garbage")


def test_an_entry_stored_shipped_gives_its_chunk_only_to_the_same_format() -> None:
    from naftiko_lint.workers import Report, Shipping

    def shipping(name: str, options: FormatOptions, *encoding: str) -> Shipping:
        return Shipping((Report(formatters.load(name)(options), *encoding),))

    diagnostic = Diagnostic(
        "rule-x", Severity.WARNING, "m", "a.yaml", "/info", Range.point(2, 1), None, ()
    )
    outcome = FileOutcome(FileReport("a.yaml", "1.0.0-alpha2"), (diagnostic,))
    json_shipping = shipping("json", FormatOptions())
    shipped = json_shipping.ship(outcome)
    assert shipped.encoded is not None and shipped.chunks
    back = codec.decode(shipped.encoded, json_shipping.key)
    assert (back.diagnostics, back.chunks, back.counts) == ((), shipped.chunks, shipped.counts)
    assert len(shipped.chunks) == 1
    assert back.counts == (("rule-x", int(Severity.WARNING), 1, 0),)
    # another format, other options or another encoding: the diagnostics, to be formatted
    others = [
        shipping("text", FormatOptions()),
        shipping("json", FormatOptions(quiet=True)),
        shipping("json", FormatOptions(), "ascii", "replace"),
        Shipping((*json_shipping.reports, *shipping("text", FormatOptions()).reports)),
    ]
    assert len({json_shipping.key, *(other.key for other in others)}) == 5
    for other in [*others, None]:
        back = codec.decode(shipped.encoded, None if other is None else other.key)
        assert back.diagnostics == (diagnostic,) and back.chunks is None


def test_a_file_no_longer_there_is_pruned(copied: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(copied, cache)
    (file,) = cache.glob("*.cache")
    before = file.stat().st_size
    for seed in (copied / "seeds").iterdir():
        seed.unlink()
    Run([copied / "clean"], cache)
    assert file.stat().st_size < before / 2  # the seeds' findings are gone
    assert Run([copied / "clean"], cache).checked == []


def test_two_overlapping_runs_leave_a_whole_file(copied: Path, tmp_path: Path) -> None:
    """Both open the cache before either saves (as two hooks started together): each
    writes its own temporary file and the last replace wins, whole."""
    cache = tmp_path / "cache"
    first, second = ([], [])
    caches = [ResultCache.open(cache, first), ResultCache.open(cache, second)]
    result = LintResult()
    planner, planned = plan_run([str(copied)], LintOptions(), result)
    for task, outcome in run_tasks(planned, planner, 1):
        for each in caches:
            each.store(task, planner, outcome)
    for each in caches:
        each.save()
    assert Run([copied], cache).checked == []
    assert not list(cache.glob("*.tmp"))
    assert (first, second) == ([], [])


def test_the_cache_file_depends_on_configuration_and_options(tmp_path: Path) -> None:
    options = LintOptions()
    names = {
        keys.scope_name(None, options),
        keys.scope_name(str(tmp_path / "a.yaml"), options),
        keys.scope_name(None, LintOptions(max_findings=1)),
        keys.scope_name(None, LintOptions(rulesets=(Path("r.yaml"),))),
    }
    assert len(names) == 4
    here = os.getcwd()
    try:
        os.chdir(tmp_path)  # a relative --ruleset names another file from another folder
        assert keys.scope_name(None, LintOptions(rulesets=(Path("r.yaml"),))) not in names
    finally:
        os.chdir(here)


def test_a_digest_tells_contents_absence_and_kind_without_blocking(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_bytes(b"naftiko: 1\n")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opened non-blocking, never read
    digests = [
        keys.file_digest(str(file), 100),
        keys.file_digest(str(tmp_path / "missing.yaml"), 100),
        keys.file_digest(str(tmp_path), 100),
        keys.file_digest(str(fifo), 100),
        keys.file_digest(str(file), 5),  # over the limit: by its size
    ]
    assert len(set(digests)) == 5
    file.write_bytes(b"naftiko: 2\n")
    assert keys.file_digest(str(file), 100) != digests[0]
    assert keys.file_digest(str(file), 5) == digests[4]  # the same refusal


def test_a_well_formed_file_of_another_shape_is_not_trusted(copied: Path, tmp_path: Path) -> None:
    """A file with our framing and checksums but other contents (a hand-made or future
    file) is never used, and the run still reports right."""
    import marshal
    import zlib

    from naftiko_lint.cache.store import MAGIC, TRAILER

    cache = tmp_path / "cache"
    check(copied, cache)
    (file,) = cache.glob("*.cache")
    for header, entries in [
        ((keys.FORMAT, b"x", b"y", 5), {}),
        (None, {str(copied / "seeds" / "x.yaml"): ("a",) * 8}),
        ("header", {1: 2}),
    ]:
        index = marshal.dumps((header, entries))
        size = len(MAGIC)
        file.write_bytes(MAGIC + index + TRAILER.pack(size, len(index), zlib.crc32(index), MAGIC))
        again = check(copied, cache)
        assert again.hits == 0
