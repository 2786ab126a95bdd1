"""Fuzz: every command-line reader given a hostile file (or standard input) exits with a status and one error line.

``bankcomplaints.cli.main`` must return an exit status (argparse's own usage errors exit 2 via SystemExit);
no traceback, no exception other than those may escape, and a refusal prints one line on stderr.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from bankcomplaints import cli
from bankcomplaints.serialization import unstructure
from bankcomplaints.workflow import regimes
from bankcomplaints.workflow.definition import workflow_to_dict
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW
from tests.fuzz.hostile import SCENARIOS, mangled_bytes
from tests.shared_data import SHARED_DATA

_CFPB = "".join((SHARED_DATA / "cfpb_complaints_sample.csv").read_text(encoding="utf-8")
                .splitlines(keepends=True)[:6])
_RECORDS = ('{"id": "C-1", "received_on": "2026-01-05", "channel": "counter"}\n'
            '{"id": "C-2", "received_on": "2026-01-06", "business": "bank_card"}\n')
_CLASSIFY = ('{"id": "1", "text": "ATM吞卡，客服电话打不通", "channel": "self_service"}\n'
             '{"id": "2", "text": "my card was charged twice", "amount": "25000 CNY"}\n')
_RULES = '''name = "bank"
[[rule]]
id = "cause.funds"
dimension = "cause"
label = "funds_safety"
patterns = ["盗刷"]
regexes = ["被?盗刷了?[0-9]{1,8}元"]
'''
_REGIME_DOC = unstructure(regimes.get("CN-CBIRC-2020"))
_REGIME = yaml.safe_dump({**_REGIME_DOC, "rules": _REGIME_DOC["rules"][:1]}, allow_unicode=True, sort_keys=False)
_TABLE = "year: 2027\nholidays: [2027-01-01]\nmake_up_workdays: [2027-02-08]\n"
_SCENARIO = (SCENARIOS / "01_counter_to_close.yaml").read_text(encoding="utf-8")
_WORKFLOW = yaml.safe_dump(workflow_to_dict(STANDARD_WORKFLOW), allow_unicode=True, sort_keys=False)

# Each reader: the seed file content and the argv that reads the file at {path}.
READERS: dict[str, tuple[str, str, Callable[[str], list[str]]]] = {
    "import-cfpb": (_CFPB, ".csv", lambda p: ["import", "cfpb", p]),
    "report-records": (_RECORDS, ".jsonl", lambda p: ["report", "--input", p]),
    "report-cfpb": (_CFPB, ".csv", lambda p: ["report", "--input", p, "--format", "md"]),
    "classify-file": (_CLASSIFY, ".jsonl", lambda p: ["classify", p]),
    "classify-rules": (_RULES, ".toml", lambda p: ["classify", "--rules", p, "-"]),
    "scenario-run": (_SCENARIO, ".yaml", lambda p: ["scenario", "run", p]),
    "flow-workflow": (_WORKFLOW, ".yaml", lambda p: ["flow", "--workflow", p]),
    "deadline-regime-file": (_REGIME, ".yaml", lambda p: [
        "deadline", "--regime", "CN-CBIRC-2020", "--clock", "handling_decision", "--start", "2026-09-28T10:00:00+08:00",
        "--regime-file", p]),
    "workdays-table": (_TABLE, ".yaml", lambda p: ["workdays", "--table", p, "check", "CN", "2027-01-01"]),
}


def run_cli(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run ``bankcomplaints`` in-process: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(argv)
            except SystemExit as exit_:  # argparse usage errors
                status = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        sys.stdin = old_stdin
    return status, out.getvalue(), err.getvalue()


def _check(status: int, stdout: str, stderr: str) -> None:
    event(f"exit status {status}")
    assert status in (0, 1, 2), status
    assert "Traceback" not in stderr
    if status == 2:  # refused: one line on stderr, or (``scenario run``) the invalid file named in its report
        assert len(stderr.strip().splitlines()) == 1 or (not stderr and stdout.strip()), stderr


@pytest.mark.parametrize("reader", sorted(READERS))
def test_the_seed_files_are_accepted(reader: str) -> None:
    seed, suffix, argv = READERS[reader]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_text(seed, encoding="utf-8")
        status, _, stderr = run_cli(argv(str(path)))
    assert status in (0, 1), stderr  # scenario runs may report failed expectations (1), never refuse the file


def _fuzz_reader(reader: str) -> Callable[..., None]:
    seed, suffix, argv = READERS[reader]

    @given(mangled_bytes([seed]))
    def fuzz(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"input{suffix}"
            path.write_bytes(data)
            status, stdout, stderr = run_cli(argv(str(path)))
        _check(status, stdout, stderr)

    fuzz.__name__ = f"test_{reader.replace('-', '_')}"
    return fuzz


for _reader in READERS:
    globals()[f"test_{_reader.replace('-', '_')}"] = _fuzz_reader(_reader)


@given(mangled_bytes([_CLASSIFY]))
def test_classify_from_standard_input(data: bytes) -> None:
    status, stdout, stderr = run_cli(["classify", "-"], stdin=data.decode("utf-8", "replace"))
    _check(status, stdout, stderr)


@given(st.lists(st.text(max_size=12), max_size=6))
def test_random_arguments(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        status, stdout, stderr = run_cli(argv)
    _check(status, stdout, stderr)
