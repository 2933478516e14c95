"""Project configuration: `.naftiko-lint.yaml` or `[tool.naftiko-lint]` in pyproject.toml.

    extends: [./house-rules.yaml]     # rulesets used together with the default one
    rules:                            # severity per rule id, or off
      schema-unknown-property: off
    include: ["capabilities/**"]      # globs, relative to the configuration's folder
    exclude: ["**/generated/**"]      # (naftiko_lint.globs: the dialect of Spectral's overrides)
    fail-on: warning

`extends` entries follow the Spectral form: a path, or [path, off|recommended|all]. The
default ruleset is `naftiko-lint:default`; `extends: [[naftiko-lint:default, off], ...]`
turns its rules off.

A Config is plain data (picklable, comparable), so a worker process can take one: where a
later check may need a position in the file (an unknown id under `rules:`), the position is
computed when the file is read and kept in `positions`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Range
from naftiko_lint.document.loading import MAX_FILE_BYTES, parse_document
from naftiko_lint.errors import ConfigError, ConfigProblem
from naftiko_lint.globs import compile_glob, relative_to
from naftiko_lint.reading import ReadError, read_file
from naftiko_lint.ruleset.extends import (
    EXTENDS,
    SEVERITY,
    extends_entries,
    extends_names,
    never_fetched,
    url_of,
)
from naftiko_lint.spec.quick import schema_errors
from naftiko_lint.suggest import did_you_mean

CONFIG_NAMES = (".naftiko-lint.yaml", ".naftiko-lint.yml")
FAIL_LEVELS = ("error", "warning", "info", "hint", "never")

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "extends": EXTENDS,
        "rules": {"type": "object", "additionalProperties": SEVERITY},
        "include": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "fail-on": {"enum": list(FAIL_LEVELS)},
    },
}
Locate = Callable[[str], Range]  # pointer -> where it is in the configuration file


@dataclass(frozen=True)
class Config:
    source: str | None = None  # the file it came from; None = built-in defaults
    base: Path = field(default_factory=Path.cwd)
    extends: tuple[tuple[str, str], ...] = ()  # (ruleset, mode) pairs
    rules: dict[str, Any] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str | None = None
    # pointer -> position in the file, for each pointer a later check may report (`/rules/<id>`)
    positions: dict[str, Range] = field(default_factory=dict, repr=False)

    def selects(self, file: Path) -> bool:
        """Include/exclude globs (naftiko_lint.globs), relative to the configuration's folder."""
        if not self.include and not self.exclude:
            return True  # no pattern to match: the file's real path is not needed
        relative = relative_to(file, self.base)
        if self.include and not any(compile_glob(g).match(relative) for g in self.include):
            return False
        return not any(compile_glob(g).match(relative) for g in self.exclude)

    def excludes(self, file: Path) -> bool:
        """Only the `exclude` globs (--force-exclude applies them to named files: a hook
        names every staged file, and an excluded one must not block the commit)."""
        if not self.exclude:
            return False
        relative = relative_to(file, self.base)
        return any(compile_glob(g).match(relative) for g in self.exclude)

    def locate(self, pointer: str) -> Range | None:
        """Where `pointer` is in the configuration file, if it was recorded at load time."""
        return self.positions.get(pointer)

    def key(self) -> str:
        return self.source or "<defaults>"


def _from_data(data: Any, source: str, locate: Locate) -> Config:
    if data is None:
        data = {}
    problems = []
    for error in sorted(schema_errors(SCHEMA, data), key=lambda e: list(e.absolute_path)):
        pointer = jp.join(error.absolute_path)
        if error.validator == "additionalProperties":
            extra = [k for k in error.instance if k not in SCHEMA["properties"]]
            message = f"unknown key {extra[0]!r}{did_you_mean(extra[0], SCHEMA['properties'])}"
            pointer = jp.child(pointer, extra[0])
        else:
            message = f"{pointer or 'configuration'}: {error.message}"
        problems.append(ConfigProblem(source, message, locate(pointer)))
    for pointer, name in [] if problems else extends_names(data.get("extends", ())):
        url = url_of(name)
        if url is not None:
            problems.append(ConfigProblem(source, f"extends {never_fetched(url)}", locate(pointer)))
    if problems:
        raise ConfigError(problems)
    # a configuration's own extends take every rule of a ruleset unless a mode says otherwise
    extends = extends_entries(data.get("extends", ()), default_mode="all")
    rules = dict(data.get("rules") or {})
    return Config(
        source=source,
        base=Path(source).resolve().parent,
        extends=tuple(extends),
        rules=rules,
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        fail_on=data.get("fail-on"),
        positions={f"/rules/{rule_id}": locate(f"/rules/{rule_id}") for rule_id in rules},
    )


def _read_config_bytes(path: Path) -> bytes:
    """Only a regular file, never more than MAX_FILE_BYTES (a FIFO must not hang a run)."""
    try:
        content = read_file(path, MAX_FILE_BYTES)
    except ReadError as error:
        raise ConfigError([ConfigProblem(str(path), str(error))]) from None
    if content.truncated:
        raise ConfigError(
            [ConfigProblem(str(path), f"cannot read: over the {MAX_FILE_BYTES}-byte limit")]
        )
    return content.data


def load_config(path: Path) -> Config:
    raw = _read_config_bytes(path)
    if path.name == "pyproject.toml":
        tomllib = _tomllib()
        try:
            table = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(
                [ConfigProblem(str(path), f"invalid TOML: {error}", _toml_error_range(str(error)))]
            ) from None
        data = table.get("tool", {}).get("naftiko-lint", {})
        return _from_data(data, str(path), lambda pointer: _toml_range(raw, pointer))
    doc = parse_document(str(path), raw)
    if doc.problems:
        raise ConfigError([ConfigProblem(str(path), p.message, p.range) for p in doc.problems])
    return _from_data(doc.data, str(path), lambda pointer: doc.range_of(pointer, on_key=True))


def _tomllib() -> Any:
    """tomllib (tomli before Python 3.11), imported only to read a pyproject.toml."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def _toml_error_range(message: str) -> Range:
    """tomllib says where in its message: '… (at line 3, column 19)'."""
    where = re.search(r"\(at line (\d+), column (\d+)\)", message)
    return Range.point(int(where[1]), int(where[2])) if where else Range.point(1, 1)


def _toml_range(raw: bytes, pointer: str) -> Range:
    """Best effort for TOML: the line that names the last key of the pointer."""
    token = jp.split(pointer)[-1] if pointer else "tool.naftiko-lint"
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        if token in line:
            return Range.point(number, line.index(token) + 1)
    return Range.point(1, 1)


def find_config(start: Path) -> Path | None:
    """The nearest `.naftiko-lint.yaml`, or pyproject.toml with [tool.naftiko-lint]."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate_dir / name).is_file():
                return candidate_dir / name
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file() and _mentions_our_table(pyproject):
            return pyproject
    return None


# `[tool.naftiko-lint]`, `[tool.naftiko-lint.rules]`, `[ tool . "naftiko-lint" ]`, or a
# dotted `tool.naftiko-lint.x = …` key — and a header broken by a typo (`[tool.naftiko-lint`),
# which then fails as invalid TOML instead of being ignored.
_OUR_TABLE = re.compile(
    rb"""^[ \t]*(?:\[+[ \t]*)?tool[ \t]*\.[ \t]*["']?naftiko-lint(?![\w-])""", re.MULTILINE
)


def _mentions_our_table(pyproject: Path) -> bool:
    try:
        return _OUR_TABLE.search(read_file(pyproject, MAX_FILE_BYTES).data) is not None
    except ReadError:
        return False
