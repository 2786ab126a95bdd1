"""The worked case of docs/liability.md runs as a test, with the same doctest options as the docs run."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "liability.md"


def test_worked_case_runs() -> None:
    """Every example of the ATM case runs and prints what the page says."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=flags, verbose=False, report=True)
    assert result.attempted > 60
    assert result.failed == 0
