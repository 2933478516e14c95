"""`naftiko-lint lsp`: the language server, over standard input and output.

pygls and lsprotocol are imported only here, when the command runs: `check` never pays
for them. Without them it says how to install them."""

from __future__ import annotations

import argparse
import sys

from naftiko_lint.cli import numbers
from naftiko_lint.cli.output import say
from naftiko_lint.exits import EXIT_ERROR, EXIT_OK

EXTRA = "pip install 'naftiko-lint[lsp]'"


def add_arguments(command: str, parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run the Language Server Protocol server on standard input and output, for editors:\n"
        "the diagnostics `check` gives, as you type; the rules' fixes as code actions; rule\n"
        "docs on hover; go-to-definition and completion of call and ref targets.\n"
        "See docs/editors.md for VS Code, Neovim and Helix."
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over standard input and output (the default and only transport; accepted "
        "because editors pass it)",
    )
    parser.add_argument(
        "--debounce",
        type=numbers.non_negative,
        default=200,
        metavar="MS",
        help="after a change, wait until the editor has been quiet this long before linting "
        "(default: %(default)s)",
    )


def run(command: str, args: argparse.Namespace) -> int:
    try:
        from naftiko_lint.lsp.server import build_server
    except ImportError as error:
        say(f"the language server needs pygls and lsprotocol ({error}); {EXTRA}")
        return EXIT_ERROR
    if sys.stdin.isatty():
        say(
            "the language server talks LSP on standard input and output: start it from an editor "
            "(docs/editors.md); Ctrl-D ends it"
        )
    server = build_server(args.debounce / 1000)
    server.start_io()
    return EXIT_OK
