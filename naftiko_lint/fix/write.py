"""Writing a fixed file: atomically (a temporary file in the same folder, then
`os.replace`), keeping the file's permission bits."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path`'s content with `data`; the file is never seen half written. OSError
    when it cannot be written (the original then stays as it was)."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    target = path.resolve()  # a symlink: write the file it names, keep the link
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
