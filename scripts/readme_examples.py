"""Regenerate (or check) the command output shown in README.md, so that it never goes stale.

A generated example is a fenced block right after a marker line naming its command:

    <!-- output: naftiko-lint check fixtures/seeds/001_3b724ad6c0282b03.yaml -->
    ```text
    ...what the command prints...
    ```

The command runs from the repository's root with this Python (`python -m naftiko_lint`), no
colour, a result cache of its own and a terminal width of 100; its standard output is the
block's body (`2>&1` at the end of the command adds standard error after it, as the
command wrote them when both go to one pipe).

    python scripts/readme_examples.py          # rewrite README.md's examples
    python scripts/readme_examples.py --check  # exit 1 and show the difference when stale
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
TOOL = "naftiko-lint"
EXAMPLE = re.compile(
    r"(?P<marker><!-- output: (?P<command>[^\n]*?) -->\n```[^\n]*\n)(?P<body>.*?)(?P<end>```)",
    re.DOTALL,
)


def run_example(command: str, cache: str) -> str:
    """What `command` (a naftiko-lint command line) prints, as the README shows it."""
    merged = command.endswith(" 2>&1")
    words = shlex.split(command.removesuffix(" 2>&1"))
    if not words or words[0] != TOOL:
        raise ValueError(f"an example must run {TOOL}: {command!r}")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("FORCE_COLOR", "NAFTIKO_LINT_DEBUG", "NAFTIKO_LINT_CACHE_DIR")
    }
    environment.update(NO_COLOR="1", COLUMNS="100", NAFTIKO_LINT_CACHE_DIR=cache)
    done = subprocess.run(
        [sys.executable, "-m", "naftiko_lint", *words[1:]],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    text = done.stdout.decode("utf-8")
    return text if text.endswith("\n") or not text else text + "\n"


def regenerate(readme: str) -> str:
    """README.md's text with every example's body replaced by what its command prints."""
    with tempfile.TemporaryDirectory() as cache:

        def replace(match: re.Match[str]) -> str:
            body = run_example(match["command"], cache)
            return match["marker"] + body + match["end"]

        return EXAMPLE.sub(replace, readme)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--check", action="store_true", help="only say whether it is stale")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    current = args.readme.read_text(encoding="utf-8")
    fresh = regenerate(current)
    if fresh == current:
        return 0
    if args.check:
        diff = difflib.unified_diff(
            current.splitlines(keepends=True),
            fresh.splitlines(keepends=True),
            "README.md (committed)",
            "README.md (regenerated)",
        )
        sys.stdout.writelines(diff)
        print("README.md's examples are stale: run python scripts/readme_examples.py")
        return 1
    args.readme.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
