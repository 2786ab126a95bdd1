"""``bankcomplaints deadline``: the due instant of one regime clock, with the arithmetic, as JSON.

    bankcomplaints deadline --regime CN-CBIRC-2020 --clock handling_decision \\
        --start 2026-09-28T10:00:00+08:00 --pause 2026-10-09T09:00:00+08:00/2026-10-19T09:00:00+08:00 \\
        --extension complex

A what-if calculator: ``--extension NAME`` counts the extension as granted at the start and lists what
it requires (approvals, notices) in ``requires``; the complaint operations enforce those requirements.
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path
from typing import Any

import attrs
import pendulum

from bankcomplaints.errors import DeadlineError, InvalidOperationError
from bankcomplaints.limits import yaml_document

NAME = "deadline"
HELP = "compute a regime clock's due instant and print it with its explanation as JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the clock's regime, rule, start, pauses, extensions and the optional ``--now``."""
    parser.add_argument("--regime", required=True,
                        help="regime code, e.g. CN-CBIRC-2020 (or the code in --regime-file)")
    parser.add_argument("--clock", required=True, help="the rule's clock name, e.g. handling_decision")
    parser.add_argument("--start", required=True, help="start instant, ISO 8601 with offset")
    parser.add_argument("--pause", action="append", default=[], metavar="START/END[@REASON]",
                        help="a pause (repeatable); REASON defaults to the rule's first pause reason")
    parser.add_argument("--extension", action="append", default=[], metavar="NAME",
                        help="count this extension as granted (repeatable, in order)")
    parser.add_argument("--billing-cycle-day", type=int, default=None, help="billing-cycle closing day (Reg Z)")
    parser.add_argument("--now", default=None, help="an instant to report status, time left and warning at")
    parser.add_argument("--regime-file", type=Path, default=None,
                        help="a regime document (.yaml, .yml or .json), e.g. the bank's internal SLAs")


def _instant(text: str, field: str) -> pendulum.DateTime:
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidOperationError(field, f"not an ISO 8601 instant: {text!r}") from None
    if parsed.tzinfo is None:
        raise InvalidOperationError(field, f"{text!r} needs an offset such as +08:00")
    return pendulum.instance(parsed)


def run(args: argparse.Namespace) -> int:
    """Print the due instant and its explanation.

    Args:
        args: the parsed arguments.

    Returns:
        0.

    Raises:
        RegimeError: unknown regime or clock.
        DeadlineError: unknown extension or pause reason, or a pause out of order.
        InvalidOperationError: a malformed instant.
        InvalidComplaintDataError: a malformed regime file.
        CalendarCoverageError: the calendar has no data for a day the count needs.
        OSError: the regime file cannot be read.
    """
    from bankcomplaints import serialization
    from bankcomplaints.workflow import regimes
    from bankcomplaints.workflow.deadlines import Clock, GrantedExtension

    if args.regime_file is not None:
        regime = regimes.regime_from_dict(
            yaml_document(args.regime_file.read_text(encoding="utf-8"), what="regime file") or {})
        if regime.code != args.regime:
            raise InvalidOperationError("--regime", f"{args.regime!r} is not the file's regime {regime.code!r}")
    else:
        regime = regimes.get(args.regime)
    rule = regime.rule(args.clock)
    start = _instant(args.start, "--start")
    clock = Clock(id=f"{regime.code}:{rule.clock}", regime=regime.code, rule=rule, started_at=start,
                  billing_cycle_day=args.billing_cycle_day)
    for text in args.pause:
        span, _, reason = text.partition("@")
        first, slash, last = span.partition("/")
        if not slash:
            raise InvalidOperationError("--pause", f"expected START/END, got {text!r}")
        reason = reason or (rule.pause_reasons[0] if rule.pause_reasons else "")
        clock = clock.with_pause(reason, _instant(first, "--pause")).with_resumption(_instant(last, "--pause"))
    requires: dict[str, list[str]] = {}
    for name in args.extension:
        extension = rule.extension(name)
        if extension is None:
            known = ", ".join(e.name for e in rule.extensions) or "none"
            raise DeadlineError(clock.id, f"no extension {name!r}; extensions: {known}")
        granted = {g.name for g in clock.extensions}
        missing = [required for required in extension.requires if required not in granted]
        if missing:
            raise DeadlineError(clock.id, f"extension {name!r} needs {', '.join(missing)} first")
        requires[name] = [f"approval {a.key} by {' or '.join(a.approver_roles)}" for a in extension.approvals] + [
            f"notice {key}" for key in extension.notices]
        clock = attrs.evolve(clock, extensions=(*clock.extensions, GrantedExtension(name=name, granted_at=start)))
    explanation = clock.explain()
    result: dict[str, Any] = {
        "regime": regime.code, "clock": rule.clock, "due": explanation.due.isoformat(),
        "due_day": None if explanation.due_day is None else explanation.due_day.isoformat(),
        "requires": requires, "explanation": serialization.unstructure(explanation),
    }
    if args.now is not None:
        now = _instant(args.now, "--now")
        result.update(status=clock.status(now).value, seconds_left=int(clock.time_left(now).total_seconds()),
                      in_warning=clock.in_warning(now))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0

