"""``bankcomplaints flow``: print the diagram of a workflow (the standard flow, or a bank's YAML/JSON file)."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "flow"
HELP = "print the complaint workflow as a Mermaid or Graphviz DOT diagram"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` and ``--workflow``."""
    parser.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="diagram language")
    parser.add_argument("--workflow", type=Path, default=None,
                        help="a workflow document (.yaml, .yml or .json); default: the standard CN branch flow")


def run(args: argparse.Namespace) -> int:
    """Print the diagram.

    Args:
        args: the parsed arguments.
    Returns:
        0.
    Raises:
        WorkflowDefinitionError: the workflow file is invalid.
        OSError: the file cannot be read.
    """
    from bankcomplaints.workflow.definition import load_workflow
    from bankcomplaints.workflow.machine import dot, mermaid
    from bankcomplaints.workflow.standard import STANDARD_WORKFLOW

    workflow = STANDARD_WORKFLOW
    if args.workflow is not None:
        kind = "json" if args.workflow.suffix.lower() == ".json" else "yaml"
        workflow = load_workflow(args.workflow.read_text(encoding="utf-8"), format=kind)
    print(mermaid(workflow) if args.format == "mermaid" else dot(workflow), end="")
    return 0
