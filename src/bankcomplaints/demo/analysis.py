"""The quarter's analysis, with :mod:`bankcomplaints.stats`: the tables behind each chart of the report.

The reloaded complaints become PII-free records (:func:`~bankcomplaints.stats.derive.from_complaint`),
judged at the end of the quarter, then one mergeable aggregate gives every table:
volume by week, the Pareto of causes, shares by business, timeliness of the statutory handling
clock by branch, and the branch scorecard (考核) with the demo's example weights.

    >>> from bankcomplaints.demo.simulation import simulate
    >>> from bankcomplaints.demo.analysis import analyse
    >>> run = simulate(seed=4, count=40)
    >>> tables = analyse(run.complaints, as_of=run.as_of, customers=run.network.customers())
    >>> sum(count for _, count in tables.volume) == 40
    True
    >>> [row.rank for row in tables.scorecard] == sorted(row.rank for row in tables.scorecard)
    True
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

import attrs
import pendulum

from bankcomplaints.complaint import Complaint
from bankcomplaints.demo.summary import HANDLING_CLOCK
from bankcomplaints.stats.aggregate import Aggregate, AggregateSpec, aggregate
from bankcomplaints.stats.assessment import AssessmentScheme, Scorecard, ScoreComponent, score
from bankcomplaints.stats.derive import from_complaint
from bankcomplaints.stats.kpis import STANDARD_KPIS, KpiValue, Number, evaluate_by, timeliness
from bankcomplaints.stats.trends import ParetoRow, pareto

__all__ = ["DEMO_SCHEME", "TIMELINESS", "Tables", "analyse"]

#: The timeliness KPI of the statutory handling clock (decided within 15 days, or 30/60 when extended).
TIMELINESS = timeliness(HANDLING_CLOCK)

#: The demo's example scorecard: the library's example weights, read against the real handling clock, with
#: floors wide enough to rank the synthetic branches. Weights, targets and floors are a bank's choice, not regulation.
DEMO_SCHEME = AssessmentScheme(
    name="demo-2025Q4",
    components=(
        ScoreComponent(kpi=TIMELINESS.name, weight="0.30", target="1.00", floor="0.80"),
        ScoreComponent(kpi="satisfaction_rate", weight="0.25", target="0.95", floor="0.50"),
        ScoreComponent(kpi="repeat_rate", weight="0.15", target="0.01", floor="0.10"),
        ScoreComponent(kpi="per_10k_customers", weight="0.20", target="2", floor="8"),
        ScoreComponent(kpi="escalation_rate", weight="0.10", target="0.02", floor="0.25"),
    ),
    kpis=(*STANDARD_KPIS, TIMELINESS),
)

_SPEC = AggregateSpec(dimensions=("week", "cause", "business", "branch", "kind"), kpi_by=("branch",))


@attrs.frozen(kw_only=True)
class Tables:
    """The figures of each chart; labels are codes (the report translates them)."""

    volume: tuple[tuple[str, int], ...]
    """Contacts received per ISO week (``2025-W40``...)."""
    causes: tuple[ParetoRow, ...]
    """Complaints per cause, largest first, with cumulative shares (the vital few marked)."""
    business: tuple[tuple[str, int, float], ...]
    """Complaints per business category: count and share."""
    timeliness: tuple[tuple[str, KpiValue], ...]
    """Per branch: decided within the limit, of complaints whose handling clock stopped or ran out."""
    scorecard: tuple[Scorecard, ...]
    """Branches ranked by the :data:`DEMO_SCHEME` score."""


def _complaints_only(complaints: Iterable[Complaint], as_of: pendulum.DateTime) -> Aggregate:
    records = [from_complaint(c, now=as_of, tz=as_of.timezone_name) for c in complaints]
    return aggregate([r for r in records if r.kind == "complaint"], _SPEC)


def _weeks(complaints: Iterable[Complaint], tz: str | None) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for complaint in complaints:
        day: datetime.date = complaint.received_at.in_timezone(tz).date() if tz else complaint.received_at.date()
        year, week, _ = day.isocalendar()
        label = f"{year}-W{week:02d}"
        counts[label] = counts.get(label, 0) + 1
    return tuple(sorted(counts.items()))


def analyse(complaints: Iterable[Complaint], *, as_of: pendulum.DateTime,
            customers: Mapping[str, Mapping[str, Number]]) -> Tables:
    """The report's tables for the complaints as they stand at ``as_of``.

    Args:
        complaints: every contact of the quarter (consultations count in the volume, not in the rest).
        as_of: when the records are taken (open clocks are judged at it).
        customers: per branch code, ``{"customers": n}`` for complaints per 10,000 customers.
    Returns:
        The tables.
    Raises:
        CalendarCoverageError: a clock needs a day the calendar has no data for.
    """
    everything = list(complaints)
    agg = _complaints_only(everything, as_of)
    business = agg.counts("business")
    by_branch = evaluate_by(agg, "branch", (TIMELINESS,))
    return Tables(
        volume=_weeks(everything, as_of.timezone_name),
        causes=tuple(pareto(agg.counts("cause"))),
        business=tuple((label, count, count / agg.total) for label, count in business.items()),
        timeliness=tuple((branch, values[TIMELINESS.name]) for branch, values in by_branch.items()
                         if branch and TIMELINESS.name in values),
        scorecard=tuple(score(agg, "branch", DEMO_SCHEME, host_by=customers)),
    )
