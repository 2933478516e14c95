"""A run's report, written while the run goes on: each file's diagnostics are formatted as
soon as the file is checked and then dropped, so memory stays flat in the number of files.

The report lists diagnostics in path order. When the files are checked in that order and
the format has nothing to say before the first diagnostic (text), chunks go straight to
the output; otherwise (the JSON report starts with the list of files) they are spooled as
bytes, in memory up to a megabyte and on disk beyond, and copied out in path order
when the run ends."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator, Sequence

from naftiko_lint.cli.output import Sink
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.formatters.base import Formatter
from naftiko_lint.results import FileContext, LintResult

SPOOL_IN_MEMORY = 1 << 20  # bytes of formatted findings kept in memory before the disk


class ReportWriter:
    def __init__(self, formatter: Formatter, sink: Sink, displays: Sequence[str]) -> None:
        """`displays`: the paths of the files to be checked, in the order they will be."""
        self.formatter = formatter
        self.sink = sink
        unique = len(set(displays)) == len(displays)
        in_order = all(a < b for a, b in itertools.pairwise(displays))
        self._direct = in_order and not formatter.needs_head
        # the same path twice (never from discovery): its diagnostics must interleave in
        # the sorted report, so they are kept and sorted at the end
        self._kept: list[Diagnostic] | None = None if unique else []
        self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
        self._index: list[tuple[str, int, int]] = []  # (display, offset, length)
        self._offset = 0

    @property
    def takes_encoded(self) -> bool:
        """Chunks formatted elsewhere (worker processes) can be added as they are."""
        return self._kept is None

    def add(
        self,
        display: str,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> None:
        """One checked file's diagnostics (sorted), formatted now; `source`: its text, for a
        formatter that shows it; `file`: its context, for one that lists what passed."""
        if self._kept is not None:
            self._kept.extend(diagnostics)
            return
        formatter = self.formatter
        chunk = formatter.chunk(
            diagnostics,
            source if formatter.needs_source else None,
            file if formatter.needs_file else None,
        )
        if chunk:
            self.add_encoded(display, self.sink.encode(chunk))

    def add_encoded(self, display: str, data: bytes) -> None:
        """One checked file's chunk, already formatted and encoded (by a worker process)."""
        if not data:
            return
        if self._kept is not None:
            raise ValueError("a run that names a file twice formats in this process")
        if self._direct:
            self.sink.write_bytes(data)
            return
        self._spool.write(data)
        self._index.append((display, self._offset, len(data)))
        self._offset += len(data)

    def _chunks(self) -> Iterator[bytes]:
        if self._kept is not None:
            yield self.sink.encode(
                self.formatter.chunk(sorted(self._kept, key=Diagnostic.sort_key))
            )
            return
        if self._direct:
            return
        spool = self._spool
        for _, offset, length in sorted(self._index, key=lambda entry: entry[0]):
            spool.seek(offset)
            yield spool.read(length)

    def finish(self, result: LintResult) -> None:
        """The rest of the report, now that the run is over; then the output is closed."""
        try:
            for piece in self.formatter.document(result, self._chunks()):
                if isinstance(piece, bytes):  # a chunk, encoded already
                    self.sink.write_bytes(piece)
                else:
                    self.sink.write(piece)
            self.sink.close()
        finally:
            self._spool.close()
