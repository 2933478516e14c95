"""`--baseline FILE` and `--write-baseline FILE` in a `check` run (naftiko_lint.baseline):
each checked file's diagnostics are fingerprinted from its text, recorded, and filtered
down to the new ones before they are counted or formatted."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from naftiko_lint.baseline import Baseline, BaselineWriter, fingerprint, split_lines
from naftiko_lint.runner import FileOutcome, FileTask, source_text


def add_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--baseline",
        metavar="FILE",
        default=None,
        help="report only findings not recorded in FILE (made by --write-baseline); "
        "says how many recorded ones no longer occur",
    )
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        default=None,
        help="record every finding of this run in FILE (by file, rule, pointer and a "
        "fingerprint of the node, not by line) and exit 0 unless a file could not be checked",
    )


class Baselining:
    """The run's baseline steps; `active` is False when neither option was given."""

    def __init__(self, args: argparse.Namespace) -> None:
        """BaselineError (worded for the user) when --baseline names no baseline file."""
        self.baseline = None if args.baseline is None else Baseline.read(Path(args.baseline))
        self.writer = (
            None if args.write_baseline is None else BaselineWriter(Path(args.write_baseline))
        )
        self.active = self.baseline is not None or self.writer is not None

    def apply(self, task: FileTask, outcome: FileOutcome) -> FileOutcome:
        """The outcome with only its new diagnostics (its whole diagnostics recorded)."""
        if outcome.report is None or not outcome.diagnostics:
            if self.baseline is not None and outcome.report is not None:
                self.baseline.new_findings(task.path or task.display, (), ())
            return outcome
        lines = split_lines(source_text(task))
        prints = [fingerprint(d, lines) for d in outcome.diagnostics]
        file = task.path or task.display
        if self.writer is not None:
            self.writer.add(file, outcome.diagnostics, prints)
        if self.baseline is None:
            return outcome
        kept = self.baseline.new_findings(file, outcome.diagnostics, prints)
        return replace(outcome, diagnostics=tuple(kept))

    def finish(self) -> list[str]:
        """Write the baseline asked for; the notes for stderr."""
        notes = []
        if self.baseline is not None:
            gone = self.baseline.gone()
            note = f"baseline: {self.baseline.suppressed} known finding(s) not reported"
            if gone:
                note += (
                    f"; {gone} baseline entr{'y' if gone == 1 else 'ies'} no longer occur "
                    "(fixed: refresh the file with --write-baseline)"
                )
            notes.append(note)
        if self.writer is not None:
            self.writer.write()
            notes.append(
                f"baseline: {len(self.writer.rows)} finding(s) written to {self.writer.path}"
            )
        return notes
