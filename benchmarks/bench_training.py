"""Benchmark: training the shipped triage model's settings with numpy against the pure-Python loop, in one run.

Trains ``train_model(method="logreg", ...)`` with the shipped hyper-parameters on the Chinese development
sets with numpy (``bankcomplaints[train]``), with numpy hidden (the element-by-element loop a host without numpy
runs) and, where a C compiler is there, with the development tools' compiled loop
(``tests/classification/_fast_adagrad.py``, which the cross-validation uses); checks that the files are identical,
and prints the times and their ratios.

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
from tests.classification import _fast_adagrad
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
    if _fast_adagrad.available():
        began = time.perf_counter()
        with _fast_adagrad.compiled():
            documents["compiled"] = train_model(pairs, name="bench", **HYPER).to_json()
        seconds["compiled"] = time.perf_counter() - began
    assert len(set(documents.values())) == 1, "the ways trained different models"
    print(f"{len(pairs):,} texts, {HYPER['epochs']} passes, {HYPER['max_features']:,} n-grams per dimension; "
          f"identical files ({', '.join(documents)})")
    for name, spent in seconds.items():
        print(f"  {name:8s} {spent:8.1f} s")
    print(f"  python / numpy: {seconds['python'] / seconds['numpy']:.1f}x")
    if "compiled" in seconds:
        print(f"  numpy / compiled: {seconds['numpy'] / seconds['compiled']:.1f}x")


if __name__ == "__main__":
    main()
