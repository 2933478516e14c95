"""One cache file: the outcomes of the files checked with one configuration and one set of
options, and an index to find them.

    MAGIC | outcome, outcome, ... | index (marshal) | trailer: index offset, length, CRC, MAGIC

Only the index is read when the file is opened (a few hundred bytes per checked file); an
outcome is read, checked against its CRC and decoded when its file is looked up, so memory
does not grow with the findings cached. New outcomes go straight to a temporary file beside
it, which replaces the old one at the end (os.replace: a reader, or a concurrent run, sees
the old file or the new one, never half of one; of two concurrent runs the last one wins).
A file that is not one of ours, truncated or corrupt is ignored with a note."""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import tempfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO

MAGIC = b"NLCACHE\x01"
TRAILER = struct.Struct("<QQI8s")
# an index entry: display, anchor, file digest, ((input, digest), ...), seen, offset,
# length, CRC of the outcome's bytes
Entry = tuple[str, "str | None", bytes, tuple[tuple[str, bytes], ...], int, int, int, int]
_OFFSET = 5  # where the entry's location starts


class CacheFile:
    """A cache file being read (`entries`, `blob`) and rewritten (`put`, `save`)."""

    def __init__(self, path: Path, notes: list[str]) -> None:
        self.path = path
        self.notes = notes
        self.header: Any = None  # what the entries were checked with
        self.entries: dict[str, Entry] = {}  # from the file on disk
        self.added: dict[str, Entry] = {}  # written this run, to the temporary file
        self.dropped = False  # an entry was found corrupt: the file must be rewritten
        self._old: BinaryIO | None = None
        self._new: BinaryIO | None = None
        self._new_name: str | None = None
        self._size = 0
        self._read()

    def _read(self) -> None:
        try:
            stream = open(self.path, "rb")  # noqa: SIM115 - kept open for the outcomes
        except FileNotFoundError:
            return
        except OSError as error:
            self.notes.append(f"cache ignored: {self.path}: {error.strerror or error}")
            return
        try:
            self.header, self.entries = _index(stream)
        except (OSError, ValueError, EOFError, TypeError) as error:
            stream.close()
            self.notes.append(f"cache ignored: {self.path}: corrupt ({error})")
            return
        self._old = stream

    def forget(self) -> None:
        """Drop what the file held (it was made with other rules or another tool)."""
        self.entries = {}
        self.header = None

    def drop(self, key: str) -> None:
        """Drop one entry (its outcome is not what was written)."""
        self.added.pop(key, None)
        self.entries.pop(key, None)
        self.dropped = True

    def get(self, key: str) -> tuple[Entry, bool] | None:
        """The entry for `key` and whether it was written this run."""
        if key in self.added:
            return self.added[key], True
        entry = self.entries.get(key)
        return None if entry is None else (entry, False)

    def blob(self, entry: Entry, new: bool) -> bytes:
        """The outcome bytes of an entry; ValueError when they are not what was written."""
        offset, length, crc = entry[_OFFSET:]
        stream = self._new if new else self._old
        if stream is None:
            raise ValueError("no data")
        if new:
            stream.flush()
        data = os.pread(stream.fileno(), length, offset)
        if len(data) != length or zlib.crc32(data) != crc:
            raise ValueError("an entry does not match its checksum")
        return data

    def _open_new(self) -> BinaryIO:
        if self._new is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, self._new_name = tempfile.mkstemp(
                dir=self.path.parent, prefix=self.path.name + ".", suffix=".tmp"
            )
            self._new = os.fdopen(fd, "wb")
            self._new.write(MAGIC)
            self._size = len(MAGIC)
        return self._new

    def put(self, key: str, meta: tuple, blob: bytes) -> None:
        """Write one outcome (to the temporary file; it replaces the old one at `save`)."""
        self._open_new().write(blob)
        self.added[key] = (*meta, self._size, len(blob), zlib.crc32(blob))
        self._size += len(blob)

    def save(self, header: Any, keep: dict[str, Entry]) -> None:
        """Write the file: the outcomes added this run and, of the old ones, those in `keep`
        (key -> its index entry, with an updated `seen`), copied from the old file."""
        stream = self._open_new()
        index = dict(self.added)
        for key, entry in keep.items():
            try:
                data = self.blob(entry, False)
            except (OSError, ValueError):
                continue
            stream.write(data)
            index[key] = (*entry[:_OFFSET], self._size, len(data), entry[-1])
            self._size += len(data)
        encoded = marshal.dumps((header, index))
        stream.write(encoded)
        stream.write(TRAILER.pack(self._size, len(encoded), zlib.crc32(encoded), MAGIC))
        stream.close()
        self._new = None
        assert self._new_name is not None
        os.replace(self._new_name, self.path)
        self._new_name = None

    def close(self) -> None:
        """Close both files; a temporary file not saved is removed."""
        for stream in (self._old, self._new):
            if stream is not None:
                stream.close()
        self._old = self._new = None
        if self._new_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._new_name)
            self._new_name = None


def _index(stream: BinaryIO) -> tuple[Any, dict[str, Entry]]:
    if stream.read(len(MAGIC)) != MAGIC:
        raise ValueError("not a naftiko-lint cache file")
    size = os.fstat(stream.fileno()).st_size
    if size < len(MAGIC) + TRAILER.size:
        raise ValueError("truncated")
    stream.seek(size - TRAILER.size)
    offset, length, crc, magic = TRAILER.unpack(stream.read(TRAILER.size))
    if magic != MAGIC or offset + length + TRAILER.size != size:
        raise ValueError("truncated")
    encoded = os.pread(stream.fileno(), length, offset)
    if zlib.crc32(encoded) != crc:
        raise ValueError("the index does not match its checksum")
    header, entries = marshal.loads(encoded)
    if not isinstance(entries, dict) or not all(
        isinstance(k, str) and isinstance(e, tuple) and len(e) == 8 for k, e in entries.items()
    ):
        raise ValueError("unexpected index")
    return header, entries
