"""What the regex check saves: search time of refused shapes against their bounded rewrites, on hostile text.

For each pair the first pattern is refused by :func:`bankcomplaints.safe_regex.regex_hazard` and the
second, a bounded rewrite that matches the same complaints in practice, is accepted. Both are run with
``finditer`` (as the classifier runs them) over a text built to make the refused one backtrack; the script
prints both times and their ratio. The exponential shape runs on short texts of growing length, since on a
narrative of normal length it would not finish.

Run: ``.venv/bin/python benchmarks/bench_safe_regex.py [--quick]``
"""

from __future__ import annotations

import argparse
import re
import time

from bankcomplaints.safe_regex import regex_hazard


def _time(pattern: str, text: str) -> float:
    compiled = re.compile(pattern)
    start = time.perf_counter()
    for _ in compiled.finditer(text):
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000-character texts instead of 20,000")
    args = parser.parse_args()
    size = 5_000 if args.quick else 20_000
    pairs = [
        ("quadratic", r"\d+元", r"\d{1,12}元", "1" * size),
        ("quadratic", r"退款.*失败", r"退款.{0,20}失败", "退款" * (size // 2)),
        ("polynomial", r"a[^a]*b[^a]*c", r"a[^a]{0,20}b[^a]{0,20}c", "a" + "b" * (size // 4)),
    ]
    print(f"{'shape':<12}{'refused pattern':<20}{'time':>11}  {'accepted rewrite':<26}{'time':>11}{'ratio':>10}  text")
    for shape, refused, accepted, text in pairs:
        assert regex_hazard(refused) is not None and regex_hazard(accepted) is None
        slow, fast = _time(refused, text), _time(accepted, text)
        print(f"{shape:<12}{refused:<20}{slow * 1000:>9.2f}ms  {accepted:<26}{fast * 1000:>9.3f}ms"
              f"{slow / fast:>9.0f}x  {len(text):,} chars")
    refused, accepted = r"(x+x+)+y", r"x{2,40}y"
    assert regex_hazard(refused) is not None and regex_hazard(accepted) is None
    for length in (12, 16, 20) if args.quick else (14, 18, 22):
        text = "x" * length
        slow, fast = _time(refused, text), _time(accepted, text)
        print(f"{'exponential':<12}{refused:<20}{slow * 1000:>9.2f}ms  {accepted:<26}{fast * 1000:>9.3f}ms"
              f"{slow / fast:>9.0f}x  {length} chars")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
