"""docs/api.md names every public module, and every public module imports (so autodoc can document it)."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("api_reference", ROOT / "docs" / "_tools" / "api_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _reference()


def test_the_page_names_every_public_module() -> None:
    page = REFERENCE.PAGE.read_text(encoding="utf-8")
    assert page == REFERENCE.render(), "docs/api.md is stale: run .venv/bin/python docs/_tools/api_reference.py"
    modules = REFERENCE.public_modules()
    assert "bankcomplaints.demo.run" in modules and "bankcomplaints.complaint" in modules
    assert not any(name.startswith("bankcomplaints.commands") for name in modules)
    for name in modules:
        assert f".. automodule:: {name}\n" in page


@pytest.mark.parametrize("name", REFERENCE.public_modules())
def test_every_documented_module_imports_and_says_what_it_is(name: str) -> None:
    module = importlib.import_module(name)
    assert (module.__doc__ or "").strip(), f"{name} has no docstring"
