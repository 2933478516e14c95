"""Command line: the parser, the command registry, `main` and the `naftiko-lint` entry point.

This module imports nothing heavy. Each command lives in a module of this package that is
imported only when that command runs: the parser knows a command's name and help line from
`COMMANDS`, and asks the command's module for its options once the command is chosen (so
`naftiko-lint versions` never pays for the check pipeline, and `check` never for a server).

Adding a command is one module with `add_arguments(command, parser)` and
`run(command, args) -> exit code`, plus one `Command` line in `COMMANDS`."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol, cast

from naftiko_lint import TOOL_NAME, __version__
from naftiko_lint.cli.output import OutputError, say, silence_stdout
from naftiko_lint.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK  # noqa: F401 - the CLI's names


class CommandModule(Protocol):
    """What a command's module provides (one module may serve several commands)."""

    def add_arguments(self, command: str, parser: argparse.ArgumentParser) -> None: ...

    def run(self, command: str, args: argparse.Namespace) -> int: ...


@dataclass(frozen=True)
class Command:
    name: str
    help: str  # the line `naftiko-lint --help` shows
    module: str  # imported only when this command runs

    def load(self) -> CommandModule:
        return cast(CommandModule, import_module(self.module))


COMMANDS: tuple[Command, ...] = (
    Command("check", "check capability files and folders", "naftiko_lint.cli.check"),
    Command("rules", "list every active rule", "naftiko_lint.cli.rules"),
    Command("explain", "print a rule's documentation", "naftiko_lint.cli.rules"),
    Command("versions", "list the supported Naftiko spec versions", "naftiko_lint.cli.spec"),
    Command("schema", "print the bundled JSON Schema of a version", "naftiko_lint.cli.spec"),
    Command(
        "export", "export an exposed surface (OpenAPI, MCP tool list)", "naftiko_lint.cli.export"
    ),
    Command("serve", "serve a capability's surfaces with mock upstreams", "naftiko_lint.cli.serve"),
    Command(
        "conformance",
        "check that served surfaces behave as the capability declares",
        "naftiko_lint.cli.conformance",
    ),
    Command(
        "mcp", "run naftiko-lint's own tools as an MCP server for agents", "naftiko_lint.cli.mcp"
    ),
    Command("lsp", "run the language server for editors (stdio)", "naftiko_lint.cli.lsp"),
)


def command(name: str) -> Command:
    return next(c for c in COMMANDS if c.name == name)


def debugging(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "debug", False)) or os.environ.get("NAFTIKO_LINT_DEBUG", "") not in (
        "",
        "0",
    )


def _add_debug(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        help="print the traceback of internal errors on standard error (also NAFTIKO_LINT_DEBUG=1)",
    )


class _Parser(argparse.ArgumentParser):
    """No prefix abbreviations (`--out` is no `--output`: an option added later must not
    change what an old command line means), examples kept as written, errors on one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]  # one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Subcommands whose options are added when the command is chosen: the parser for
    `check` is complete only once `check` is on the command line, so only its module
    is imported (`--help` lists the commands from their registry lines alone)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unloaded: dict[str, Command] = {}

    def add_command(self, command: Command) -> None:
        self.add_parser(command.name, help=command.help)
        self._unloaded[command.name] = command

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        chosen = self._unloaded.pop(values[0], None)
        if chosen is not None:
            subparser = self._name_parser_map[chosen.name]
            chosen.load().add_arguments(chosen.name, subparser)
            _add_debug(subparser)
            subparser.epilog = _help_texts().EPILOGS.get(chosen.name)
        super().__call__(parser, namespace, values, option_string)


def _help_texts() -> Any:
    """naftiko_lint.cli.helptext (examples, exit codes, "did you mean"), imported on use."""
    return import_module("naftiko_lint.cli.helptext")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=TOOL_NAME,
        description="Lint Naftiko capability files.",
        epilog=_help_texts().MAIN_EPILOG,
    )
    parser.add_argument(
        "-V",
        "--version",
        action="version",
        version=f"{TOOL_NAME} {__version__}",
        help="print the version and exit",
    )
    commands = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        parser_class=_Parser,
        action=_Commands,
        help="one of these (naftiko-lint COMMAND --help: its options):",
    )
    commands.required = True
    for entry in COMMANDS:
        commands.add_command(entry)
    return parser


def _first_word(argv: Sequence[str]) -> str | None:
    """The argument where the command belongs (the top level has only -h and -V)."""
    return next((word for word in argv if not word.startswith("-") or word == "-"), None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    word = _first_word(argv)
    names = tuple(entry.name for entry in COMMANDS)
    if word is not None and word not in names:
        parser.error(_help_texts().not_a_command(word, names))
    args = parser.parse_args(argv)
    try:
        return command(args.command).load().run(args.command, args)
    except KeyboardInterrupt:
        return 130
    except (OutputError, BrokenPipeError) as error:  # a closed pipe (`| head`): quietly
        silence_stdout()
        if isinstance(error, OutputError) and not error.closed:
            say(str(error))
        return EXIT_ERROR
    except Exception as error:  # never a bare traceback
        if debugging(args):
            traceback.print_exc()
        say(
            f"internal error: {type(error).__name__}: {error} (--debug prints the "
            "traceback; naftiko-lint explain internal-error says how to report it)"
        )
        return EXIT_ERROR


def console() -> None:
    """The `naftiko-lint` command: `main`, then a hard exit. Tearing down a heap of hundreds
    of thousands of objects after a huge file costs a second that no one waits for, so the
    process ends as soon as its output is flushed (nothing of ours runs at exit).

    The cyclic garbage collector runs a thirtieth as often: linting allocates millions of
    short-lived, acyclic objects that reference counting frees, and collecting after every
    700 of them cost a third of the rule time on a large file."""
    gc.set_threshold(20_000, 20, 100)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or EXIT_ERROR
    os._exit(code)
