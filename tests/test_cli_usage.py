"""The command line's manners: every subcommand in ``--help`` on one line, usage errors as one line and
status 2, and ``--lang`` switching the labels of the output."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from bankcomplaints import cli
from bankcomplaints.cli import main
from bankcomplaints.demo.labels import WORDS


def test_help_lists_every_subcommand_with_its_help_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    for name in cli._COMMAND_MODULES:
        module = importlib.import_module(name)
        assert any(re.fullmatch(rf"\s+{re.escape(module.NAME)}\s+{re.escape(module.HELP)}", line) for line in lines), \
            module.NAME


@pytest.mark.parametrize("argv", [
    ["nosuch"],
    [],
    ["demo", "--complaints", "0"],
    ["demo", "--complaints", "many"],
    ["--lang", "fr", "demo"],
    ["deadline", "--clock", "handling_decision"],
])
def test_a_usage_error_is_one_line_and_status_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and re.match(r"bankcomplaints( \w+)?: error: ", lines[0]), captured.err
    assert "--help" in lines[0]


def test_a_refused_operation_is_one_line_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert main(["demo", "--complaints", "3", "--out", str(blocked / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("bankcomplaints demo: error: ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lang_switches_the_labels(lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", lang, "demo", "--complaints", "5", "--out", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    index = 0 if lang == "zh" else 1
    other = 1 - index
    assert WORDS["contacts"][index] in out and WORDS["contacts"][other] not in out
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert WORDS["pareto"][index] in page and WORDS["pareto"][other] not in page
