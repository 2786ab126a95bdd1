"""docs/cli.md is the parser's own help, and every example on it runs."""

from __future__ import annotations

import importlib.util
import io
import shlex
from pathlib import Path
from types import ModuleType

import pytest

from bankcomplaints.cli import main
from tests.shared_data import SHARED_DATA

ROOT = Path(__file__).resolve().parents[1]


def _reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "docs" / "_tools" / "cli_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _reference()


def test_the_page_is_what_the_parser_says() -> None:
    page = REFERENCE.PAGE.read_text(encoding="utf-8")
    assert page == REFERENCE.render(), "docs/cli.md is stale: run .venv/bin/python docs/_tools/cli_reference.py"


def test_every_command_has_a_section_and_an_example() -> None:
    commands = [name for name, _ in REFERENCE._walk(REFERENCE.build_parser(), "") if name]
    assert commands and set(commands) == set(REFERENCE.EXAMPLES)
    page = REFERENCE.PAGE.read_text(encoding="utf-8")
    for name in commands:
        assert f"## `bankcomplaints {name}`" in page


def _argv(example: str) -> tuple[list[str], str | None]:
    stdin = None
    if " | " in example:
        feed, example = example.split(" | ", 1)
        stdin = shlex.split(feed)[1] + "\n"
    words = shlex.split(example)
    assert words[0] == "bankcomplaints"
    paths = [str(SHARED_DATA / w.removeprefix("../shared/data/")) if w.startswith("../shared/data/")
             else str(ROOT / w) if w.startswith("examples/") else w for w in words[1:]]
    return paths, stdin


@pytest.mark.parametrize("name", sorted(REFERENCE.EXAMPLES))
def test_the_example_runs(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    argv, stdin = _argv(REFERENCE.EXAMPLES[name])
    monkeypatch.chdir(tmp_path)
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main([*argv, "--quiet"] if name == "demo" else argv) == 0
    out = capsys.readouterr().out
    assert out.strip(), f"{name} printed nothing"
