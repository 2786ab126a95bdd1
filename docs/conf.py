"""Sphinx configuration: the Markdown pages of docs/ (MyST), the API reference from the docstrings (autodoc and
Napoleon), the furo theme. Build with ``make docs``; nothing is fetched from the network."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

project = "bankcomplaints"
author = "bankcomplaints developers"
copyright = "bankcomplaints developers"

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_tools"]

myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # "Attributes:" as fields of their class, not as a second description of each attribute

html_theme = "furo"
html_title = "bankcomplaints"
html_copy_source = False


def setup(app: Sphinx) -> None:
    """Show Mermaid diagrams (```mermaid fences) as their text: nothing is fetched to draw them."""
    from pygments.lexers.special import TextLexer  # type: ignore[import-untyped]

    app.add_lexer("mermaid", TextLexer)
