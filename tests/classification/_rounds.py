"""Chores of a held-out round (a development tool, not shipped).

* ``python -m tests.classification._rounds blocks [PART ...] [english]``: rewrite every ``<!-- scores:PART -->``
  block of docs/classification.md (or the named ones) with what the classifier scores now; ``held_out`` only when
  named, since its block quotes the one scoring after a freeze;
* ``… compare FILE TAG``: score the labelled set ``FILE`` with the rules alone, the rules and the triage model, and
  ``classify()`` (both models) of the checkout on ``sys.path``, one table row each with the number right per
  dimension, and write the errors to ``build/errors_TAG_<way>.txt``. To compare rounds on a new held-out set, run
  this file by its path against a worktree of an earlier freeze, whose checkout may predate it:
  ``PYTHONPATH=WORKTREE:WORKTREE/src python tests/classification/_rounds.py compare FILE TAG``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from bankcomplaints.classification import Classifier
from tests.classification import _labelled
from tests.classification._triage_model import quote_in_docs

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "classification.md"


def write_blocks(parts: Sequence[str], english: bool = False) -> list[str]:
    """Rewrite the score blocks of ``parts`` (and the English one); the parts without a block, returned."""
    text = DOCS.read_text(encoding="utf-8")
    missing = []
    for part in [*parts, "english"] if english else parts:
        if f"<!-- scores:{part} -->\n" not in text:
            missing.append(part)
            continue
        report = _labelled.report_english() if part == "english" else _labelled.report(part)
        quote_in_docs(part, report.strip(), kind="scores")
    return missing


def compare(path: Path, tag: str) -> list[str]:
    """One table row per classifier on the set at ``path``, and its flags' precision/recall."""
    _labelled.ZH_PARTS["held_out"] = path
    ways = {"rules": Classifier(), "noflag": Classifier(model="default"),
            "classify": Classifier(model="default", flag_model="default")}
    lines = []
    (ROOT / "build").mkdir(exist_ok=True)
    for way, classifier in ways.items():
        scores = _labelled.score_zh("held_out", classifier)
        dims = [scores.kind, scores.business, scores.cause, scores.cause_complaints, scores.channel]
        right = [sum(n for (truth, got), n in d.confusion.items() if truth == got) for d in dims]
        lines.append(f"| {tag}, {way} | " + " | ".join(f"{d.accuracy:.3f}" for d in dims) + f" |  right: {right}")
        lines.append("   flags: " + ", ".join(f"{slug} {p:.3f}/{r:.3f}" for slug, (p, r, _) in scores.flags.items()))
        (ROOT / "build" / f"errors_{tag}_{way}.txt").write_text("\n".join(scores.errors) + "\n", encoding="utf-8")
    return lines


def main(argv: Sequence[str]) -> int:
    command, rest = (argv[0], list(argv[1:])) if argv else ("", [])
    if command == "blocks":
        parts = [part for part in rest if part != "english"] or [p for p in _labelled.ZH_PARTS if p != "held_out"]
        for part in write_blocks(parts, english="english" in rest):
            print(f"no block for {part}")
        return 0
    if command == "compare" and len(rest) == 2:
        print("\n".join(compare(Path(rest[0]).resolve(), rest[1])))
        return 0
    raise SystemExit("usage: _rounds blocks [PART ...] [english] | _rounds compare FILE TAG")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
