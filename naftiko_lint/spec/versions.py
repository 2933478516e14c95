"""Known Naftiko spec versions, and detecting the one a document declares."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from naftiko_lint.bundled import schemas_dir


@dataclass(frozen=True)
class SpecVersion:
    name: str
    summary: str

    @property
    def schema_file(self) -> Path:
        return schemas_dir() / f"naftiko-{self.name}.schema.json"


KNOWN_VERSIONS: tuple[SpecVersion, ...] = (
    SpecVersion("1.0.0-alpha1", "first 1.0 alpha: binds, MCP tool hints, skills, forward"),
    SpecVersion(
        "1.0.0-alpha2",
        "adds aggregates and ref, the control adapter, oauth2, script steps, mock tools",
    ),
    SpecVersion("1.0.0-alpha3", "same structure as the final 1.0.0-alpha2"),
)
LATEST = KNOWN_VERSIONS[-1]
# Versions the framework published before 1.0; recognised so the message can say so.
RETIRED_VERSIONS = ("0.2", "0.3", "0.4", "0.5")

_BY_NAME = {v.name: v for v in KNOWN_VERSIONS}


def get(name: str) -> SpecVersion | None:
    return _BY_NAME.get(name)


def known_names() -> list[str]:
    return [v.name for v in KNOWN_VERSIONS]


def unknown_version_message(value: object) -> tuple[str, str | None]:
    """Message and suggestion for a `naftiko:` value that is no known version."""
    known = ", ".join(known_names())
    if not isinstance(value, str):
        text = "null" if value is None else repr(value)
        return (
            f'The naftiko version must be a string such as "{LATEST.name}", '
            f"not {text}; known versions: {known}",
            LATEST.name,
        )
    if value in RETIRED_VERSIONS:
        return (
            f"Naftiko spec version {value!r} predates 1.0 and is not supported; "
            f"migrate to {LATEST.name} (known versions: {known}); {_NOT_CHECKED}",
            LATEST.name,
        )
    close = difflib.get_close_matches(value.strip(), known_names(), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return (
        f"Unknown Naftiko spec version {value!r} (known versions: {known}); {_NOT_CHECKED}{hint}",
        close[0] if close else None,
    )


# The schema and the default rules judge a known version's engine; on any other they would
# report that engine's verdicts on a format it never read.
_NOT_CHECKED = (
    "its schema and consistency rules are not checked (--spec-version VERSION "
    "checks it as that version)"
)
