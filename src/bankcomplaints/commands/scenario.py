"""``bankcomplaints scenario run FILE...``: run scenario files and print a pass/fail table.

Each failed expectation is listed under the table with what was expected and what happened.
The exit status is 0 when every scenario passed, 1 when an expectation failed, 2 when a file is invalid.
"""

from __future__ import annotations

import argparse

from bankcomplaints.errors import ScenarioError
from bankcomplaints.testing.scenario import ScenarioResult, run_files

NAME = "scenario"
HELP = "run scenario files (YAML/JSON) and print a pass/fail table"

_WORDS = {
    "en": {"file": "file", "scenario": "scenario", "steps": "steps", "result": "result", "pass": "PASS",
           "fail": "FAIL", "invalid": "INVALID", "summary": "{passed} of {total} scenarios passed"},
    "zh": {"file": "文件", "scenario": "场景", "steps": "步骤", "result": "结果", "pass": "通过", "fail": "失败",
           "invalid": "无效", "summary": "{total} 个场景中 {passed} 个通过"},
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``run FILE...``."""
    sub = parser.add_subparsers(dest="scenario_command", metavar="ACTION", required=True)
    run_parser = sub.add_parser("run", help="run scenario files", description="run scenario files")
    run_parser.add_argument("files", nargs="+", metavar="FILE", help="scenario files (.yaml, .yml or .json)")


def _row(path: str, outcome: ScenarioResult | ScenarioError, words: dict[str, str]) -> tuple[str, ...]:
    if isinstance(outcome, ScenarioError):
        return (path, "-", "-", words["invalid"])
    passed = sum(step.passed for step in outcome.steps)
    return (path, outcome.name, f"{passed}/{len(outcome.steps)}", words["pass" if outcome.passed else "fail"])


def run(args: argparse.Namespace) -> int:
    """Run the files, print the table and the failures.

    Returns:
        0 if all passed, 1 if an expectation failed, 2 if a file was invalid.
    """
    words = _WORDS.get(getattr(args, "lang", "en"), _WORDS["en"])
    outcomes = run_files(args.files)
    rows: list[tuple[str, ...]] = [(words["file"], words["scenario"], words["steps"], words["result"])]
    rows += [_row(path, outcome, words) for path, outcome in zip(args.files, outcomes, strict=True)]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    details = []
    for path, outcome in zip(args.files, outcomes, strict=True):
        if isinstance(outcome, ScenarioError):
            details.append(str(outcome))
        else:
            details += [f"{path}: {failure}" for failure in outcome.failures]
    if details:
        print()
        print("\n".join(details))
    passed = sum(isinstance(outcome, ScenarioResult) and outcome.passed for outcome in outcomes)
    print()
    print(words["summary"].format(passed=passed, total=len(outcomes)))
    if any(isinstance(outcome, ScenarioError) for outcome in outcomes):
        return 2
    return 0 if passed == len(outcomes) else 1
