"""The text `--help` shows after the options (examples, exit codes) and the "did you mean"
for a command line that names no command: plain strings, so `--help` imports nothing."""

from __future__ import annotations

import os

EXIT_CODES = """\
exit codes:
  0  nothing at or above the --fail-on severity
  1  at least one finding at or above the --fail-on severity (--diff: a file would change)
  2  usage error, bad configuration or ruleset, a named path that cannot be checked,
     nothing checked at all, an internal error, or an output that cannot be written"""

MAIN_EPILOG = f"""\
examples:
  naftiko-lint check caps/                  check every capability under caps/
  naftiko-lint check --format sarif --output naftiko-lint.sarif --format text
  naftiko-lint explain schema-unknown-property
  naftiko-lint COMMAND --help               the options of one command

{EXIT_CODES}"""

CHECK_EPILOG = f"""\
examples:
  naftiko-lint check                        every capability under the current folder
  naftiko-lint check caps/orders.yaml --format json --output report.json
  naftiko-lint check 'caps/**/*.yaml'       a glob the shell did not expand
  naftiko-lint check --select schema --ignore schema-unknown-property caps/
  naftiko-lint check --statistics -q caps/  only the count of findings per rule
  naftiko-lint check --show-files           the files that would be checked
  naftiko-lint check --diff caps/           what --fix would change, as a unified diff
  naftiko-lint check --fix caps/            apply the safe fixes, then report what remains
  naftiko-lint check --fix --unsafe-fixes caps/   the unsafe fixes too (review the diff)
  naftiko-lint check --force-exclude FILE...   as a hook: the configuration's exclude
                                               applies to named files too
  cat a.yaml | naftiko-lint check - --stdin-filename caps/a.yaml

{EXIT_CODES}"""

EPILOGS = {"check": CHECK_EPILOG}  # by command name

# Other linters' names for what `check` does: `naftiko-lint lint x` is a slip, not a typo.
_CHECK_ALIASES = ("lint", "validate", "run", "test", "verify")
_GLOB_CHARS = frozenset("*?[")


def looks_like_path(word: str) -> bool:
    """A bare path where a command belongs (`naftiko-lint caps/`)."""
    return (
        os.sep in word
        or "/" in word
        or word in (".", "..", "-")
        or word.lower().endswith((".yaml", ".yml", ".json"))
        or bool(_GLOB_CHARS & set(word))
        or os.path.exists(word)
    )


def not_a_command(word: str, commands: tuple[str, ...]) -> str:
    """The error line for a first argument that names no command."""
    if looks_like_path(word):
        return f"{word!r} is not a command; did you mean `check {word}`?"
    if word.lower() in _CHECK_ALIASES:
        return f"unknown command {word!r}; did you mean `check`?"
    from naftiko_lint.suggest import did_you_mean

    hint = did_you_mean(word, commands)
    return f"unknown command {word!r}{hint or '; the commands are ' + ', '.join(commands)}"
