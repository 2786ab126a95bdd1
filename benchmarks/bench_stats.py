"""Benchmark: the standard report over synthetic records, against pandas groupby, and Dask 2 processes vs 1.

Run:  .venv/bin/python benchmarks/bench_stats.py [--quick] [--records N] [--skip-dask] [--rounds R] [--partitions P]

1. The same in-memory records go through (a) ``aggregate`` + ``standard_report`` and (b) pandas: a DataFrame
   built from the records, then ``groupby(...).size()`` for every table the report keeps (each dimension,
   each pair, month and quarter, the KPI fact table per branch, clock results per branch, days to close and
   to respond, redress sums). Prints both times, the ratio and records per second.
2. The records are written as records JSON lines and ``--engine dask`` runs the report over byte-range
   partitions with Dask's process scheduler; each worker reads and aggregates its own byte ranges, as a cluster
   would read its own data, and the driver merges the partitions' aggregates.
   First the work of one partition is timed in this process, the new way (lines counted straight into the
   aggregate) and the old way (a frozen record per line, then ``aggregate``), with the driver's share
   (unpickling and merging the partitions' aggregates).
   Then the speed-up of 2 worker processes over 1: the same scheduler and the same kind of pool
   (``ProcessPoolExecutor`` with Dask's ``spawn`` context) with 1 and with 2 workers, **started and warmed before
   the timed runs**, as on a long-running host whose workers are already up; the start-up is reported
   separately, and so is a cold run (Dask starting and stopping its own pool inside the timed call).
   Rounds are interleaved (1, 2, 1, 2, ...); each round also measures the machine's 2-process ceiling on pure
   CPU work (the machine is shared, so no engine can beat it at that moment). The median and every round
   are printed, with records per second.
"""

from __future__ import annotations

import argparse
import datetime
import operator
import os
import pickle
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bankcomplaints.stats.aggregate import FACT_FIELDS, STANDARD_SPEC, aggregate
from bankcomplaints.stats.engine import merge_all, run
from bankcomplaints.stats.files import JsonLinesRange, loaders_for
from bankcomplaints.stats.records import ClockResult, ComplaintRecord, record_to_json
from bankcomplaints.stats.report import REPORT_DIMENSIONS, standard_report
from bankcomplaints.values import Money

BUSINESSES = ("bank_card", "loans", "savings", "payment_settlement", "wealth_management", "debt_collection", "other")
CAUSES = ("service_quality", "pricing_fees", "rules_processes", "marketing", "funds_safety", "contract_terms", "other")
CHANNELS = ("counter", "phone", "mobile_app", "online_banking", "self_service")
SOURCES = ("direct", "direct", "direct", "regulator_forwarded", "petition")
ROOT_CAUSES = ("process", "system", "staff_skills", "product_design", "")


def synthetic(n: int, seed: int = 7) -> list[ComplaintRecord]:
    """``n`` records over 2 years, 300 branches in 30 regions, 3,000 handlers; shared values are reused objects."""
    rnd = random.Random(seed)
    start = datetime.date(2024, 1, 1)
    days = [start + datetime.timedelta(days=d) for d in range(731)]
    branches = [(f"B{i:03d}", f"R{i % 30:02d}") for i in range(300)]
    clock_sets = [(ClockResult("CN-CBIRC-2020:handling_decision", "met", d),) for d in range(16)]
    clock_sets += [(ClockResult("CN-CBIRC-2020:handling_decision", "breached", d),) for d in range(16, 40)]
    clock_sets += [(ClockResult("CN-CBIRC-2020:handling_decision", "open", d),) for d in range(5)]
    payments = [Money(f"{a}.00", "CNY") for a in (50, 100, 200, 500, 1000)]
    records = []
    for i in range(n):
        received = rnd.choice(days)
        branch, region = rnd.choice(branches)
        closed = received + datetime.timedelta(days=rnd.randrange(0, 45)) if rnd.random() < 0.9 else None
        records.append(ComplaintRecord(
            id=f"C{i}", received_on=received, branch=branch, region=region,
            staff=f"{branch}-S{rnd.randrange(10)}", channel=rnd.choice(CHANNELS), source=rnd.choice(SOURCES),
            kind="complaint" if rnd.random() < 0.9 else "consultation", business=rnd.choice(BUSINESSES),
            cause=rnd.choice(CAUSES), priority=rnd.choice(("P1", "P2", "P3", "P3", "P4")),
            risk_factors=("repeat",) if rnd.random() < 0.08 else (),
            status="closed" if closed else "investigating", outcome="resolved" if closed else "",
            responded_on=closed, closed_on=closed, clocks=rnd.choice(clock_sets),
            redress=rnd.choice(payments) if rnd.random() < 0.05 else None,
            satisfied=rnd.choice((True, True, True, False, None)), first_contact_in_sla=rnd.random() < 0.93,
            upheld=rnd.choice((True, False, False, None)), repeat=rnd.random() < 0.08,
            reopened=rnd.random() < 0.03, escalated=rnd.random() < 0.04, root_cause=rnd.choice(ROOT_CAUSES),
        ))
    return records


def ours(records: list[ComplaintRecord]) -> dict[str, Any]:
    """The standard report, as ``bankcomplaints report`` builds it."""
    return standard_report(aggregate(records, STANDARD_SPEC), by=REPORT_DIMENSIONS)


def with_pandas(records: list[ComplaintRecord]) -> dict[str, Any]:
    """The same tables with pandas: DataFrame from the records, then groupby sizes and sums."""
    import pandas as pd

    columns = (*STANDARD_SPEC.dimensions[:11], "staff", "received_on", "days_to_close", "days_to_respond",
               *FACT_FIELDS)
    frame = pd.DataFrame({c: list(map(operator.attrgetter(c), records)) for c in dict.fromkeys(columns)})
    received = pd.to_datetime(frame["received_on"])
    month, quarter = received.dt.to_period("M"), received.dt.to_period("Q")
    tables: dict[str, Any] = {d: frame.groupby(d, observed=True).size() for d in STANDARD_SPEC.dimensions[:11]}
    tables["risk_factor"] = pd.Series(list(map(operator.attrgetter("risk_factors"), records))).explode().value_counts()
    tables["month"], tables["quarter"] = month.value_counts(), quarter.value_counts()
    tables["days"] = frame.groupby("received_on").size()
    by_time = {"month": month, "quarter": quarter}
    for first, second in STANDARD_SPEC.pairs:
        keys = [by_time.get(first, frame[first]) if first in by_time else frame[first],
                by_time[second] if second in by_time else frame[second]]
        tables[f"{first}|{second}"] = frame.groupby(keys).size()
    tables["facts"] = frame.groupby(["branch", *FACT_FIELDS], dropna=False).size()
    clocks = pd.DataFrame([(r.branch, c.regime, c.state, c.days) for r in records for c in r.clocks],
                          columns=["branch", "regime", "state", "days"])
    tables["clocks"] = clocks.groupby(["branch", "regime", "state", "days"], dropna=False).size()
    tables["close_days"] = frame["days_to_close"].value_counts(dropna=False)
    tables["respond_days"] = frame["days_to_respond"].value_counts(dropna=False)
    paid = pd.DataFrame([(r.branch, r.redress.currency, r.redress.amount) for r in records if r.redress is not None],
                        columns=["branch", "currency", "amount"])
    tables["redress"] = paid.groupby(["branch", "currency"])["amount"].agg(["sum", "count"])
    return tables


def timed(label: str, work: Callable[[], Any], repeat: int = 3) -> float:
    """Best of ``repeat`` wall-clock runs, printed."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    print(f"  {label:<46} {best:8.3f} s")
    return best


def compare_with_pandas(records: list[ComplaintRecord]) -> None:
    """Time the report and the pandas tables on the same records; print the ratio and the rates."""
    n = len(records)
    report = ours(records)
    tables = with_pandas(records)
    assert report["total"] == n and dict(tables["business"]) == report["by"]["business"], "results disagree"
    ours_s = timed("bankcomplaints aggregate + report", lambda: ours(records))
    pandas_s = timed("pandas DataFrame + groupby (same tables)", lambda: with_pandas(records))
    print(f"  ratio pandas / bankcomplaints: {pandas_s / ours_s:.2f}x  (goal >= 1.0)")
    print(f"  records per second: bankcomplaints {n / ours_s:,.0f}, pandas {n / pandas_s:,.0f}")


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def _warm(_: int) -> int:
    """Import the engine in a worker and hold it briefly, so every worker of the pool is started."""
    import bankcomplaints.stats.files  # noqa: F401

    time.sleep(0.3)
    return os.getpid()


def started_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool as Dask makes one (its ``spawn`` context), with every worker started and the engine imported."""
    from dask.multiprocessing import get_context

    pool = ProcessPoolExecutor(workers, mp_context=get_context())  # type: ignore[no-untyped-call]
    pids = set(pool.map(_warm, range(workers)))
    assert len(pids) == workers, f"{len(pids)} of {workers} workers started"
    return pool


def ceiling(pools: dict[int, ProcessPoolExecutor], n: int) -> float:
    """What 2 processes gain over 1 on this machine right now: pure-Python CPU work, no I/O, no pickling."""
    timings = {}
    for workers, pool in pools.items():
        started = time.perf_counter()
        list(pool.map(_spin, [n, n]))
        timings[workers] = time.perf_counter() - started
    return timings[1] / timings[2]


def partition_profile(path: str, partitions: int) -> None:
    """One partition's work in this process (new and old way), and the driver's share for all partitions."""
    loaders = loaders_for(path, partitions)
    loader = loaders[0]
    assert isinstance(loader, JsonLinesRange)
    started = time.perf_counter()
    fast = loader.aggregate(STANDARD_SPEC)
    fast_s = time.perf_counter() - started
    started = time.perf_counter()
    slow = aggregate(loader(), STANDARD_SPEC)
    slow_s = time.perf_counter() - started
    assert fast == slow, "the JSON-lines path and the record path disagree"
    blob = pickle.dumps(fast)
    started = time.perf_counter()
    copies = [pickle.loads(blob) for _ in range(partitions)]
    unpickle_s = time.perf_counter() - started
    started = time.perf_counter()
    merge_all(copies)
    merge_s = time.perf_counter() - started
    print(f"  one partition ({fast.total:,} records) read + parsed + aggregated in this process:")
    print(f"    lines counted into the aggregate  {fast_s:7.3f} s  {fast.total / fast_s:10,.0f} records/s")
    print(f"    a record per line, then aggregate {slow_s:7.3f} s  {fast.total / slow_s:10,.0f} records/s "
          f"(the path before)")
    print(f"  driver's share for {partitions} partitions: unpickle {unpickle_s:.3f} s ({len(blob) / 1e6:.2f} MB each), "
          f"merge {merge_s:.3f} s")


def dask_speedup(path: str, n: int, partitions: int, rounds: int, spin: int) -> None:
    """Time ``--engine dask`` with 1 and with 2 worker processes, interleaved; print every round and the medians."""
    local = run(loaders_for(path, partitions), STANDARD_SPEC)
    partition_profile(path, partitions)

    def dask_run(workers: int, pool: ProcessPoolExecutor | None) -> float:
        started = time.perf_counter()
        result = run(loaders_for(path, partitions), STANDARD_SPEC, engine="dask", scheduler="processes",
                     workers=workers, pool=pool)
        elapsed = time.perf_counter() - started
        assert result == local, "dask and local disagree"
        return elapsed

    pools = {}
    for workers in (1, 2):
        started = time.perf_counter()
        pools[workers] = started_pool(workers)
        print(f"  start-up of a {workers}-worker pool (spawn, import, not timed below): "
              f"{time.perf_counter() - started:.2f} s")
    timings: dict[int, list[float]] = {1: [], 2: []}
    ceilings = []
    try:
        dask_run(2, pools[2])  # first touch of the file and the workers' caches, not timed
        for index in range(rounds):
            for workers in (1, 2):
                timings[workers].append(dask_run(workers, pools[workers]))
            ceilings.append(ceiling(pools, spin))
            one, two = timings[1][-1], timings[2][-1]
            print(f"  round {index + 1}: 1 process {one:6.2f} s, 2 processes {two:6.2f} s, speed-up {one / two:.2f}x; "
                  f"machine ceiling {ceilings[-1]:.2f}x; load average {os.getloadavg()[0]:.2f}")
    finally:
        for pool in pools.values():
            pool.shutdown()
    one, two = statistics.median(timings[1]), statistics.median(timings[2])
    print(f"  median over {rounds} rounds, {partitions} partitions, workers already running: "
          f"1 process {one:.2f} s ({n / one:,.0f} records/s), 2 processes {two:.2f} s ({n / two:,.0f} records/s)")
    per_round = statistics.median(a / b for a, b in zip(timings[1], timings[2], strict=True))
    print(f"  speed-up 2 processes / 1 process: {one / two:.2f}x (median of the rounds' ratios {per_round:.2f}x; "
          "goal >= 1.6); "
          f"machine ceiling on pure CPU work in the same rounds: median {statistics.median(ceilings):.2f}x, "
          f"{min(ceilings):.2f}-{max(ceilings):.2f}x")
    cold = {workers: dask_run(workers, None) for workers in (1, 2)}
    print(f"  cold (Dask starts and stops its own pool inside the call): 1 process {cold[1]:.2f} s, "
          f"2 processes {cold[2]:.2f} s, speed-up {cold[1] / cold[2]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 records instead of 1,000,000")
    parser.add_argument("--records", type=int, default=None)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved 1- and 2-process rounds (default 5)")
    parser.add_argument("--partitions", type=int, default=8, help="byte-range partitions (default 8)")
    args = parser.parse_args()
    n = args.records or (100_000 if args.quick else 1_000_000)
    print(f"bench_stats: {n:,} synthetic records, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    started = time.perf_counter()
    records = synthetic(n)
    print(f"  generated in {time.perf_counter() - started:.1f} s")
    if not args.skip_pandas:
        print("standard report (in-memory records)")
        compare_with_pandas(records)
    if args.skip_dask:
        return
    print("--engine dask, process scheduler, records JSON lines (each worker reads its byte ranges)")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "records.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(record_to_json(r) + "\n" for r in records)
        del records
        dask_speedup(path, n, args.partitions, args.rounds, spin=1_000_000 if args.quick else 5_000_000)


if __name__ == "__main__":
    main()
