"""UK: the FCA complaints return (DISP 1 Annex 1R) figures, by the five product groupings.

Per grouping: complaints outstanding at the start of the period, opened, closed, closed within 3 business days,
after 3 business days but within 8 weeks, after 8 weeks, upheld (a partial uphold counts as upheld, DISP 1.10.3G),
redress paid, and the main cause of the complaints opened.
Business days come from a function the host passes (e.g. a UK calendar with bank holidays);
the default counts Monday to Friday only.
Figures from partitions add up with :meth:`FcaReturn.merge`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

import attrs

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.stats.records import ComplaintRecord

__all__ = ["FCA_PRODUCT_GROUPS", "FcaGroupFigures", "FcaReturn", "fca_return", "weekdays_between"]

FCA_PRODUCT_GROUPS = (
    "banking_and_credit_cards", "home_finance", "insurance_and_pure_protection", "decumulation_and_pensions",
    "investments",
)
"""The five product/service groupings of the return."""

DEFAULT_GROUP_OF_BUSINESS: Mapping[str, str] = {
    "wealth_management": "investments",
    "agency": "investments",
    "precious_metals": "investments",
    "treasury": "investments",
}
"""Business category → grouping; anything else is banking and credit cards.
A record's ``fca_group`` attribute (e.g. ``home_finance`` for a mortgage) overrides the table."""

EIGHT_WEEKS = datetime.timedelta(weeks=8)


def weekdays_between(start: datetime.date, end: datetime.date) -> int:
    """Business days after ``start`` up to and including ``end``, counting Monday to Friday only.

    Args:
        start: the day of receipt (not counted).
        end: the day of closing.

    Returns:
        The count (0 when closed on the day of receipt or before).
    """
    days = (end - start).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    extra = sum(1 for offset in range(1, rest + 1) if (start + datetime.timedelta(days=offset)).weekday() < 5)
    return weeks * 5 + extra


@attrs.frozen(kw_only=True)
class FcaGroupFigures:
    """One grouping's figures; ``redress`` is per currency."""

    outstanding_at_start: int = 0
    opened: int = 0
    closed: int = 0
    closed_within_3_business_days: int = 0
    closed_within_8_weeks: int = 0
    closed_after_8_weeks: int = 0
    upheld: int = 0
    redress: Mapping[str, Decimal] = attrs.field(factory=dict)
    causes_opened: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def main_cause(self) -> str | None:
        """The most frequent cause of complaints opened (ties by name), ``None`` if none were opened."""
        if not self.causes_opened:
            return None
        return min(self.causes_opened, key=lambda cause: (-self.causes_opened[cause], cause))

    def merge(self, other: FcaGroupFigures) -> FcaGroupFigures:
        """The figures of both inputs.

        Args:
            other: figures for the same grouping and period from other records.

        Returns:
            The sums.
        """
        redress = dict(self.redress)
        for currency, amount in other.redress.items():
            redress[currency] = redress.get(currency, Decimal(0)) + amount
        return FcaGroupFigures(
            outstanding_at_start=self.outstanding_at_start + other.outstanding_at_start,
            opened=self.opened + other.opened,
            closed=self.closed + other.closed,
            closed_within_3_business_days=self.closed_within_3_business_days + other.closed_within_3_business_days,
            closed_within_8_weeks=self.closed_within_8_weeks + other.closed_within_8_weeks,
            closed_after_8_weeks=self.closed_after_8_weeks + other.closed_after_8_weeks,
            upheld=self.upheld + other.upheld,
            redress=redress,
            causes_opened=dict(Counter(self.causes_opened) + Counter(other.causes_opened)),
        )


@attrs.frozen(kw_only=True)
class FcaReturn:
    """The return for a period ``[start, end]`` (both days included): figures per product grouping."""

    start: datetime.date
    end: datetime.date
    groups: Mapping[str, FcaGroupFigures]

    def merge(self, other: FcaReturn) -> FcaReturn:
        """The return over both inputs' records.

        Args:
            other: a return for the same period.

        Returns:
            The combined return.

        Raises:
            InvalidOperationError: the periods differ.
        """
        if (self.start, self.end) != (other.start, other.end):
            raise InvalidOperationError("period", "can't merge returns for different periods")
        return FcaReturn(start=self.start, end=self.end,
                         groups={g: self.groups[g].merge(other.groups[g]) for g in self.groups})


def _group(record: ComplaintRecord, table: Mapping[str, str]) -> str:
    return record.attribute("fca_group") or table.get(record.business, "banking_and_credit_cards")


def fca_return(
    records: Iterable[ComplaintRecord],
    start: datetime.date,
    end: datetime.date,
    *,
    business_days: Callable[[datetime.date, datetime.date], int] = weekdays_between,
    groups: Mapping[str, str] = DEFAULT_GROUP_OF_BUSINESS,
) -> FcaReturn:
    """The DISP 1 Annex 1R figures for the period ``[start, end]``.

    Args:
        records: the records (complaints only are counted).
        start: first day of the reporting period.
        end: last day of the reporting period.
        business_days: business days after the day of receipt up to the day of closing.
        groups: business category → product grouping.

    Returns:
        The return, with every one of the five groupings present.

    Raises:
        InvalidOperationError: ``end`` is before ``start`` or a grouping is not one of the five.
    """
    if end < start:
        raise InvalidOperationError("end", f"period ends {end} before it starts {start}")
    tallies: dict[str, dict[str, int]] = {g: Counter() for g in FCA_PRODUCT_GROUPS}
    redress: dict[str, dict[str, Decimal]] = {g: {} for g in FCA_PRODUCT_GROUPS}
    causes: dict[str, Counter[str]] = {g: Counter() for g in FCA_PRODUCT_GROUPS}
    for r in records:
        if r.kind != "complaint":
            continue
        group = _group(r, groups)
        if group not in tallies:
            raise InvalidOperationError("fca_group", f"record {r.id}: {group!r} is not one of {FCA_PRODUCT_GROUPS}")
        tally = tallies[group]
        if r.received_on < start and (r.closed_on is None or r.closed_on >= start):
            tally["outstanding_at_start"] += 1
        if start <= r.received_on <= end:
            tally["opened"] += 1
            causes[group][r.cause] += 1
        if r.closed_on is not None and start <= r.closed_on <= end:
            tally["closed"] += 1
            if business_days(r.received_on, r.closed_on) <= 3:
                tally["closed_within_3_business_days"] += 1
            elif r.closed_on - r.received_on <= EIGHT_WEEKS:
                tally["closed_within_8_weeks"] += 1
            else:
                tally["closed_after_8_weeks"] += 1
            tally["upheld"] += r.upheld is True
            if r.redress is not None:
                paid = redress[group]
                paid[r.redress.currency] = paid.get(r.redress.currency, Decimal(0)) + r.redress.amount
    return FcaReturn(start=start, end=end, groups={
        g: FcaGroupFigures(**tallies[g], redress=dict(redress[g]), causes_opened=dict(causes[g]))
        for g in FCA_PRODUCT_GROUPS
    })
