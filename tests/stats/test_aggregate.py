"""Mergeable aggregates: merge = single pass, exact durations, JSON round trip."""

from __future__ import annotations

import datetime
import itertools
import json
import statistics
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.errors import InvalidComplaintDataError, InvalidOperationError
from bankcomplaints.stats.aggregate import STANDARD_SPEC, Aggregate, AggregateSpec, aggregate, percentile, time_label
from bankcomplaints.stats.engine import merge_all, partition, run
from bankcomplaints.stats.records import ComplaintRecord

from .strategies import record_lists

SPEC = AggregateSpec(
    dimensions=(*STANDARD_SPEC.dimensions, "product", "week", "day", "year", "staff"),
    pairs=(*STANDARD_SPEC.pairs, ("product", "quarter"), ("staff", "week")),
    kpi_by=("branch", "staff"),
)


@given(record_lists, st.lists(st.integers(0, 30), max_size=5))
def test_any_partition_merged_equals_single_pass(records: list[ComplaintRecord], cuts: list[int]) -> None:
    """Splitting the records at any cut points and merging the parts gives the single-pass aggregate."""
    bounds = sorted({0, len(records), *(min(c, len(records)) for c in cuts)})
    parts = [aggregate(records[a:b], SPEC) for a, b in itertools.pairwise(bounds)] or [aggregate([], SPEC)]
    assert merge_all(parts) == aggregate(records, SPEC)


@given(record_lists, record_lists)
def test_merge_is_commutative(first: list[ComplaintRecord], second: list[ComplaintRecord]) -> None:
    """a.merge(b) == b.merge(a) == aggregate(a + b)."""
    a, b = aggregate(first, SPEC), aggregate(second, SPEC)
    assert a.merge(b) == b.merge(a) == aggregate(first + second, SPEC)


@given(record_lists)
def test_json_round_trip(records: list[ComplaintRecord]) -> None:
    """An aggregate survives to_dict → JSON text → from_dict unchanged."""
    agg = aggregate(records, SPEC)
    assert Aggregate.from_dict(json.loads(json.dumps(agg.to_dict()))) == agg


@given(record_lists)
def test_counts_match_a_plain_counter(records: list[ComplaintRecord]) -> None:
    """Counts by dimension, pair and time bucket equal counts made by hand from the records."""
    agg = aggregate(records, SPEC)
    assert agg.total == len(records)
    assert agg.counts("business") == dict(Counter(r.business for r in records))
    assert agg.counts("product") == dict(Counter(dict(r.attributes)["product"] for r in records))
    assert agg.counts("risk_factor") == dict(Counter(f for r in records for f in r.risk_factors))
    months = Counter(f"{r.received_on.year}-{r.received_on.month:02d}" for r in records)
    assert agg.counts("month") == dict(months)
    weeks = Counter(f"{r.received_on.isocalendar()[0]}-W{r.received_on.isocalendar()[1]:02d}" for r in records)
    assert agg.counts("week") == dict(weeks)
    pairs = Counter((r.business, r.cause) for r in records)
    assert agg.pair_counts("business", "cause") == dict(pairs)
    if records:
        assert sum(agg.shares("channel").values()) == pytest.approx(1.0)


@given(record_lists, st.sampled_from([50, 90, 95, 100, 1]))
def test_percentiles_are_exact_nearest_rank(records: list[ComplaintRecord], p: int) -> None:
    """Percentiles of days to close equal the nearest-rank value of the sorted raw durations."""
    durations = sorted((r.closed_on - r.received_on).days for r in records if r.closed_on is not None)
    histogram = aggregate(records, SPEC).durations("close")
    if not durations:
        assert percentile(histogram, p) is None
        return
    rank = -(-p * len(durations) // 100)
    assert percentile(histogram, p) == durations[max(rank, 1) - 1]
    assert percentile(histogram, 50) == statistics.median_low(durations)


@given(record_lists, st.integers(1, 7))
def test_local_engine_partitioning_does_not_change_the_result(records: list[ComplaintRecord], n: int) -> None:
    """The local engine over n in-memory partitions equals one pass."""
    assert run(partition(records, n), SPEC) == aggregate(records, SPEC)


def test_time_labels() -> None:
    """Time buckets label a date the way a reader expects (ISO week, calendar quarter)."""
    day = datetime.date(2021, 1, 3)  # a Sunday in ISO week 53 of 2020
    assert [time_label(b, day) for b in ("day", "week", "month", "quarter", "year")] == [
        "2021-01-03", "2020-W53", "2021-01", "2021Q1", "2021"]
    with pytest.raises(InvalidOperationError, match="unknown time bucket"):
        time_label("fortnight", day)


def test_refusals() -> None:
    """Merging different specs, unknown dimensions and non-records are refused with named errors."""
    a = aggregate([], STANDARD_SPEC)
    with pytest.raises(InvalidOperationError, match="different specs"):
        a.merge(aggregate([], SPEC))
    with pytest.raises(InvalidOperationError, match="'product' is not in this aggregate"):
        a.counts("product")
    with pytest.raises(InvalidComplaintDataError, match=r"records\[1\]"):
        aggregate([ComplaintRecord(id="1", received_on=datetime.date(2024, 1, 1)), "oops"])  # type: ignore[list-item]
    with pytest.raises(InvalidComplaintDataError, match="facts"):
        Aggregate.from_dict({**a.to_dict(), "facts": 3})
    with pytest.raises(InvalidOperationError, match="kpi_by"):
        AggregateSpec(dimensions=(), kpi_by=("product",))


@given(record_lists)
def test_record_json_round_trip(records: list[ComplaintRecord]) -> None:
    """Every record survives record_to_json → record_from_json unchanged."""
    from bankcomplaints.stats.records import record_from_json, record_to_json

    assert [record_from_json(record_to_json(r)) for r in records] == records


@given(record_lists)
def test_cattrs_round_trip_through_the_host_converter(records: list[ComplaintRecord]) -> None:
    """With register_hooks, the library's converter carries an aggregate through JSON text unchanged."""
    from bankcomplaints import from_json, make_converter, to_json
    from bankcomplaints.stats.aggregate import register_hooks

    conv = register_hooks(make_converter())
    agg = aggregate(records, SPEC)
    assert from_json(to_json(agg, conv), Aggregate, conv) == agg
