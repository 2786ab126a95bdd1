"""``bankcomplaints import cfpb FILE``: turn a CFPB Consumer Complaint Database CSV into records JSON lines."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from bankcomplaints.stats.cfpb_import import read_cfpb
from bankcomplaints.stats.records import record_to_json

NAME = "import"
HELP = "import complaints from another system's export as records JSON lines (one record per line)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``import``."""
    parser.add_argument("source", choices=("cfpb",), help="the export format (cfpb: Consumer Complaint Database CSV)")
    parser.add_argument("file", metavar="FILE", help="the CSV file")
    parser.add_argument("--output", "-o", metavar="OUT", default=None, help="write here instead of stdout")
    parser.add_argument("--max-rows", type=int, default=None, metavar="N", help="refuse files with more rows")


def _write(args: argparse.Namespace, out: TextIO) -> int:
    count = 0
    with open(args.file, encoding="utf-8", newline="") as handle:
        for record in read_cfpb(handle, max_rows=args.max_rows):
            out.write(record_to_json(record) + "\n")
            count += 1
    return count


def run(args: argparse.Namespace) -> int:
    """Write the records; a malformed file stops with one error line naming the row and column.

    Nothing is written to ``--output`` unless the whole file is valid.
    """
    if args.output is None:
        _write(args, sys.stdout)
        return 0
    records = []
    with open(args.file, encoding="utf-8", newline="") as handle:
        records = [record_to_json(record) for record in read_cfpb(handle, max_rows=args.max_rows)]
    with open(args.output, "w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in records)
    print(f"bankcomplaints import: {len(records)} records written to {args.output}", file=sys.stderr)
    return 0
