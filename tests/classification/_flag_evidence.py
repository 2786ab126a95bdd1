"""Evidence for changing the flag rules (a development tool, not shipped).

Flag rules are changed from the misses of the last scored held-out set only, and judged on the development sets the
flag policy is *not* chosen on: the flag folds (:data:`~tests.classification._flag_model.FLAG_FRESH_PARTS`) must stay
text the rules never saw, so no command here shows or counts their rows, and none reads ``held_out``.

* ``python -m tests.classification._flag_evidence miss PART``: per factor, the rules' false and missed flags on a
  development part (the one just scored), and whether the flag model fixes them;
* ``… grep REGEX [FACTOR]``: the development rows outside the flag folds whose text matches, with their flags (and how
  many carry ``FACTOR``);
* ``… snap FILE`` before a change and ``… diff FILE`` after it: the flags the rules (with the shipped triage model)
  raise on every development row outside the flag folds, and which of them the change turned, towards the authors'
  labels (+) or against them (-).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from bankcomplaints.classification import Classifier, assess_risk
from tests.classification._flag_model import FACTORS, FLAG_FRESH_PARTS
from tests.classification._labelled import ZH_DEV_PARTS, Row, facts_of, zh_rows

#: The development parts whose rows may be read when changing flag rules.
OUTSIDE_FOLDS = tuple(part for part in ZH_DEV_PARTS if part not in FLAG_FRESH_PARTS)


def raised(classifier: Classifier, row: Row) -> dict[str, tuple[str, ...]]:
    """The factors ``classifier`` raises on ``row``, with their evidence."""
    result = classifier.classify(row.text, source=row.facts.get("source"))
    return {finding.factor.slug: finding.evidence for finding in assess_risk(result, facts_of(row)).factors}


def misses(part: str) -> list[str]:
    """One line per factor the rules get wrong on ``part``, marked when the flag model mends it."""
    if part not in OUTSIDE_FOLDS:
        raise SystemExit(f"{part} is a flag fold or not a development part")
    rules, full = Classifier(model="default"), Classifier(model="default", flag_model="default")
    lines = []
    for row in zh_rows(part):
        by_rules, by_both = raised(rules, row), raised(full, row)
        for factor in FACTORS:
            wanted = factor in row.flags
            if (factor in by_rules) != wanted or (factor in by_both) != wanted:
                kind = "missed" if wanted else "false"
                mended = " (mended by the flag model)" if (factor in by_both) == wanted else ""
                lines.append(f"{factor:12} {kind}{mended} {row.id} {by_rules.get(factor, ())} | {row.text}")
    return sorted(lines)


def snapshot() -> dict[str, dict[str, list[str]]]:
    """The rules' factors on every row outside the flag folds, by part and id."""
    rules = Classifier(model="default")
    return {part: {row.id: sorted(raised(rules, row)) for row in zh_rows(part)} for part in OUTSIDE_FOLDS}


def turned(before: dict[str, dict[str, list[str]]]) -> tuple[list[str], int, int]:
    """The flags that differ from ``before``; how many now agree with the authors, how many disagree."""
    now = snapshot()
    lines, toward, against = [], 0, 0
    for part in OUTSIDE_FOLDS:
        for row in zh_rows(part):
            for factor in sorted(set(now[part][row.id]) ^ set(before[part].get(row.id, ()))):
                good = (factor in now[part][row.id]) == (factor in row.flags)
                toward, against = toward + good, against + (not good)
                state = "raised" if factor in now[part][row.id] else "dropped"
                lines.append(f"{'+' if good else '-'} {factor:12} {state} {row.id} {row.text}")
    return lines, toward, against


def grep(pattern: str, factor: str | None) -> list[str]:
    """The rows outside the flag folds matching ``pattern``, then a count."""
    found = [row for part in OUTSIDE_FOLDS for row in zh_rows(part) if re.search(pattern, row.text)]
    lines = [f"{row.id} {row.kind} [{','.join(sorted(row.flags))}] {row.text}" for row in found]
    carrying = f", {sum(factor in row.flags for row in found)} with {factor}" if factor else ""
    return [*lines, f"{len(found)} rows{carrying}"]


def main(argv: Sequence[str]) -> int:
    command, *rest = argv or ["help"]
    if command == "miss":
        print("\n".join(misses(rest[0])))
    elif command == "grep":
        print("\n".join(grep(rest[0], rest[1] if len(rest) > 1 else None)))
    elif command == "snap":
        Path(rest[0]).write_text(json.dumps(snapshot()), encoding="utf-8")
    elif command == "diff":
        lines, toward, against = turned(json.loads(Path(rest[0]).read_text(encoding="utf-8")))
        print("\n".join([*lines, f"+{toward} / -{against}"]))
    else:
        raise SystemExit(f"unknown command {command!r}: miss, grep, snap or diff")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
