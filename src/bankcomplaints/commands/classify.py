"""``bankcomplaints classify [FILE|-]``: triage JSON lines, one JSON line out per line in.

Each input line is an object with ``id`` and ``text`` and optionally ``channel``, ``source``,
``amount`` (``"25000 CNY"`` or ``{"amount": "25000", "currency": "CNY"}``), ``customer``
(``{"vulnerabilities": ["elderly"]}``), ``earlier_complaints``, ``co_complainants``, ``in_person``
and ``hours_left`` (on the binding clock). Each output line has exactly the keys
``id, kind, business, cause, channel, flags, risk_score, priority, major, explanation``.
A bad line gives one JSON error line on stderr, the others are still classified, and the
exit status is 1.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from bankcomplaints.classification import (
    Classifier,
    RiskFacts,
    assess_risk,
    assign_priority,
    default_rules,
    load_rules,
)
from bankcomplaints.classification.taxonomy import by_slug
from bankcomplaints.errors import ComplaintError, InvalidOperationError
from bankcomplaints.values import Money, Source, Vulnerability

NAME = "classify"
HELP = "classify JSON lines (id, text, channel, source, amount, customer): kind, business, cause, risk, priority"
OUTPUT_KEYS = ("id", "kind", "business", "cause", "channel", "flags", "risk_score", "priority", "major",
               "explanation")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", help="JSON lines to read ('-' or nothing: standard input)")
    parser.add_argument("--rules", help="a rule-set file (.toml, .yaml or .yml) instead of the shipped rules")
    parser.add_argument("--no-model", action="store_true",
                        help="rules alone: no text-model fallback (a custom --rules file always runs alone)")


def _amount(value: object) -> Money:
    if isinstance(value, str) and len(value.split()) == 2:
        number, currency = value.split()
        return Money(number, currency)
    if isinstance(value, dict) and set(value) == {"amount", "currency"}:
        try:
            return Money(Decimal(str(value["amount"])), str(value["currency"]))
        except InvalidOperation:
            pass
    raise InvalidOperationError("amount", "write it as \"25000 CNY\" or {\"amount\": \"25000\", \"currency\": \"CNY\"}")


def _whole(record: dict[str, Any], key: str) -> int:
    value = record.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidOperationError(key, "must be a whole number, zero or more")
    return value


def _facts(record: dict[str, Any]) -> RiskFacts:
    customer = record.get("customer") or {}
    if not isinstance(customer, dict):
        raise InvalidOperationError("customer", "must be an object")
    marks = customer.get("vulnerabilities", [])
    if not isinstance(marks, list) or not all(isinstance(m, str) for m in marks):
        raise InvalidOperationError("customer.vulnerabilities", "must be a list of slugs")
    hours = record.get("hours_left")
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, int | float)
                              or not -1e6 <= hours <= 1e6):
        raise InvalidOperationError("hours_left", "must be a number of hours within a million either way")
    source = record.get("source")
    return RiskFacts(
        vulnerabilities=tuple(by_slug(Vulnerability, m) for m in marks),
        amount=None if record.get("amount") is None else _amount(record["amount"]),
        earlier_complaints=_whole(record, "earlier_complaints"),
        source=None if source is None else by_slug(Source, str(source)),
        co_complainants=_whole(record, "co_complainants"),
        in_person=bool(record.get("in_person", False)),
        time_left=None if hours is None else datetime.timedelta(hours=hours),
    )


def classify_record(classifier: Classifier, record: object) -> dict[str, Any]:
    """The output object for one input object.

    Raises:
        InvalidOperationError: a field is missing or malformed.
    """
    if not isinstance(record, dict):
        raise InvalidOperationError("<line>", "must be a JSON object")
    identifier, text = record.get("id"), record.get("text")
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise InvalidOperationError("id", "must be a string or a number")
    if not isinstance(text, str):
        raise InvalidOperationError("text", "must be a string")
    for key in ("channel", "source"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InvalidOperationError(key, "must be a slug")
    facts = _facts(record)
    result = classifier.classify(text, channel=record.get("channel"), source=record.get("source"))
    risk = assess_risk(result, facts)
    priority = assign_priority(result.kind.label, risk)
    return {
        "id": identifier, "kind": result.kind.label, "business": result.business.label,
        "cause": result.cause.label, "channel": result.channel.label,
        "flags": [factor.slug for factor in risk.flags], "risk_score": risk.score,
        "priority": priority.priority.slug, "major": risk.major,
        "explanation": [*result.explain(), *risk.explain(), f"priority {priority.priority.slug}: {priority.reason}"],
    }


def _lines(stream: TextIO) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


def run(args: argparse.Namespace) -> int:
    if args.rules:
        path = Path(args.rules)
        rules = load_rules(path.read_text(encoding="utf-8"),
                           format="yaml" if path.suffix in (".yaml", ".yml") else "toml")
    else:
        rules = default_rules()
    classifier = Classifier(rules, model=None if args.rules or args.no_model else "default")
    failed = 0
    stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    try:
        for number, line in _lines(stream):
            identifier: object = f"line {number}"
            try:
                record = json.loads(line)
                if isinstance(record, dict) and isinstance(record.get("id"), str | int):
                    identifier = record["id"]
                out = classify_record(classifier, record)
            except (ValueError, ComplaintError, RecursionError, OverflowError) as exc:
                failed += 1
                print(json.dumps({"id": identifier, "error": str(exc).splitlines()[0] if str(exc) else
                                  type(exc).__name__}, ensure_ascii=False), file=sys.stderr)
                continue
            print(json.dumps(out, ensure_ascii=False))
    finally:
        if stream is not sys.stdin:
            stream.close()
    return 1 if failed else 0
