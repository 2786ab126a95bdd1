"""Audit integrity under load (issue 9 item 7): 8 writers, 10,000 operations, 100 complaints, one SQLite store.

Runs :func:`bankcomplaints.testing.load.audit_load` with the writers as threads and then as processes,
and a single writer as the baseline. Each run must lose no event, duplicate none, and verify every
chain against the head the store recorded; the script prints the counts, the throughput of each run,
and the ratio of each concurrent run's throughput to the single writer's. It exits 1 if any run lost,
duplicated or broke anything.

Run: ``.venv/bin/python benchmarks/bench_audit_load.py [--quick] [--writers N] [--operations N] [--complaints N]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bankcomplaints.testing.load import LoadReport, audit_load


def _show(label: str, report: LoadReport) -> None:
    print(
        f"{label:<22} ops={report.operations:>6} conflicts(retried)={report.conflicts:>5} "
        f"events expected={report.events_expected:>6} stored={report.events_stored:>6} "
        f"lost={report.events_lost} duplicated={report.events_duplicated} "
        f"chains verified={report.chains_verified}/{report.complaints} "
        f"time={report.seconds:6.2f}s ({report.operations / report.seconds:7.0f} ops/s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 operations instead of 10,000")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--operations", type=int, default=None)
    parser.add_argument("--complaints", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    operations = args.operations or (1_000 if args.quick else 10_000)
    reports: dict[str, LoadReport] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, writers, processes in (
            ("baseline: 1 writer", 1, False),
            (f"{args.writers} writer threads", args.writers, False),
            (f"{args.writers} writer processes", args.writers, True),
        ):
            report = audit_load(Path(tmp) / f"{len(reports)}.db", writers=writers, operations=operations,
                                complaints=args.complaints, processes=processes, seed=args.seed)
            reports[label] = report
            _show(label, report)
    baseline = reports["baseline: 1 writer"]
    for label, report in reports.items():
        if report is not baseline:
            ratio = (report.operations / report.seconds) / (baseline.operations / baseline.seconds)
            print(f"throughput ratio {label} / single writer: {ratio:.2f}")
    failed = [label for label, report in reports.items() if not report.ok]
    print("FAILED: " + ", ".join(failed) if failed else "all runs: 0 events lost, 0 duplicated, every chain verified")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
