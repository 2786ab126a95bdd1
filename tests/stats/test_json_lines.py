"""Aggregating records JSON lines without building records: always the record path's result or its error."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bankcomplaints.errors import InvalidComplaintDataError, InvalidOperationError
from bankcomplaints.stats import files, json_lines
from bankcomplaints.stats.aggregate import STANDARD_SPEC, Aggregate, AggregateSpec, aggregate
from bankcomplaints.stats.engine import AggregatingLoader, run
from bankcomplaints.stats.files import JsonLinesRange, loaders_for, read_jsonl_range
from bankcomplaints.stats.json_lines import LineTally, aggregate_json_lines
from bankcomplaints.stats.records import ClockResult, ComplaintRecord, record_from_json, record_to_json
from bankcomplaints.values import Money
from tests.shared_data import SHARED_DATA

from .strategies import record_lists, records

SAMPLE = SHARED_DATA / "cfpb_complaints_sample.csv"

SPEC = AggregateSpec(
    dimensions=(*STANDARD_SPEC.dimensions, "product", "week", "day", "year", "staff"),
    pairs=(*STANDARD_SPEC.pairs, ("product", "quarter"), ("staff", "week"), ("day", "product")),
    kpi_by=("branch", "staff"),
)


def _reference(lines: list[bytes], spec: AggregateSpec) -> Aggregate:
    """The record path: build every record with record_from_json, then aggregate."""
    return aggregate([record_from_json(line, where=f"line {i + 1}") for i, line in enumerate(lines) if line.strip()],
                     spec)


def _outcome(work: Any) -> Aggregate | tuple[tuple[str, str], ...]:
    try:
        return work()  # type: ignore[no-any-return]
    except InvalidComplaintDataError as exc:
        return exc.errors


@given(record_lists)
def test_lines_aggregate_like_records(recs: list[ComplaintRecord]) -> None:
    """Lines written by record_to_json aggregate to the records' aggregate, every chunk on the fast path."""
    lines = [record_to_json(r).encode() for r in recs]
    tally = LineTally(SPEC)
    tally.add_lines(lines, str)
    assert tally.declined == 0
    assert tally.result() == aggregate(recs, SPEC) == aggregate_json_lines(lines, SPEC)


@contextlib.contextmanager
def _chunks_of(size: int) -> Iterator[None]:
    saved, json_lines.CHUNK_LINES = json_lines.CHUNK_LINES, size
    try:
        yield
    finally:
        json_lines.CHUNK_LINES = saved


@given(record_lists, st.integers(1, 5))
def test_chunking_does_not_change_the_result(recs: list[ComplaintRecord], size: int) -> None:
    """However the lines are cut into chunks, the result is the single-pass aggregate."""
    with _chunks_of(size):
        assert aggregate_json_lines([record_to_json(r) for r in recs], SPEC) == aggregate(recs, SPEC)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40) | st.floats(allow_nan=False) | st.text(max_size=4)
    | st.sampled_from(["2024-13-01", "2024-02-30", "20240105", "7", "met", "late", "CNY", "XXQ", "1.5", "-0"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["amount", "currency", "x"]), inner),
    max_leaves=6,
)
_fields = st.sampled_from([*orjson.loads(record_to_json(ComplaintRecord(id="x", received_on=datetime.date.today()))),
                           "days_to_close", "unknown"])


@st.composite
def damaged_lines(draw: st.DrawFn) -> list[bytes]:
    """Valid lines, some with one field replaced by any JSON value or removed, some not JSON objects at all."""
    lines = []
    for record in draw(st.lists(records(), min_size=1, max_size=8)):
        data = orjson.loads(record_to_json(record))
        change = draw(st.sampled_from(["keep", "keep", "replace", "remove", "raw"]))
        field = draw(_fields)
        if change == "replace":
            data[field] = draw(_json_values)
        elif change == "remove":
            data.pop(field, None)
        line = orjson.dumps(data)
        if change == "raw":
            line = draw(st.sampled_from([b"", b"   ", b"[1]", b"{oops", b'"text"', b"3", line + b"\r", line[:-1]]))
        lines.append(line)
    return lines


@given(damaged_lines(), st.integers(1, 4))
def test_any_line_gives_the_record_paths_result_or_error(lines: list[bytes], size: int) -> None:
    """Differential: for any lines, the fast path returns what the record path returns or raises the same errors."""
    with _chunks_of(size):
        fast = _outcome(lambda: aggregate_json_lines(lines, SPEC))
    assert fast == _outcome(lambda: _reference(lines, SPEC))


def test_pairs_with_risk_factor_are_refused() -> None:
    """A spec pairing risk_factor is refused before any line is read, as aggregate refuses it."""
    with pytest.raises(InvalidOperationError, match="risk_factor can't be paired"):
        LineTally(AggregateSpec(dimensions=(), pairs=(("risk_factor", "branch"),)))


@pytest.fixture(scope="module")
def sample() -> list[ComplaintRecord]:
    """The first 300 CFPB sample records (real data), then records with clocks, redress and risk factors."""
    made = [
        ComplaintRecord(id=f"M{i}", received_on=datetime.date(2024, 1 + i % 12, 1 + i % 28), branch=f"B{i % 4}",
                        risk_factors=("repeat", "media")[: i % 3], satisfied=(True, False, None)[i % 3],
                        closed_on=datetime.date(2024, 12, 31) if i % 2 else None,
                        clocks=tuple(ClockResult("cn", ("met", "breached", "open")[i % 3], i % 5)
                                     for _ in range(i % 3)),
                        redress=Money(f"{i}.50", "CNY") if i % 4 == 0 else None, attributes=(("product", "card"),))
        for i in range(60)
    ]
    return files.read_records(SAMPLE)[:300] + made


def _write(path: Path, recs: list[ComplaintRecord], *, newline: str = "\n", blank_every: int = 0) -> None:
    text = ""
    for i, record in enumerate(recs):
        text += record_to_json(record) + newline
        if blank_every and i % blank_every == 0:
            text += "  " + newline
    path.write_bytes(text.rstrip("\r\n").encode())  # no newline after the last line


@pytest.mark.parametrize("partitions", [1, 2, 3, 7, 50])
@pytest.mark.parametrize(("newline", "blank_every"), [("\n", 0), ("\r\n", 0), ("\n", 5)])
def test_byte_ranges_aggregate_like_their_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: list[ComplaintRecord], partitions: int, newline: str,
    blank_every: int,
) -> None:
    """Each byte range aggregates like the records it reads, with tiny read blocks and chunks (lines cut by blocks)."""
    recs = sample
    path = tmp_path / "sample.jsonl"
    _write(path, recs, newline=newline, blank_every=blank_every)
    monkeypatch.setattr(files, "_BLOCK_BYTES", 300)  # shorter than a line: blocks end mid-line
    monkeypatch.setattr(files, "CHUNK_LINES", 4)
    loaders = loaders_for(path, partitions)
    assert all(isinstance(loader, AggregatingLoader) for loader in loaders)
    parts = [loader.aggregate(SPEC) for loader in loaders]  # type: ignore[attr-defined]
    assert parts == [aggregate(loader(), SPEC) for loader in loaders]
    assert sum(part.total for part in parts) == len(recs)
    assert run(loaders, SPEC) == aggregate(recs, SPEC)


def test_a_bad_line_is_named_by_byte_offset_and_field(tmp_path: Path) -> None:
    """A bad line deep in a range is refused with the record reader's error: its byte offset and the field."""
    good = [record_to_json(ComplaintRecord(id=str(i), received_on=datetime.date(2024, 1, 1))) for i in range(3000)]
    bad = good[2500].replace('"2024-01-01"', '"2024-13-01"', 1)
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([*good[:2500], bad, *good[2501:]]) + "\n", encoding="utf-8")
    offset = sum(len(line) + 1 for line in good[:2500])
    with pytest.raises(InvalidComplaintDataError) as fast:
        JsonLinesRange(str(path), 0, -1).aggregate(SPEC)
    with pytest.raises(InvalidComplaintDataError) as reference:
        list(read_jsonl_range(str(path), 0, -1))
    assert fast.value.errors == reference.value.errors
    assert fast.value.paths[0].startswith(f"{path}: byte {offset}.received_on")


@pytest.mark.parametrize("executor", [ThreadPoolExecutor, ProcessPoolExecutor])
def test_dask_with_a_running_pool_equals_local(
    tmp_path: Path, sample: list[ComplaintRecord], executor: type[ThreadPoolExecutor]
) -> None:
    """A host's own, already running pool gives the same aggregate as the local engine."""
    pytest.importorskip("dask")
    recs = sample
    path = tmp_path / "sample.jsonl"
    _write(path, recs)
    scheduler = "threads" if executor is ThreadPoolExecutor else "processes"
    with executor(2) as pool:
        result = run(loaders_for(path, 5), SPEC, engine="dask", scheduler=scheduler, pool=pool)
    assert result == run(loaders_for(path, 1), SPEC) == aggregate(recs, SPEC)
