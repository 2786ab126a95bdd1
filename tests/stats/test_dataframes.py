"""Dataframe export: documented dtypes, values unchanged, group counts equal the aggregate's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings

from bankcomplaints.stats.aggregate import aggregate
from bankcomplaints.stats.dataframes import COLUMNS, to_pandas, to_polars
from bankcomplaints.stats.records import ComplaintRecord

from .strategies import record_lists

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")


@settings(max_examples=15)
@given(record_lists)
def test_pandas_export(records: list[ComplaintRecord]) -> None:
    """pandas columns have the documented dtypes and the same per-business counts as the aggregate."""
    frame = to_pandas(records, attributes=("product",))
    assert len(frame) == len(records)
    for name, (dtype, _) in COLUMNS.items():
        assert str(frame[name].dtype) == dtype, name
    assert str(frame["product"].dtype) == "string"
    counts = frame.groupby("business", observed=True).size().to_dict()
    assert counts == aggregate(records).counts("business")
    paid = [r.redress.amount for r in records if r.redress is not None]
    assert [a for a in frame["redress_amount"] if a is not None] == paid
    assert all(isinstance(a, Decimal) for a in paid)


@settings(max_examples=15)
@given(record_lists)
def test_polars_export(records: list[ComplaintRecord]) -> None:
    """polars columns have the documented dtypes; exact amounts survive; clock columns appear per regime."""
    frame = to_polars(records)
    assert frame.height == len(records)
    for name, (_, dtype) in COLUMNS.items():
        assert frame.schema[name].base_type().__name__ == dtype, name
    paid = [r.redress.amount for r in records if r.redress is not None]
    assert [a for a in frame["redress_amount"].to_list() if a is not None] == paid
    regimes = {c.regime for r in records for c in r.clocks}
    assert {n for n in frame.columns if n.startswith("clock:")} == {f"clock:{r}" for r in regimes}
