"""``bankcomplaints demo``: one quarter of a small branch network, through the whole library.

Simulates 2025-Q4 at 12 branches in 3 regions, stores every complaint and event in SQLite, reloads
them and verifies every hash chain, prints a summary and writes an HTML report with charts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "demo"
HELP = "simulate a quarter at 12 branches: SQLite store, verified hash chains, summary and HTML report"

#: The default number of contacts in the quarter.
DEFAULT_COMPLAINTS = 2400


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``demo``."""
    parser.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same numbers")
    parser.add_argument("--complaints", type=_positive, default=DEFAULT_COMPLAINTS, metavar="N",
                        help=f"contacts received in the quarter (default {DEFAULT_COMPLAINTS:,})")
    parser.add_argument("--out", type=Path, default=Path("demo-out"), metavar="DIR",
                        help="directory for complaints.sqlite and report.html (default demo-out/)")
    parser.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS,
                        help="language of the summary and the report (same as the global --lang)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    """Run the demo; returns 0, or 1 when a hash chain failed to verify.

    Raises:
        ComplaintError: the store failed.
        OSError: the output cannot be written.
    """
    from bankcomplaints.demo.labels import text
    from bankcomplaints.demo.progress import Stages
    from bankcomplaints.demo.run import run_demo

    lang = getattr(args, "lang", "en")
    with Stages(sys.stderr, quiet=args.quiet) as stages:
        result = run_demo(seed=args.seed, count=args.complaints, out=args.out, lang=lang, stages=stages)
    if not result.charts:
        print(f"bankcomplaints demo: {text('no_charts', lang)}", file=sys.stderr)
    print(result.summary.render(lang))
    print(f"{text('store_written', lang)}: {result.database.resolve()}")
    print(f"{text('report_written', lang)}: {result.report.resolve()}")
    print(f"{result.seconds:.1f} {text('seconds', lang)}")
    for line in result.broken:
        print(f"bankcomplaints demo: broken hash chain: {line}", file=sys.stderr)
    return 1 if result.broken else 0
