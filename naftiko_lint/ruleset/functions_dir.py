"""A ruleset's own functions: `functions: [name]` loads `<functionsDir>/<name>.py`, and only
that file (a plain name, inside the folder once symlinks are followed, a regular file).
User code that fails to load is a located problem, never a crash."""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import replace
from pathlib import Path

from naftiko_lint.functions.api import RuleFunction

_FUNCTION_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
Problems = list[tuple[str, str]]  # (pointer in the ruleset, message)


def load(
    data: dict, base: Path, builtins: dict[str, RuleFunction]
) -> tuple[dict[str, RuleFunction], Problems]:
    """The functions a ruleset's `functions` list names, and the problems found."""
    found: dict[str, RuleFunction] = {}
    problems: Problems = []
    folder = base / data.get("functionsDir", "functions")
    for i, name in enumerate(data.get("functions") or []):
        where = f"/functions/{i}"
        if not _FUNCTION_NAME.match(name):
            problems.append(
                (
                    where,
                    f"function name {name!r} is not a plain "
                    "file name (letters, digits, '-' and '_'): a function is loaded "
                    "only from <functionsDir>/<name>.py, never from a path or a "
                    "Python module",
                )
            )
            continue
        file = folder / f"{name}.py"
        if file.exists() and not _inside(file, folder):
            problems.append(
                (
                    where,
                    f"function {name!r}: {file} resolves "
                    f"to {file.resolve()}, outside functionsDir {folder.resolve()}; "
                    "only files inside functionsDir are run",
                )
            )
            continue
        if file.exists() and not file.is_file():
            problems.append((where, f"function {name!r}: {file} is not a regular file"))
            continue
        if file.exists():
            loaded = _load_python_function(where, name, file, problems)
            if loaded is not None:
                found[name] = loaded
        elif name not in builtins:  # a built-in (e.g. an official JS function's equivalent)
            problems.append(
                (where, f"function {name!r} has no file {file} and no built-in of that name")
            )
    return found, problems


def _load_python_function(
    where: str, name: str, file: Path, problems: Problems
) -> RuleFunction | None:
    module_name = f"naftiko_lint_user_functions.{file.stem.replace('-', '_')}_{id(file)}"
    try:
        spec = importlib.util.spec_from_file_location(module_name, file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except Exception as error:  # user code: report, never crash
        problems.append((where, f"cannot load {file}: {type(error).__name__}: {error}"))
        return None
    for item in vars(module).values():
        if isinstance(item, RuleFunction):
            return replace(item, name=name)
    fn = getattr(module, name.replace("-", "_"), None) or getattr(module, "run", None)
    if not callable(fn):
        problems.append(
            (where, f"{file} defines no function {name.replace('-', '_')!r} (or 'run')")
        )
        return None
    return RuleFunction(name, fn, getattr(module, "INPUT", None), getattr(module, "OPTIONS", {}))


def _inside(file: Path, folder: Path) -> bool:
    """`file` is in `folder` once symlinks are followed (a link out of it is refused)."""
    try:
        file.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True
