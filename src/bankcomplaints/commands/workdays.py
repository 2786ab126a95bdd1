"""``bankcomplaints workdays``: business-day arithmetic on a calendar.

    bankcomplaints workdays add CN 2026-09-30 7          # the 7th China working day after 2026-09-30
    bankcomplaints workdays between GB-ENG 2026-04-01 2026-04-10
    bankcomplaints workdays check CN 2026-10-10
    bankcomplaints workdays add CN 2027-02-04 1 --table notice-2027.yaml   # with next year's notice
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.limits import yaml_document

NAME = "workdays"
HELP = "business-day arithmetic on a calendar (CN, GB-ENG, GB-SCT, GB-NIR, US, WEEKDAYS)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``add``, ``between`` and ``check`` actions."""
    parser.add_argument("--table", action="append", type=Path, default=[], metavar="FILE",
                        help="a holiday table (.yaml/.json: year, holidays, make_up_workdays) laid over the "
                             "calendar (repeatable)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="the N-th business day after DATE (before it when N < 0)")
    add.add_argument("calendar")
    add.add_argument("date")
    add.add_argument("n", type=int)
    between = actions.add_parser("between", help="business days after START up to and including END")
    between.add_argument("calendar")
    between.add_argument("date")
    between.add_argument("end")
    check = actions.add_parser("check", help="whether DATE is a business day")
    check.add_argument("calendar")
    check.add_argument("date")


def _day(text: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise InvalidOperationError(field, f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def run(args: argparse.Namespace) -> int:
    """Print the answer: an ISO date, a count, or ``true``/``false``.

    Args:
        args: the parsed arguments.

    Returns:
        0.

    Raises:
        InvalidOperationError: unknown calendar or malformed date.
        CalendarCoverageError: a day outside the calendar's years.
        InvalidComplaintDataError: a malformed holiday table.
        OSError: a table file cannot be read.
    """
    from bankcomplaints import calendars

    calendar = calendars.get(args.calendar)
    if args.table:
        tables = [calendars.YearTable.from_dict(yaml_document(path.read_text(encoding="utf-8"), what="holiday table")
                                                or {}) for path in args.table]
        calendar = calendars.extend(calendar, tables)
    day = _day(args.date, "date")
    if args.action == "add":
        print(calendar.add_business_days(day, args.n).isoformat())
    elif args.action == "between":
        print(calendar.business_days_between(day, _day(args.end, "end")))
    else:
        print("true" if calendar.is_business_day(day) else "false")
    return 0
