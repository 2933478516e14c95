"""`naftiko-lint versions` and `schema`: what the bundled spec data says. They read the
version table and a schema file only, so they never import the check pipeline."""

from __future__ import annotations

import argparse

from naftiko_lint.cli import EXIT_OK
from naftiko_lint.cli.output import write, write_lines
from naftiko_lint.spec import versions


def add_arguments(command: str, parser: argparse.ArgumentParser) -> None:
    if command == "schema":
        parser.add_argument(
            "--spec-version",
            choices=versions.known_names(),
            metavar="VERSION",
            default=versions.LATEST.name,
            help="one of %(choices)s (default: %(default)s)",
        )


def _versions() -> int:
    lines = []
    for version in versions.KNOWN_VERSIONS:
        marker = " (latest)" if version is versions.LATEST else ""
        lines.append(f"{version.name}{marker}  {version.summary}")
    write_lines(lines)
    return EXIT_OK


def _schema(name: str) -> int:
    spec = versions.get(name)
    assert spec is not None  # argparse restricts the choices
    write(spec.schema_file.read_text(encoding="utf-8"))
    return EXIT_OK


def run(command: str, args: argparse.Namespace) -> int:
    return _versions() if command == "versions" else _schema(args.spec_version)
