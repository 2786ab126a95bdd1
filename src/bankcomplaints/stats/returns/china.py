"""China: the quarterly complaint statistics a bank reports (JR/T 0169 business category, cause, channel; branches).

Counts are of complaints (``kind == "complaint"``) received in the quarter.
Since 2022 the regulator merges repeat complaints about the same matter into one (REGULATIONS.md §2.3);
``merge_repeats=True`` (the default) follows that basis by leaving out records flagged ``repeat``.
Pass ``merge_repeats=False`` for the 2020–2021 basis.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.aggregate import AggregateSpec, aggregate
from bankcomplaints.stats.records import ComplaintRecord
from bankcomplaints.stats.trends import shift_period

__all__ = ["CHINA_SPEC", "ChinaQuarterlyReturn", "china_quarterly", "quarter_bounds"]

CHINA_SPEC = AggregateSpec(dimensions=("business", "cause", "channel", "branch", "region"),
                           pairs=(("business", "cause"),))
"""The tables a quarterly return needs."""


def quarter_bounds(quarter: str) -> tuple[datetime.date, datetime.date]:
    """First day of a quarter and first day of the next.

    Args:
        quarter: e.g. ``2024Q3``.

    Returns:
        ``(start, end)``, end exclusive.

    Raises:
        InvalidOperationError: not a quarter label.
    """
    following = shift_period(quarter, "quarter", 1)
    year, number = (int(part) for part in quarter.split("Q"))
    if not 1 <= number <= 4:
        raise InvalidOperationError("quarter", f"{quarter!r} is not a quarter label")
    next_year, next_number = (int(part) for part in following.split("Q"))
    return datetime.date(year, 3 * number - 2, 1), datetime.date(next_year, 3 * next_number - 2, 1)


@attrs.frozen(kw_only=True)
class ChinaQuarterlyReturn:
    """The figures of one quarter.

    Attributes:
        quarter: e.g. ``2024Q3``.
        total: complaints counted (after merging repeats, if asked).
        repeats_merged: repeat complaints left out.
        by_business: JR/T 0169 business category → count.
        by_cause: JR/T 0169 cause → count.
        by_business_cause: (business, cause) → count.
        by_channel: channel → count.
        by_branch: branch → count.
        by_region: region → count.
        per_10k_customers: total per 10,000 customers (``None`` without a customer count).
        per_branch: total per branch (``None`` without a branch count).
    """

    quarter: str
    total: int
    repeats_merged: int
    by_business: Mapping[str, int]
    by_cause: Mapping[str, int]
    by_business_cause: Mapping[tuple[str, str], int]
    by_channel: Mapping[str, int]
    by_branch: Mapping[str, int]
    by_region: Mapping[str, int]
    per_10k_customers: Decimal | None
    per_branch: Decimal | None


def china_quarterly(
    records: Iterable[ComplaintRecord],
    quarter: str,
    *,
    merge_repeats: bool = True,
    customers: int | None = None,
    branches: int | None = None,
) -> ChinaQuarterlyReturn:
    """The quarterly statistics for ``quarter``.

    Args:
        records: any records; those outside the quarter or not complaints are ignored.
        quarter: e.g. ``2024Q3``.
        merge_repeats: leave out repeat complaints (the 2022 basis).
        customers: personal customers at quarter end, for the per-10,000 rate.
        branches: branches at quarter end, for the per-branch rate.

    Returns:
        The return.

    Raises:
        InvalidOperationError: not a quarter label, or a non-positive customer or branch count.
    """
    start, end = quarter_bounds(quarter)
    for name, count in (("customers", customers), ("branches", branches)):
        if count is not None and count <= 0:
            raise InvalidOperationError(name, f"must be positive, got {count}")
    in_quarter = [r for r in records if r.kind == "complaint" and start <= r.received_on < end]
    counted = [r for r in in_quarter if not r.repeat] if merge_repeats else in_quarter
    agg = aggregate(counted, CHINA_SPEC)
    total = agg.total
    return ChinaQuarterlyReturn(
        quarter=quarter,
        total=total,
        repeats_merged=len(in_quarter) - len(counted),
        by_business=agg.counts("business"),
        by_cause=agg.counts("cause"),
        by_business_cause=agg.pair_counts("business", "cause"),
        by_channel=agg.counts("channel"),
        by_branch=agg.counts("branch"),
        by_region=agg.counts("region"),
        per_10k_customers=None if customers is None else Decimal(total) * 10_000 / customers,
        per_branch=None if branches is None else Decimal(total) / branches,
    )
