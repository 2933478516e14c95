"""What a tool call is about: the `text` an agent sent (standing for the file at `path`, if
given) or a `path` on disk, and the one result every tool returns (`Outcome`).

A problem with the arguments themselves (neither given, a path that does not exist, text
over the linter's file-size limit) is a `ToolFailure`: the server answers it as a tool
error result (`isError`), which an agent can read and correct, never as a protocol error."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from naftiko_lint.document.loading import MAX_FILE_BYTES

TEXT_PATH = "<text>"  # the path reported for text sent without a `path`, as lint_text


class ToolFailure(Exception):
    """The call cannot be carried out; the message tells the agent why and what to send."""


@dataclass(frozen=True)
class Outcome:
    """A tool's answer: `text` for the content, `structured` for structuredContent (None on
    an error), `is_error` for a tool error result."""

    text: str
    structured: dict[str, Any] | None = None
    is_error: bool = False


@dataclass(frozen=True)
class Subject:
    """`display`: the path reported; `raw`: the text sent (UTF-8), None when the file at
    `display` is to be read from disk."""

    display: str
    raw: bytes | None

    @property
    def file(self) -> Path:
        """The path configuration is looked up from and local imports resolve against."""
        return Path(self.display)


def subject_of(
    arguments: dict[str, Any], *, folder_ok: bool, max_bytes: int = MAX_FILE_BYTES
) -> Subject:
    """The subject the arguments name (ToolFailure when they name none, or none usable)."""
    text, path = arguments.get("text"), arguments.get("path")
    if text is not None:
        raw = text.encode("utf-8", "surrogatepass")
        if len(raw) > max_bytes:
            raise ToolFailure(
                f"the text is {len(raw)} bytes, over the {max_bytes}-byte limit of a capability "
                "file (the linter's --max-file-size); send a smaller file"
            )
        return Subject(path or TEXT_PATH, raw)
    if path == "-":
        raise ToolFailure("'-' (standard input) cannot be read by a tool: send the file as `text`")
    if path is None:
        raise ToolFailure(
            "give `text` (the capability file's YAML) or `path` (a file on disk); neither was sent"
        )
    pattern = folder_ok and any(char in path for char in "*?[")  # a glob, as check takes
    if not pattern and not os.path.lexists(path):
        where = os.path.abspath(path)
        raise ToolFailure(f"{path}: no such file or folder (looked for {where})")
    if not folder_ok and os.path.isdir(path):
        raise ToolFailure(f"{path} is a folder; this tool takes one capability file")
    return Subject(path, None)


def source_bytes(subject: Subject, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The subject's bytes: as sent, or the regular file read (never more than `max_bytes`;
    ToolFailure when it cannot be read or is larger)."""
    from naftiko_lint.reading import ReadError, read_file

    if subject.raw is not None:
        return subject.raw
    try:
        content = read_file(subject.file, max_bytes)
    except ReadError as error:
        raise ToolFailure(f"{subject.display}: {error}") from None
    if content.truncated:
        raise ToolFailure(
            f"{subject.display} is over the {max_bytes}-byte limit of a capability file"
        )
    return content.data


def source_text(subject: Subject, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The subject's text: as sent, or the file read as UTF-8 with its line ends kept
    (ToolFailure when it cannot be read or is no UTF-8 text)."""
    raw = source_bytes(subject, max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ToolFailure(
            f"{subject.display} is not UTF-8 text (byte {error.start}); nothing can be fixed"
        ) from None
