"""``bankcomplaints report``: the standard statistics report over a records file or a CFPB CSV."""

from __future__ import annotations

import argparse
import json

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats import engine
from bankcomplaints.stats.aggregate import MULTI_DIMENSIONS, RECORD_DIMENSIONS, STANDARD_SPEC, TIME_BUCKETS, Aggregate
from bankcomplaints.stats.files import loaders_for
from bankcomplaints.stats.kpis import Number
from bankcomplaints.stats.report import REPORT_DIMENSIONS, render_html, render_markdown, standard_report

NAME = "report"
HELP = "print the standard statistics report (counts, shares, durations, KPIs) for a records file or a CFPB CSV"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``report``."""
    parser.add_argument("--input", required=True, metavar="FILE",
                        help="records JSON lines (as written by `import`) or a CFPB Consumer Complaint Database CSV")
    parser.add_argument("--by", action="extend", nargs="+", metavar="DIM", default=None,
                        help="dimensions to tabulate: record fields (business, cause, channel, branch…), time "
                             "buckets (day, week, month, quarter, year) or any imported attribute (product, issue, "
                             f"company, state…); default: {' '.join(REPORT_DIMENSIONS)}")
    parser.add_argument("--format", choices=("json", "md", "html"), default="json", help="output format")
    parser.add_argument("--engine", choices=engine.ENGINES, default="local", help="run in this process or on Dask")
    parser.add_argument("--partitions", type=int, default=1, metavar="N", help="number of partitions")
    parser.add_argument("--scheduler", choices=engine.DASK_SCHEDULERS, default="processes", help="Dask scheduler")
    parser.add_argument("--workers", type=int, default=None, metavar="N", help="Dask workers (default: cores)")
    parser.add_argument("--customers", type=int, default=None, metavar="N",
                        help="number of customers, for complaints per 10,000 customers")
    parser.add_argument("--branches", type=int, default=None, metavar="N",
                        help="number of branches, for complaints per branch")


def _check_attributes(agg: Aggregate, by: tuple[str, ...]) -> None:
    """Refuse a ``--by`` name that is no dimension and no attribute of any record (most likely a typo)."""
    known = {*RECORD_DIMENSIONS, *MULTI_DIMENSIONS, *TIME_BUCKETS}
    for name in by:
        if name not in known and agg.total and set(agg.counts(name)) == {""}:
            raise InvalidOperationError(
                "by", f"{name!r} is neither a dimension ({', '.join(sorted(known))}) nor an attribute of any record")


def run_command(args: argparse.Namespace) -> str:
    """Build the report text for parsed arguments (``run`` prints it).

    Args:
        args: the parsed arguments.

    Returns:
        The report in the chosen format.

    Raises:
        ComplaintError: malformed input or options.
        OSError: the input can't be read.
    """
    by = tuple(args.by) if args.by else REPORT_DIMENSIONS
    spec = STANDARD_SPEC.with_dimensions(by)
    agg = engine.run(loaders_for(args.input, args.partitions), spec, engine=args.engine, scheduler=args.scheduler,
              workers=args.workers)
    _check_attributes(agg, by)
    host: dict[str, Number] = {}
    if args.customers is not None:
        host["customers"] = args.customers
    if args.branches is not None:
        host["branches"] = args.branches
    report = standard_report(agg, by=by, host=host)
    lang = getattr(args, "lang", "en")
    if args.format == "md":
        return render_markdown(report, lang=lang)
    if args.format == "html":
        return render_html(report, lang=lang)
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the report; returns the exit status."""
    print(run_command(args), end="")
    return 0
