"""The command line: ``bankcomplaints SUBCOMMAND ...``.

Each subcommand lives in :mod:`bankcomplaints.commands` as a module with ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. Bad input prints one readable line
on stderr and exits non-zero; it never shows a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from bankcomplaints.errors import ComplaintError

__all__ = ["main"]

# One line per subcommand module; the order is the order of `--help`.
_COMMAND_MODULES = (
    "bankcomplaints.commands.demo",
    "bankcomplaints.commands.deadline",
    "bankcomplaints.commands.workdays",
    "bankcomplaints.commands.flow",
    "bankcomplaints.commands.import_",
    "bankcomplaints.commands.report",
    "bankcomplaints.commands.scenario",
    "bankcomplaints.commands.classify",
)


def _commands() -> list[ModuleType]:
    return [importlib.import_module(name) for name in _COMMAND_MODULES]


class _UsageError(Exception):
    """The command line could not be parsed; the message is one line."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one readable line (``main`` prints it and returns 2)."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")


def _formatter(prog: str) -> argparse.HelpFormatter:
    """Help on wide lines, so each subcommand's help stays on its one line."""
    return argparse.HelpFormatter(prog, max_help_position=20, width=160)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(
        prog="bankcomplaints",
        description="Bank complaint handling: triage, deadlines, workflow, statistics.",
        epilog="Run 'bankcomplaints COMMAND --help' for the options of a command.",
        formatter_class=_formatter,
    )
    parser.add_argument("--lang", choices=("zh", "en"), default="en", help="language of labels in output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, title="commands")
    for module in _commands():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP, formatter_class=_formatter)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        status: int = args._run(args)
    except ComplaintError as exc:
        message = " ".join(line.strip() for line in str(exc).splitlines())  # one line, even for a parser's message
        print(f"bankcomplaints {args.command}: error: {message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"bankcomplaints {args.command}: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:  # a file that is not UTF-8 text (bankcomplaints reads and writes UTF-8)
        print(f"bankcomplaints {args.command}: error: input is not UTF-8 text: {exc.reason} at byte {exc.start}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"bankcomplaints {args.command}: interrupted", file=sys.stderr)
        return 130
    return status
