"""Trends and analysis: period-on-period changes, Pareto, control charts, and the factor table.

Every function takes plain counts (as :meth:`~bankcomplaints.stats.aggregate.Aggregate.counts` returns them),
so it works the same on one branch's month or on a national year.
Control limits follow the textbook Shewhart charts (3 sigma):

- **p-chart** (a rate per group, e.g. the breach rate per branch): ``p̄ = Σx / Σn``,
  limits ``p̄ ± 3·sqrt(p̄(1−p̄)/nᵢ)``, the lower one floored at 0;
- **c-chart** (counts with equal opportunity, e.g. complaints per month): ``c̄ = mean``, limits ``c̄ ± 3·sqrt(c̄)``;
- **u-chart** (counts per unit of exposure, e.g. complaints per 10,000 customers per branch):
  ``ū = Σc / Σn``, limits ``ū ± 3·sqrt(ū/nᵢ)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal

import attrs

from bankcomplaints.errors import InvalidOperationError

__all__ = [
    "DEFAULT_ACTIONS",
    "Change",
    "ControlChart",
    "ControlPoint",
    "FactorRow",
    "ParetoRow",
    "c_chart",
    "changes",
    "factor_table",
    "p_chart",
    "pareto",
    "shift_period",
    "u_chart",
]


def shift_period(label: str, bucket: str, steps: int) -> str:
    """The label ``steps`` periods away (negative = earlier).

    Args:
        label: a ``month`` (``2024-03``), ``quarter`` (``2024Q1``) or ``year`` (``2024``) label.
        bucket: which of the three it is.
        steps: how many periods to move.

    Returns:
        The shifted label.

    Raises:
        InvalidOperationError: unknown bucket or a label that does not fit it.
    """
    try:
        if bucket == "month":
            year, month = (int(part) for part in label.split("-"))
            index = year * 12 + month - 1 + steps
            return f"{index // 12}-{index % 12 + 1:02d}"
        if bucket == "quarter":
            year, quarter = (int(part) for part in label.split("Q"))
            index = year * 4 + quarter - 1 + steps
            return f"{index // 4}Q{index % 4 + 1}"
        if bucket == "year":
            return str(int(label) + steps)
    except ValueError:
        raise InvalidOperationError("label", f"{label!r} is not a {bucket} label") from None
    raise InvalidOperationError("bucket", f"period changes need month, quarter or year, not {bucket!r}")


_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


@attrs.frozen(kw_only=True)
class Change:
    """One period against a base period; ``ratio`` is ``value / base_value − 1`` (``None`` when the base is 0)."""

    period: str
    value: int
    base_period: str
    base_value: int
    difference: int
    ratio: Decimal | None


def changes(counts: Mapping[str, int], bucket: str, *, over: str = "previous") -> list[Change]:
    """Period-on-period changes: month on month (``over="previous"``) or year on year (``over="year"``).

    Periods missing from ``counts`` count as 0; a change is reported only when its base period lies within the
    range covered by ``counts``.

    Args:
        counts: ``period label -> count`` (e.g. ``agg.counts("month")``).
        bucket: ``month``, ``quarter`` or ``year``.
        over: ``previous`` (the period before) or ``year`` (the same period a year earlier).

    Returns:
        One :class:`Change` per period with a base in range, in time order.

    Raises:
        InvalidOperationError: unknown bucket or ``over``, or a label that does not fit the bucket.
    """
    if over not in ("previous", "year"):
        raise InvalidOperationError("over", f"expected 'previous' or 'year', got {over!r}")
    if bucket not in _PER_YEAR:
        raise InvalidOperationError("bucket", f"period changes need month, quarter or year, not {bucket!r}")
    if not counts:
        return []
    lag = 1 if over == "previous" else _PER_YEAR[bucket]
    first, last = min(counts), max(counts)
    periods = [first]
    while periods[-1] < last:
        periods.append(shift_period(periods[-1], bucket, 1))
    result = []
    for period in periods[lag:]:
        base = shift_period(period, bucket, -lag)
        value, base_value = counts.get(period, 0), counts.get(base, 0)
        ratio = Decimal(value) / Decimal(base_value) - 1 if base_value else None
        result.append(Change(period=period, value=value, base_period=base, base_value=base_value,
                             difference=value - base_value, ratio=ratio))
    return result


@attrs.frozen(kw_only=True)
class ParetoRow:
    """One label in a Pareto table; ``vital`` marks the vital few (the smallest set reaching the threshold)."""

    label: str
    count: int
    share: float
    cumulative_share: float
    vital: bool


def pareto(counts: Mapping[str, int], threshold: float = 0.8) -> list[ParetoRow]:
    """A Pareto table: labels by count descending (ties by label), with cumulative shares.

    Args:
        counts: ``label -> count`` (e.g. ``agg.counts("cause")``).
        threshold: the cumulative share the vital few must reach (0.8 for the 80/20 rule).

    Returns:
        Rows; the first rows up to and including the one whose cumulative share reaches ``threshold`` are vital.

    Raises:
        InvalidOperationError: ``threshold`` outside ``(0, 1]``.
    """
    if not 0 < threshold <= 1:
        raise InvalidOperationError("threshold", f"must be in (0, 1], got {threshold}")
    total = sum(counts.values())
    rows: list[ParetoRow] = []
    running = 0
    reached = False
    for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        running += count
        share, cumulative = (count / total, running / total) if total else (0.0, 0.0)
        rows.append(ParetoRow(label=label, count=count, share=share, cumulative_share=cumulative, vital=not reached))
        reached = reached or running >= threshold * total
    return rows


@attrs.frozen(kw_only=True)
class ControlPoint:
    """One plotted point with its own limits (p- and u-chart limits vary with the group size)."""

    label: str
    value: float
    size: float
    lower: float
    upper: float

    @property
    def out_of_control(self) -> bool:
        """Whether the point lies outside its limits."""
        return self.value > self.upper or self.value < self.lower


@attrs.frozen(kw_only=True)
class ControlChart:
    """A Shewhart chart: its kind (``p``, ``c``, ``u``), centre line and points."""

    kind: str
    center: float
    points: tuple[ControlPoint, ...]

    @property
    def out_of_control(self) -> tuple[str, ...]:
        """Labels of the points outside their limits."""
        return tuple(p.label for p in self.points if p.out_of_control)


def _check_sizes(sizes: Mapping[str, float], what: str) -> None:
    for label, size in sizes.items():
        if size <= 0:
            raise InvalidOperationError(what, f"{label!r}: size must be positive, got {size}")


def p_chart(numerators: Mapping[str, int], denominators: Mapping[str, int], *, sigmas: float = 3) -> ControlChart:
    """A p-chart of a rate per group (branch or month).

    Args:
        numerators: ``label -> events`` (e.g. breached clocks).
        denominators: ``label -> opportunities`` (e.g. clocks stopped); every label needs one.
        sigmas: width of the limits.

    Returns:
        The chart; points in label order.

    Raises:
        InvalidOperationError: a label lacks a positive denominator, or a numerator exceeds it.
    """
    _check_sizes({label: denominators.get(label, 0) for label in numerators}, "denominators")
    if any(numerators[label] > denominators[label] for label in numerators):
        raise InvalidOperationError("numerators", "a numerator exceeds its denominator")
    total = sum(denominators[label] for label in numerators)
    center = sum(numerators.values()) / total if total else 0.0
    points = []
    for label in sorted(numerators):
        n = denominators[label]
        sigma = math.sqrt(center * (1 - center) / n)
        points.append(ControlPoint(label=label, value=numerators[label] / n, size=n,
                                   lower=max(0.0, center - sigmas * sigma), upper=center + sigmas * sigma))
    return ControlChart(kind="p", center=center, points=tuple(points))


def c_chart(counts: Mapping[str, int], *, sigmas: float = 3) -> ControlChart:
    """A c-chart of counts per period with equal opportunity.

    Args:
        counts: ``label -> count``.
        sigmas: width of the limits.

    Returns:
        The chart; points in label order.
    """
    center = sum(counts.values()) / len(counts) if counts else 0.0
    spread = sigmas * math.sqrt(center)
    points = tuple(ControlPoint(label=label, value=float(counts[label]), size=1.0, lower=max(0.0, center - spread),
                                upper=center + spread) for label in sorted(counts))
    return ControlChart(kind="c", center=center, points=points)


def u_chart(counts: Mapping[str, int], exposure: Mapping[str, float], *, sigmas: float = 3) -> ControlChart:
    """A u-chart of counts per unit of exposure (e.g. per 10,000 customers: exposure = customers / 10,000).

    Args:
        counts: ``label -> count``.
        exposure: ``label -> units``; every label needs a positive one.
        sigmas: width of the limits.

    Returns:
        The chart; values are counts per unit.

    Raises:
        InvalidOperationError: a label lacks a positive exposure.
    """
    _check_sizes({label: exposure.get(label, 0) for label in counts}, "exposure")
    total = sum(exposure[label] for label in counts)
    center = sum(counts.values()) / total if total else 0.0
    points = []
    for label in sorted(counts):
        n = exposure[label]
        spread = sigmas * math.sqrt(center / n)
        points.append(ControlPoint(label=label, value=counts[label] / n, size=n, lower=max(0.0, center - spread),
                                   upper=center + spread))
    return ControlChart(kind="u", center=center, points=tuple(points))


DEFAULT_ACTIONS: Mapping[str, str] = {
    "process": "revise the business rule or process, retrain on the new version, and re-check in the next quarter",
    "system": "raise a defect with IT, fix and regression-test, and notify affected customers",
    "staff_skills": "targeted training and coaching, then a supervised sample of cases",
    "staff_conduct": "accountability review under the bank's rules, with coaching and follow-up checks",
    "product_design": "refer to product governance to change terms, pricing or disclosure",
    "disclosure": "rewrite the customer information and verify it in mystery shopping",
    "third_party": "raise with the third party under its contract and monitor its service levels",
    "external_event": "review the contingency plan and customer communication for such events",
    "customer_error": "improve customer guidance at the point of error (screens, leaflets, staff prompts)",
}
"""Root cause (the codes of :data:`bankcomplaints.liability.codes.ROOT_CAUSES`) → improvement action;
a bank supplies its own table, e.g. from its open improvement actions."""


@attrs.frozen(kw_only=True)
class FactorRow:
    """Cause → root cause → improvement action, with the count and its share of the cause."""

    cause: str
    root_cause: str
    count: int
    share_of_cause: float
    action: str


def factor_table(cause_root_counts: Mapping[tuple[str, str], int],
                 actions: Mapping[str, str] = DEFAULT_ACTIONS) -> list[FactorRow]:
    """Link causes to root causes and improvement actions (根因分析 and 整改), largest first.

    Args:
        cause_root_counts: ``(cause, root cause) -> count`` (``agg.pair_counts("cause", "root_cause")``).
        actions: root cause → improvement action.

    Returns:
        Rows by count descending; a root cause with no action says so, and an empty root cause reads
        ``not yet found``.
    """
    per_cause: dict[str, int] = {}
    for (cause, _), count in cause_root_counts.items():
        per_cause[cause] = per_cause.get(cause, 0) + count
    rows = []
    for (cause, root), count in sorted(cause_root_counts.items(), key=lambda item: (-item[1], item[0])):
        action = actions.get(root, "no improvement action defined") if root else "root cause not yet found"
        rows.append(FactorRow(cause=cause, root_cause=root, count=count, share_of_cause=count / per_cause[cause],
                              action=action))
    return rows
