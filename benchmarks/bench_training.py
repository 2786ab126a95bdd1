"""Benchmark: training the shipped triage model's settings with numpy against the pure-Python loop, in one run.

Trains ``train_model(method="logreg", ...)`` with the shipped hyper-parameters on the Chinese development
sets twice: with numpy (``bankcomplaints[train]``) and with numpy hidden (the element-by-element loop a host
without numpy runs), checks that the two files are identical, and prints both times and their ratio.

    .venv/bin/python benchmarks/bench_training.py [--quick]

``--quick`` trains on every fifth text (about 4,600) instead of all of them (about 23,000).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' data loaders

from bankcomplaints.classification import _adagrad
from bankcomplaints.classification.training import train_model
from tests.classification._labelled import ZH_DEV_PARTS, zh_rows
from tests.classification._triage_model import HYPER, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every fifth text only")
    pairs = [pair for part in ZH_DEV_PARTS for pair in examples(zh_rows(part))]
    if parser.parse_args().quick:
        pairs = pairs[::5]
    if _adagrad._NUMPY is None:
        raise SystemExit("numpy is not installed: pip install 'bankcomplaints[train]'")
    numpy = _adagrad._NUMPY
    documents, seconds = {}, {}
    for name, module in (("numpy", numpy), ("python", None)):
        _adagrad._NUMPY = module
        began = time.perf_counter()
        documents[name] = train_model(pairs, name="bench", **HYPER).to_json()
        seconds[name] = time.perf_counter() - began
    _adagrad._NUMPY = numpy
    assert documents["numpy"] == documents["python"], "the two ways trained different models"
    print(f"{len(pairs):,} texts, {HYPER['epochs']} passes, {HYPER['max_features']:,} n-grams per dimension; "
          "identical files")
    for name, spent in seconds.items():
        print(f"  {name:8s} {spent:8.1f} s")
    print(f"  python / numpy: {seconds['python'] / seconds['numpy']:.1f}x")


if __name__ == "__main__":
    main()
