"""China business-day arithmetic: ``bankcomplaints.calendars`` against ``chinese_calendar.find_workday``.

Draws random (date, n) pairs in 2004-2026 with n in -60..60 (n != 0), checks that both give the
same answer on every pair, and prints the time of each and the ratio.

``chinese_calendar.find_workday(n, d)`` rolls a non-working ``d`` forward before counting when
``n > 0``, so for those pairs it is asked for ``n - 1`` to mean the same day as
``add_business_days(d, n)`` (the n-th working day strictly after ``d``).

Run: ``.venv/bin/python benchmarks/bench_calendars.py [--quick] [--pairs N] [--seed S]``
"""

from __future__ import annotations

import argparse
import datetime
import random
import time

import chinese_calendar

from bankcomplaints import calendars


def _pairs(count: int, seed: int) -> list[tuple[datetime.date, int]]:
    rng = random.Random(seed)
    # Stay 100 days clear of the package's edges so both sides always have an answer.
    first = datetime.date(2004, 4, 15).toordinal()
    last = datetime.date(2026, 9, 20).toordinal()
    pairs = []
    while len(pairs) < count:
        n = rng.randint(-60, 60)
        if n:
            pairs.append((datetime.date.fromordinal(rng.randint(first, last)), n))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 pairs")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    count = 1_000 if args.quick else args.pairs
    pairs = _pairs(count, args.seed)
    # The baseline's argument is fixed up outside the timed loop.
    shifted = [(day, n - 1 if n > 0 and not chinese_calendar.is_workday(day) else n) for day, n in pairs]

    cn = calendars.get("CN")  # index built here, outside the timing (done once per process)

    started = time.perf_counter()
    ours = [cn.add_business_days(day, n) for day, n in pairs]
    ours_s = time.perf_counter() - started

    started = time.perf_counter()
    theirs = [chinese_calendar.find_workday(n, day) for day, n in shifted]
    theirs_s = time.perf_counter() - started

    mismatches = sum(a != b for a, b in zip(ours, theirs, strict=True))
    print(f"pairs:                          {count}")
    print(f"bankcomplaints.calendars:       {ours_s * 1e3:9.2f} ms ({ours_s / count * 1e6:.2f} us/pair)")
    print(f"chinese_calendar.find_workday: {theirs_s * 1e3:9.2f} ms ({theirs_s / count * 1e6:.2f} us/pair)")
    print(f"mismatches:                     {mismatches}")
    print(f"ratio (baseline / ours):        {theirs_s / ours_s:.0f}x")
    if mismatches:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
