"""``bankcomplaints demo``: run the library end to end."""

from __future__ import annotations

import argparse

NAME = "demo"
HELP = "run one complaint end to end through the model (a later version simulates a quarter)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=7, help="random seed")


def run(args: argparse.Namespace) -> int:
    print("bankcomplaints demo: not yet")
    return 0
