"""`python -m naftiko_lint` runs the CLI."""

from naftiko_lint.cli import console

console()
