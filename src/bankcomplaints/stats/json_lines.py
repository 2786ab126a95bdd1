"""Aggregate records JSON lines straight into counters, without building a record per line.

When a partition is only aggregated, building a frozen :class:`~bankcomplaints.stats.records.ComplaintRecord`
per line costs far more than counting it.
:class:`LineTally` parses a chunk of lines with orjson, turns the chunk into columns with C-level calls
(``operator.itemgetter``, ``zip``), checks every column's types exactly as :func:`record_to_json` writes them,
and only then counts the columns into ``collections.Counter`` tables (dates and clock results are converted once
per distinct value, not once per line).
A chunk with anything else in it (a numeric id cattrs would coerce, a bad date, a line that is not JSON,
a blank line) is declined as a whole and read through :func:`record_from_json` and
:func:`~bankcomplaints.stats.aggregate.aggregate`, line by line: the reference path accepts what it accepts and
refuses what it refuses, with the same :class:`~bankcomplaints.errors.InvalidComplaintDataError` naming the line
and field.
So the result always equals ``aggregate(record_from_json(line) for line in lines)``.

Chunks are kept small (:data:`CHUNK_LINES` lines) so the parsed objects die young and the garbage collector never
has to walk a large heap of them.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from sys import intern
from typing import Any

import orjson

from bankcomplaints.errors import ComplaintError, InvalidOperationError
from bankcomplaints.stats.aggregate import (
    FACT_FIELDS,
    MULTI_DIMENSIONS,
    RECORD_DIMENSIONS,
    STANDARD_SPEC,
    TIME_BUCKETS,
    Aggregate,
    AggregateSpec,
    aggregate,
    pair_key,
)
from bankcomplaints.stats.engine import merge_all
from bankcomplaints.stats.records import CLOCK_STATES, ClockResult, record_from_json
from bankcomplaints.values import Money

__all__ = ["CHUNK_LINES", "LineTally", "aggregate_json_lines"]

CHUNK_LINES = 256
"""Lines parsed and counted together: small enough for parsed objects to die young, large enough for C loops."""

_TEXT_FIELDS = ("id", *RECORD_DIMENSIONS)
_ANSWER_FIELDS = ("satisfied", "first_contact_in_sla", "upheld")
_FLAG_FIELDS = ("repeat", "reopened", "escalated")
_DATE_FIELDS = ("received_on", "responded_on", "closed_on")
_LIST_FIELDS = ("risk_factors", "clocks", "attributes")
_KEYS = (*_TEXT_FIELDS, *_DATE_FIELDS, *_ANSWER_FIELDS, *_FLAG_FIELDS, *_LIST_FIELDS, "redress")
_row = operator.itemgetter(*_KEYS)
_NONE = type(None)
_STR: frozenset[type] = frozenset({str})
_DATE_TYPES: frozenset[type] = frozenset({str, _NONE})
_ANSWER_TYPES: frozenset[type] = frozenset({bool, _NONE})
_BOOL: frozenset[type] = frozenset({bool})
_LIST: frozenset[type] = frozenset({list})
_DAYS_TYPES: frozenset[type] = frozenset({int, _NONE})
_REDRESS_TYPES: frozenset[type] = frozenset({dict, _NONE})
_STATES = frozenset(CLOCK_STATES)
_as_tuples = functools.partial(map, tuple)
_ONE_CLOCK = "one clock"
"""Column key of the flattened clock columns, present when every line of a chunk has exactly one clock."""


class _Declined(Exception):
    """A chunk is not exactly as :func:`record_to_json` writes records; the record path reads it instead."""


def _types(column: Iterable[Any]) -> set[type]:
    return set(map(type, column))


def _check(column: Iterable[Any], allowed: frozenset[type]) -> None:
    if not _types(column) <= allowed:
        raise _Declined


def _check_pairs(column: Sequence[Any], length: int, allowed: frozenset[type]) -> list[Any]:
    """Check a column of lists of ``length``-item lists whose items are of ``allowed`` types; return the inner lists."""
    _check(column, _LIST)
    inner = list(itertools.chain.from_iterable(column))
    _check(inner, _LIST)
    if inner and set(map(len, inner)) != {length}:
        raise _Declined
    return inner


def _first_attribute(name: str, pairs: list[list[str]]) -> str:
    for key, value in pairs:
        if key == name:
            return value
    return ""


def _rolled(table: Mapping[tuple[Any, ...], int], index: int) -> Counter[Any]:
    """Counts by one position of a table's keys."""
    rolled: Counter[Any] = Counter()
    for key, count in table.items():
        rolled[key[index]] += count
    return rolled


def _spec_checked(spec: AggregateSpec) -> AggregateSpec:
    for first, second in spec.pairs:
        if first in MULTI_DIMENSIONS or second in MULTI_DIMENSIONS:
            raise InvalidOperationError("pair", f"({first}, {second}): risk_factor can't be paired")
    return spec


class LineTally:
    """Counts of one partition's lines, chunk by chunk; :meth:`result` turns them into an :class:`Aggregate`.

    Not thread-safe; one tally per partition.
    """

    def __init__(self, spec: AggregateSpec = STANDARD_SPEC) -> None:
        """Start an empty tally.

        Args:
            spec: the tables to keep.

        Raises:
            InvalidOperationError: a pair names ``risk_factor``.
        """
        self.spec = _spec_checked(spec)
        self._total = 0
        # A field that is part of a table counted anyway (a pair, a KPI fact table) is not counted on its own: its
        # single counts are summed from that table's keys at the end, once per distinct key instead of once per line.
        self._rolled = {name: source for name in spec.dimensions if (source := self._source(name)) is not None}
        self._text_singles = [name for name in spec.dimensions
                              if name in RECORD_DIMENSIONS and name not in self._rolled]
        self._attribute_singles = [
            name for name in spec.dimensions if name not in RECORD_DIMENSIONS + MULTI_DIMENSIONS
            and name not in TIME_BUCKETS
        ]
        self._singles: dict[str, Counter[Any]] = {name: Counter() for name in spec.dimensions}
        self._pairs: dict[str, Counter[tuple[str, str]]] = {pair_key(a, b): Counter() for a, b in spec.pairs}
        self._facts: dict[str, Counter[tuple[Any, ...]]] = {g: Counter() for g in spec.kpi_by}
        self._clocks: dict[str, Counter[tuple[str, tuple[tuple[Any, ...], ...]]]] = {g: Counter() for g in spec.kpi_by}
        self._one_clock: dict[str, Counter[tuple[str, str, str, int | None]]] = {g: Counter() for g in spec.kpi_by}
        self._closed: Counter[tuple[str, str | None]] = Counter()
        self._responded: Counter[tuple[str, str | None]] = Counter()
        self._redress: dict[str, dict[tuple[str, str], tuple[Decimal, int]]] = {g: {} for g in spec.kpi_by}
        self._dates: dict[str, datetime.date] = {}
        self._labels: dict[str, dict[str, str]] = {
            name: {} for name in {*itertools.chain.from_iterable(spec.pairs)} if name in TIME_BUCKETS
        }
        self._money: dict[tuple[str, str], Money] = {}
        self._slow: list[Aggregate] = []

    @property
    def declined(self) -> int:
        """How many chunks were not exactly as :func:`record_to_json` writes them and went through the record path.

        Returns:
            The number of such chunks (0 when every line took the fast path).
        """
        return len(self._slow)

    def add_lines(self, lines: Sequence[bytes | str], where: Callable[[int], str]) -> None:
        """Count a chunk of lines (see :data:`CHUNK_LINES`), each one JSON record.

        Args:
            lines: the lines; blank lines are skipped.
            where: names line ``i`` of the chunk in errors (e.g. its byte offset in the file).

        Raises:
            InvalidComplaintDataError: a line is not a valid record; the path starts with ``where(i)``.
        """
        try:
            objects = list(map(orjson.loads, lines))
            self._add_objects(objects)
        except (_Declined, orjson.JSONDecodeError):
            records = [record_from_json(line, where=where(i)) for i, line in enumerate(lines) if line.strip()]
            self._slow.append(aggregate(records, self.spec))

    def _columns(self, objects: list[Any]) -> dict[str, tuple[Any, ...]]:
        """The chunk as checked columns, or :class:`_Declined`; converts new dates, labels and amounts on the way."""
        try:
            columns = dict(zip(_KEYS, zip(*map(_row, objects), strict=True), strict=True))
        except (KeyError, TypeError, IndexError):
            raise _Declined from None
        for name in _TEXT_FIELDS:
            _check(columns[name], _STR)
        for name in _ANSWER_FIELDS:
            _check(columns[name], _ANSWER_TYPES)
        for name in _FLAG_FIELDS:
            _check(columns[name], _BOOL)
        _check(columns["received_on"], _STR)
        for name in _DATE_FIELDS[1:]:
            _check(columns[name], _DATE_TYPES)
        _check(columns["risk_factors"], _LIST)
        _check(itertools.chain.from_iterable(columns["risk_factors"]), _STR)
        clocks = _check_pairs(columns["clocks"], 3, _LIST)
        if clocks:
            regimes, states, days = zip(*clocks, strict=True)
            _check(itertools.chain(regimes, states), _STR)
            _check(days, _DAYS_TYPES)
            if not set(states) <= _STATES:
                raise _Declined
            if len(clocks) == len(objects) and set(map(len, columns["clocks"])) == {1}:
                columns[_ONE_CLOCK] = (regimes, states, days)
        attributes = _check_pairs(columns["attributes"], 2, _LIST)
        _check(itertools.chain.from_iterable(attributes), _STR)
        _check(columns["redress"], _REDRESS_TYPES)
        self._check_redress(columns["redress"])
        self._check_dates(columns)
        return columns

    def _check_dates(self, columns: dict[str, tuple[Any, ...]]) -> None:
        new = set(itertools.chain(*(columns[name] for name in _DATE_FIELDS))).difference(self._dates)
        new.discard(None)
        try:
            converted = {text: datetime.date.fromisoformat(text) for text in new}
        except ValueError:
            raise _Declined from None
        self._dates.update(converted)
        for bucket, labels in self._labels.items():
            labels.update((text, TIME_BUCKETS[bucket](day)) for text, day in converted.items())

    def _check_redress(self, column: tuple[Any, ...]) -> None:
        try:
            keys = {(paid["amount"], paid["currency"]) for paid in column if paid is not None}
        except (KeyError, TypeError):
            raise _Declined from None
        for amount, currency in keys.difference(self._money):
            if type(amount) is not str or type(currency) is not str:
                raise _Declined
            try:
                self._money[amount, currency] = Money(amount, currency)
            except (ComplaintError, ValueError, TypeError, ArithmeticError):
                raise _Declined from None

    def _add_objects(self, objects: list[Any]) -> None:
        if not objects:
            return
        columns = self._columns(objects)
        # Every check has passed: from here on nothing can fail half-way through the chunk.
        self._total += len(objects)
        received = columns["received_on"]
        for name in self._text_singles:
            self._singles[name].update(columns[name])
        for name in self._attribute_singles:
            self._singles[name].update(map(functools.partial(_first_attribute, name), columns["attributes"]))
        if "risk_factor" in self._singles:
            self._singles["risk_factor"].update(itertools.chain.from_iterable(columns["risk_factors"]))
        for first, second in self.spec.pairs:
            self._pairs[pair_key(first, second)].update(
                zip(self._pair_column(first, columns), self._pair_column(second, columns), strict=True))
        for group in self.spec.kpi_by:
            labels = columns[group]
            self._facts[group].update(zip(labels, *(columns[name] for name in FACT_FIELDS), strict=True))
            if _ONE_CLOCK in columns:
                self._one_clock[group].update(zip(labels, *columns[_ONE_CLOCK], strict=True))
            else:
                self._clocks[group].update(zip(labels, map(tuple, map(_as_tuples, columns["clocks"])), strict=True))
            self._add_redress(self._redress[group], labels, columns["redress"])
        self._closed.update(zip(received, columns["closed_on"], strict=True))
        self._responded.update(zip(received, columns["responded_on"], strict=True))

    def _pair_column(self, name: str, columns: dict[str, tuple[Any, ...]]) -> Iterable[str]:
        if name in RECORD_DIMENSIONS:
            return columns[name]
        if name in TIME_BUCKETS:
            return map(self._labels[name].__getitem__, columns["received_on"])
        return map(functools.partial(_first_attribute, name), columns["attributes"])

    def _add_redress(
        self, table: dict[tuple[str, str], tuple[Decimal, int]], labels: tuple[str, ...], column: tuple[Any, ...]
    ) -> None:
        for label, paid in zip(labels, column, strict=True):
            if paid is not None:
                money = self._money[paid["amount"], paid["currency"]]
                key = (label, money.currency)
                amount, count = table.get(key, (Decimal(0), 0))
                table[key] = (amount + money.amount, count + 1)

    def _days(self, pairs: Counter[tuple[str, str | None]]) -> Counter[int | None]:
        days: Counter[int | None] = Counter()
        for (received, ended), count in pairs.items():
            days[None if ended is None else (self._dates[ended] - self._dates[received]).days] += count
        return days

    def _source(self, name: str) -> tuple[str, str, int] | None:
        """The counted table and key position a record field's single counts can be summed from, if any."""
        if name not in RECORD_DIMENSIONS:
            return None
        if name in self.spec.kpi_by:
            return "facts", name, 0
        if name in FACT_FIELDS and self.spec.kpi_by:
            return "facts", self.spec.kpi_by[0], 1 + FACT_FIELDS.index(name)
        for first, second in self.spec.pairs:
            if name in (first, second):
                return "pairs", pair_key(first, second), (first, second).index(name)
        return None

    def _clock_table(self, group: str) -> Counter[tuple[str, tuple[ClockResult, ...]]]:
        """Clock counts with :class:`ClockResult` keys, one object per distinct clock (pickles small, merges fast)."""
        shared: dict[tuple[Any, ...], ClockResult] = {}
        table: Counter[tuple[str, tuple[ClockResult, ...]]] = Counter()
        for (label, regime, state, days), count in self._one_clock[group].items():
            clock = shared.setdefault((regime, state, days), ClockResult(regime, state, days))
            table[intern(label), (clock,)] += count
        for (label, raw), count in self._clocks[group].items():
            table[intern(label), tuple(shared.setdefault(c, ClockResult._make(c)) for c in raw)] += count
        return table

    def result(self) -> Aggregate:
        """The aggregate of every line added so far.

        Equal label strings in the keys are made one object (interned), so the aggregate pickles small and
        merges fast: a worker sends it once, the driver unpickles and merges every partition's.

        Returns:
            Equal to :func:`~bankcomplaints.stats.aggregate.aggregate` over the records of those lines.
        """
        days: Counter[datetime.date] = Counter()
        for text, count in _rolled(self._closed, 0).items():
            days[self._dates[text]] += count
        singles = {name: Counter(days if name in TIME_BUCKETS else counts) for name, counts in self._singles.items()}
        for name, (kind, table, index) in self._rolled.items():
            singles[name] = _rolled((self._facts if kind == "facts" else self._pairs)[table], index)
        clocks = {group: self._clock_table(group) for group in self.spec.kpi_by}
        fast = Aggregate(
            spec=self.spec,
            total=self._total,
            singles=singles,
            pairs={name: Counter({(intern(a), intern(b)): n for (a, b), n in counts.items()})
                   for name, counts in self._pairs.items()},
            days=days,
            facts={group: Counter({(intern(key[0]), intern(key[1]), *key[2:]): n for key, n in counts.items()})
                   for group, counts in self._facts.items()},
            clocks=clocks,
            close_days=self._days(self._closed),
            respond_days=self._days(self._responded),
            redress={group: dict(table) for group, table in self._redress.items()},
        )
        return merge_all([fast, *self._slow]) if self._slow else fast


def aggregate_json_lines(
    lines: Iterable[bytes | str], spec: AggregateSpec = STANDARD_SPEC, *, where: Callable[[int], str] | None = None
) -> Aggregate:
    """Aggregate records JSON lines without building the records.

    Args:
        lines: one JSON record per line, as :func:`~bankcomplaints.stats.records.record_to_json` writes them;
            blank lines are skipped.
        spec: the tables to keep.
        where: names line ``i`` (counted from 0 over all ``lines``) in errors; default ``"line {i + 1}"``.

    Returns:
        The same aggregate as ``aggregate([record_from_json(line) for line in lines], spec)``.

    Raises:
        InvalidComplaintDataError: a line is not a valid record; the path names the line and field.
        InvalidOperationError: a pair of the spec names ``risk_factor``.
    """
    name = where or (lambda i: f"line {i + 1}")
    tally = LineTally(spec)
    iterator = iter(lines)
    offset = 0
    while chunk := list(itertools.islice(iterator, CHUNK_LINES)):
        tally.add_lines(chunk, functools.partial(lambda base, i: name(base + i), offset))
        offset += len(chunk)
    return tally.result()
