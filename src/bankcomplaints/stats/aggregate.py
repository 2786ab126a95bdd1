"""Mergeable aggregates: counts by dimension, pairs, time buckets, durations and KPI facts.

:func:`aggregate` makes one pass over records and returns an :class:`Aggregate`;
``a.merge(b)`` equals the aggregate of both inputs, so the same code runs on one machine,
over partitions in processes, or on a cluster engine.

Everything is kept as exact counts of raw values (``collections.Counter``):
durations are whole days, counted per day, so a median or a 90th percentile is exact and
can be audited against the case files, as a bank must; a sketch (t-digest, DDSketch)
would save memory only for continuous values, and days to close take a few hundred distinct values.
Time buckets (week, month, quarter, year) are rolled up from counts per day when the table is read,
so merging never has to agree on buckets.

Speed comes from counting tuples built by ``operator.attrgetter`` in C (one tuple per record per table),
never from Python code per record.
"""

from __future__ import annotations

import datetime
import itertools
import math
import operator
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from bankcomplaints.errors import InvalidComplaintDataError, InvalidOperationError
from bankcomplaints.stats.records import ClockResult, ComplaintRecord

__all__ = [
    "FACT_FIELDS",
    "RECORD_DIMENSIONS",
    "STANDARD_SPEC",
    "TIME_BUCKETS",
    "Aggregate",
    "AggregateSpec",
    "aggregate",
    "pair_key",
    "percentile",
    "register_hooks",
    "time_label",
]

RECORD_DIMENSIONS = (
    "branch", "region", "staff", "channel", "source", "kind", "business", "cause",
    "priority", "status", "outcome", "root_cause",
)
"""Record fields that can be used as a dimension directly."""

MULTI_DIMENSIONS = ("risk_factor",)
"""Dimensions where a record can count under several labels (each risk factor it has)."""


def _week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


TIME_BUCKETS: Mapping[str, Callable[[datetime.date], str]] = {
    "day": datetime.date.isoformat,
    "week": _week,
    "month": lambda d: f"{d.year}-{d.month:02d}",
    "quarter": lambda d: f"{d.year}Q{(d.month - 1) // 3 + 1}",
    "year": lambda d: str(d.year),
}
"""Time-bucket dimensions, by date received: ``2019-04-15``, ``2019-W16``, ``2019-04``, ``2019Q2``, ``2019``."""

FACT_FIELDS = ("kind", "satisfied", "first_contact_in_sla", "upheld", "repeat", "reopened", "escalated")
"""The fields of the KPI fact tables (:attr:`Aggregate.facts`), in key order after the group label."""


def time_label(bucket: str, day: datetime.date) -> str:
    """The label of ``day`` in a time bucket.

    Args:
        bucket: one of :data:`TIME_BUCKETS`.
        day: the date.

    Returns:
        The bucket label, e.g. ``"2019Q2"`` for ``quarter``.

    Raises:
        InvalidOperationError: ``bucket`` is not a time bucket.
    """
    try:
        return TIME_BUCKETS[bucket](day)
    except KeyError:
        known = list(TIME_BUCKETS)
        raise InvalidOperationError("bucket", f"unknown time bucket {bucket!r}; use one of {known}") from None


def _dimension_names(names: Iterable[str]) -> tuple[str, ...]:
    unique = tuple(dict.fromkeys(names))
    if not all(unique):
        raise InvalidOperationError("dimension", "a dimension name can't be empty")
    return unique


def _raw_getter(name: str) -> Callable[[ComplaintRecord], Hashable]:
    """What is counted for a dimension: the field, the date (for time buckets) or an extra attribute."""
    if name in RECORD_DIMENSIONS:
        return operator.attrgetter(name)
    if name in TIME_BUCKETS:
        return operator.attrgetter("received_on")
    return lambda record: record.attribute(name)


def _label(name: str, raw: Hashable) -> str:
    if name in TIME_BUCKETS:
        assert isinstance(raw, datetime.date)
        return TIME_BUCKETS[name](raw)
    return str(raw)


def _kpi_groups(names: Iterable[str]) -> tuple[str, ...]:
    unique = tuple(dict.fromkeys(names)) or ("branch",)
    for name in unique:
        if name not in RECORD_DIMENSIONS:
            raise InvalidOperationError("kpi_by", f"{name!r} is not a record field; use one of {RECORD_DIMENSIONS}")
    return unique


@attrs.frozen(kw_only=True)
class AggregateSpec:
    """Which count tables an aggregate keeps.

    Attributes:
        dimensions: single dimensions: record fields (:data:`RECORD_DIMENSIONS`), ``risk_factor``,
            time buckets (:data:`TIME_BUCKETS`) or, for any other name, an extra attribute of that name.
        pairs: pairs of dimensions counted together (cross tables).
        kpi_by: record fields the KPI fact tables are kept by (e.g. ``branch``, ``staff``), so KPIs can be read
            per branch or per member of staff; the overall KPIs are the sum over the first of them.
            Each adds one pass and ``labels x ~150`` keys, so keep it to the groups you score.
    """

    dimensions: tuple[str, ...] = attrs.field(converter=_dimension_names)
    pairs: tuple[tuple[str, str], ...] = ()
    kpi_by: tuple[str, ...] = attrs.field(default=("branch",), converter=_kpi_groups)

    def with_dimensions(self, extra: Iterable[str]) -> AggregateSpec:
        """This spec with more single dimensions (duplicates dropped).

        Args:
            extra: dimension names to add.

        Returns:
            A new spec.
        """
        return AggregateSpec(dimensions=(*self.dimensions, *extra), pairs=self.pairs, kpi_by=self.kpi_by)


STANDARD_SPEC = AggregateSpec(
    dimensions=(
        "business", "cause", "channel", "source", "kind", "branch", "region", "status", "outcome",
        "priority", "root_cause", "risk_factor", "month", "quarter",
    ),
    pairs=(("business", "cause"), ("branch", "month"), ("business", "month"), ("cause", "root_cause")),
)
"""The tables of the standard report (``bankcomplaints report``)."""


def pair_key(first: str, second: str) -> str:
    """The key of a pair table in :attr:`Aggregate.pairs`.

    Args:
        first: the first dimension.
        second: the second dimension.

    Returns:
        ``"first|second"``.
    """
    return f"{first}|{second}"


@attrs.frozen(kw_only=True, unsafe_hash=False)
class Aggregate:
    """Exact, mergeable counts over a set of records.

    Build one with :func:`aggregate`; combine with :meth:`merge`. Read it through
    :meth:`counts`, :meth:`pair_counts`, :meth:`durations` or the KPI functions in
    :mod:`bankcomplaints.stats.kpis`. The counters are private: an aggregate never changes.

    Attributes:
        spec: which tables are kept.
        total: number of records.
        singles: raw counts per single dimension (time dimensions count dates).
        pairs: counts per pair of dimensions, keyed ``"first|second"`` (time dimensions by bucket label).
        days: records per date received.
        facts: per ``kpi_by`` field, records per ``(label, *facts)`` (see :data:`FACT_FIELDS`).
        clocks: per ``kpi_by`` field, records per ``(label, clocks)``.
        close_days: records per whole days to close (``None`` = not closed).
        respond_days: records per whole days to the final response (``None`` = no response yet).
        redress: per ``kpi_by`` field, ``(label, currency) -> (total paid, complaints with redress)``.
    """

    spec: AggregateSpec
    total: int
    singles: Mapping[str, Counter[Hashable]]
    pairs: Mapping[str, Counter[tuple[str, str]]]
    days: Counter[datetime.date]
    facts: Mapping[str, Counter[tuple[Any, ...]]]
    clocks: Mapping[str, Counter[tuple[str, tuple[ClockResult, ...]]]]
    close_days: Counter[int | None]
    respond_days: Counter[int | None]
    redress: Mapping[str, Mapping[tuple[str, str], tuple[Decimal, int]]]

    def merge(self, other: Aggregate) -> Aggregate:
        """The aggregate of both inputs.

        Args:
            other: an aggregate built with the same spec.

        Returns:
            A new aggregate; neither input changes.

        Raises:
            InvalidOperationError: the specs differ.
        """
        if other.spec != self.spec:
            raise InvalidOperationError("spec", "can't merge aggregates built with different specs")
        redress = {group: _add_redress(table, other.redress[group]) for group, table in self.redress.items()}
        return Aggregate(
            spec=self.spec,
            total=self.total + other.total,
            singles={name: self.singles[name] + other.singles[name] for name in self.singles},
            pairs={name: self.pairs[name] + other.pairs[name] for name in self.pairs},
            days=self.days + other.days,
            facts={group: table + other.facts[group] for group, table in self.facts.items()},
            clocks={group: table + other.clocks[group] for group, table in self.clocks.items()},
            close_days=self.close_days + other.close_days,
            respond_days=self.respond_days + other.respond_days,
            redress=redress,
        )

    def counts(self, dimension: str) -> dict[str, int]:
        """Records per label of one dimension, largest first (ties by label).

        Args:
            dimension: a dimension of the spec, or a time bucket (always available).

        Returns:
            ``label -> count``.

        Raises:
            InvalidOperationError: the dimension is not in the spec.
        """
        if dimension in TIME_BUCKETS and dimension not in self.singles:
            raw: Counter[Hashable] = Counter(self.days)
        else:
            try:
                raw = self.singles[dimension]
            except KeyError:
                raise InvalidOperationError(
                    "dimension", f"{dimension!r} is not in this aggregate; it has {list(self.singles)}"
                ) from None
        rolled: Counter[str] = Counter()
        for value, count in raw.items():
            rolled[_label(dimension, value)] += count
        if dimension in TIME_BUCKETS:
            return dict(sorted(rolled.items()))
        return dict(sorted(rolled.items(), key=lambda item: (-item[1], item[0])))

    def shares(self, dimension: str) -> dict[str, float]:
        """Each label's share of all records (for ``risk_factor``, of records, so shares may sum above 1).

        Args:
            dimension: as for :meth:`counts`.

        Returns:
            ``label -> count / total`` (empty when there are no records).

        Raises:
            InvalidOperationError: the dimension is not in the spec.
        """
        counts = self.counts(dimension)
        return {label: count / self.total for label, count in counts.items()} if self.total else {}

    def pair_counts(self, first: str, second: str) -> dict[tuple[str, str], int]:
        """Records per pair of labels of two dimensions, in label order.

        Args:
            first: the first dimension of a pair in the spec.
            second: the second dimension.

        Returns:
            ``(first label, second label) -> count``.

        Raises:
            InvalidOperationError: the pair is not in the spec.
        """
        try:
            raw = self.pairs[pair_key(first, second)]
        except KeyError:
            raise InvalidOperationError(
                "pair", f"({first}, {second}) is not in this aggregate; it has {list(self.pairs)}"
            ) from None
        rolled: Counter[tuple[str, str]] = Counter()
        for (a, b), count in raw.items():
            rolled[str(a), str(b)] += count
        return dict(sorted(rolled.items()))

    def durations(self, which: str = "close") -> Counter[int]:
        """Exact histogram of whole days to close (``"close"``) or to respond (``"respond"``), open cases left out.

        Args:
            which: ``"close"`` or ``"respond"``.

        Returns:
            ``days -> records``.

        Raises:
            InvalidOperationError: ``which`` is neither.
        """
        if which not in ("close", "respond"):
            raise InvalidOperationError("which", f"expected 'close' or 'respond', got {which!r}")
        raw = self.close_days if which == "close" else self.respond_days
        return Counter({days: count for days, count in raw.items() if days is not None})

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: every table as a list of ``[key..., count]`` rows (dates as ISO strings).

        Returns:
            Plain lists, dicts, strings, numbers, booleans and ``None``; :meth:`from_dict` reads it back.
        """
        return {
            "spec": {"dimensions": list(self.spec.dimensions), "pairs": [list(p) for p in self.spec.pairs],
                     "kpi_by": list(self.spec.kpi_by)},
            "total": self.total,
            "singles": {name: [[_encode(k), n] for k, n in c.items()] for name, c in self.singles.items()},
            "pairs": {name: [[_encode(a), _encode(b), n] for (a, b), n in c.items()] for name, c in self.pairs.items()},
            "days": [[d.isoformat(), n] for d, n in self.days.items()],
            "facts": {g: [[*key, n] for key, n in table.items()] for g, table in self.facts.items()},
            "clocks": {g: [[label, [list(c) for c in clocks], n] for (label, clocks), n in table.items()]
                       for g, table in self.clocks.items()},
            "close_days": [[d, n] for d, n in self.close_days.items()],
            "respond_days": [[d, n] for d, n in self.respond_days.items()],
            "redress": {g: [[label, cur, str(amount), n] for (label, cur), (amount, n) in table.items()]
                        for g, table in self.redress.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Aggregate:
        """Read back what :meth:`to_dict` wrote.

        Args:
            data: the JSON-ready form.

        Returns:
            An aggregate equal to the one written.

        Raises:
            InvalidComplaintDataError: a table is missing or malformed; the path names it.
        """
        where = "aggregate"
        try:
            spec = AggregateSpec(dimensions=tuple(data["spec"]["dimensions"]),
                                 pairs=tuple((a, b) for a, b in data["spec"]["pairs"]),
                                 kpi_by=tuple(data["spec"]["kpi_by"]))
            where = "singles"
            singles = {name: Counter({_decode(name, k): n for k, n in rows}) for name, rows in data["singles"].items()}
            where = "pairs"
            pairs = {name: Counter({(str(a), str(b)): n for a, b, n in rows}) for name, rows in data["pairs"].items()}
            where = "days"
            days = Counter({datetime.date.fromisoformat(d): n for d, n in data["days"]})
            where = "facts"
            facts = {g: Counter({tuple(row[:-1]): row[-1] for row in rows}) for g, rows in data["facts"].items()}
            where = "clocks"
            clocks = {g: Counter({(label, tuple(ClockResult(*c) for c in cs)): n for label, cs, n in rows})
                      for g, rows in data["clocks"].items()}
            where = "close_days"
            close_days = Counter(dict(data["close_days"]))
            where = "respond_days"
            respond_days = Counter(dict(data["respond_days"]))
            where = "redress"
            redress = {g: {(label, cur): (Decimal(amount), n) for label, cur, amount, n in rows}
                       for g, rows in data["redress"].items()}
            return cls(spec=spec, total=int(data["total"]), singles=singles, pairs=pairs, days=days, facts=facts,
                       clocks=clocks, close_days=close_days, respond_days=respond_days, redress=redress)
        except (LookupError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:  # LookupError: short rows
            raise InvalidComplaintDataError([(where, f"malformed: {exc!r}")], what="aggregate") from None


def register_hooks(converter: cattrs.Converter) -> cattrs.Converter:
    """Teach a cattrs converter (e.g. the one from :func:`bankcomplaints.make_converter`) to (un)structure aggregates.

    Args:
        converter: the host's converter; it is changed in place.

    Returns:
        The same converter, for chaining.
    """
    converter.register_unstructure_hook(Aggregate, Aggregate.to_dict)
    converter.register_structure_hook(Aggregate, lambda data, _: Aggregate.from_dict(data))
    return converter


def _encode(value: Hashable) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _decode(dimension: str, value: Any) -> Hashable:
    if dimension in TIME_BUCKETS:
        return datetime.date.fromisoformat(value)
    return str(value)


def percentile(histogram: Mapping[int, int], p: float) -> int | None:
    """The nearest-rank ``p``-th percentile of an exact histogram (``p=50`` gives the lower median).

    Args:
        histogram: ``value -> count``.
        p: percentile in ``(0, 100]``.

    Returns:
        The smallest value whose cumulative count reaches ``ceil(p/100 * n)``; ``None`` for an empty histogram.

    Raises:
        InvalidOperationError: ``p`` is outside ``(0, 100]``.
    """
    if not 0 < p <= 100:
        raise InvalidOperationError("p", f"percentile must be in (0, 100], got {p}")
    n = sum(histogram.values())
    if n == 0:
        return None
    rank = max(1, math.ceil(p / 100 * n))
    running = 0
    for value in sorted(histogram):
        running += histogram[value]
        if running >= rank:
            return value
    raise AssertionError("unreachable: cumulative count reaches n")


def _count_single(name: str, records: Sequence[ComplaintRecord]) -> Counter[Hashable]:
    if name in MULTI_DIMENSIONS:
        return Counter(itertools.chain.from_iterable(map(operator.attrgetter("risk_factors"), records)))
    return Counter(map(_raw_getter(name), records))


def _count_pair(first: str, second: str, records: Sequence[ComplaintRecord]) -> Counter[tuple[str, str]]:
    if first in MULTI_DIMENSIONS or second in MULTI_DIMENSIONS:
        raise InvalidOperationError("pair", f"({first}, {second}): risk_factor can't be paired")
    if first in RECORD_DIMENSIONS and second in RECORD_DIMENSIONS:
        return Counter(map(operator.attrgetter(first, second), records))
    raw = Counter(zip(map(_raw_getter(first), records), map(_raw_getter(second), records), strict=True))
    # Dates are rolled into their bucket labels here, once per distinct (value, date), so the table that is
    # merged and shipped between processes holds (value, "2024-03") keys, not one per day.
    rolled: Counter[tuple[str, str]] = Counter()
    for (a, b), count in raw.items():
        rolled[_label(first, a), _label(second, b)] += count
    return rolled


def aggregate(records: Iterable[ComplaintRecord], spec: AggregateSpec = STANDARD_SPEC) -> Aggregate:
    """Count records once into every table of ``spec``.

    Args:
        records: the records (any iterable; it is read into a list once).
        spec: which tables to keep.

    Returns:
        The aggregate.

    Raises:
        InvalidOperationError: a pair names ``risk_factor``.
        InvalidComplaintDataError: an item is not a :class:`ComplaintRecord`.
    """
    rows = records if isinstance(records, list | tuple) else list(records)
    try:
        return _aggregate(rows, spec)
    except AttributeError:
        bad = next(i for i, row in enumerate(rows) if not isinstance(row, ComplaintRecord))
        raise InvalidComplaintDataError(
            [(f"records[{bad}]", f"not a ComplaintRecord: {type(rows[bad]).__name__}")], what="record list"
        ) from None


def _add_redress(
    first: Mapping[tuple[str, str], tuple[Decimal, int]], second: Mapping[tuple[str, str], tuple[Decimal, int]]
) -> dict[tuple[str, str], tuple[Decimal, int]]:
    total = dict(first)
    for key, (amount, count) in second.items():
        old_amount, old_count = total.get(key, (Decimal(0), 0))
        total[key] = (old_amount + amount, old_count + count)
    return total


def _redress_by(group: str, paid: Sequence[ComplaintRecord]) -> dict[tuple[str, str], tuple[Decimal, int]]:
    table: dict[tuple[str, str], tuple[Decimal, int]] = {}
    label = operator.attrgetter(group)
    for row in paid:
        assert row.redress is not None
        key = (label(row), row.redress.currency)
        amount, count = table.get(key, (Decimal(0), 0))
        table[key] = (amount + row.redress.amount, count + 1)
    return table


def _aggregate(rows: Sequence[ComplaintRecord], spec: AggregateSpec) -> Aggregate:
    paid = list(filter(operator.attrgetter("redress"), rows))
    return Aggregate(
        spec=spec,
        total=len(rows),
        singles={name: _count_single(name, rows) for name in spec.dimensions},
        pairs={pair_key(a, b): _count_pair(a, b, rows) for a, b in spec.pairs},
        days=Counter(map(operator.attrgetter("received_on"), rows)),
        facts={g: Counter(map(operator.attrgetter(g, *FACT_FIELDS), rows)) for g in spec.kpi_by},
        clocks={g: Counter(map(operator.attrgetter(g, "clocks"), rows)) for g in spec.kpi_by},
        close_days=Counter(map(operator.attrgetter("days_to_close"), rows)),
        respond_days=Counter(map(operator.attrgetter("days_to_respond"), rows)),
        redress={g: _redress_by(g, paid) for g in spec.kpi_by},
    )
