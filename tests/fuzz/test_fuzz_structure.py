"""Fuzz: every public structure built from hostile JSON refuses with InvalidComplaintDataError, never anything else."""

from __future__ import annotations

import attrs
import orjson
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
import bankcomplaints.liability  # registers the liability events
import bankcomplaints.workflow.clocks  # registers the clock events
from bankcomplaints.errors import InvalidComplaintDataError
from bankcomplaints.events import EVENT_TYPES, ComplaintEvent
from bankcomplaints.limits import MAX_JSON_CHARS
from bankcomplaints.stats.records import ComplaintRecord, record_from_json, record_to_json
from tests.fuzz.hostile import (
    json_values,
    mangled_bytes,
    mutated,
    refuses_cleanly,
    valid_complaints,
    valid_events,
    valid_trail_documents,
)

# A Workflow holds guard and action callables: its JSON form is the workflow document (fuzzed in test_fuzz_documents).
VALUES = [value for value in map(bc.__dict__.get, bc.__all__)
          if isinstance(value, type) and attrs.has(value) and value is not bc.Workflow]
STRUCTURES = sorted({*VALUES, *EVENT_TYPES.values(), ComplaintEvent, bc.Complaint}, key=lambda c: c.__name__)


def _refused_or_valid(data: object, cls: type) -> None:
    result = refuses_cleanly(bc.structure, data, cls)
    if isinstance(result, bc.ComplaintError):
        assert isinstance(result, InvalidComplaintDataError)
    else:
        assert isinstance(result, cls)
        assert bc.structure(bc.unstructure(result), cls) == result  # what is accepted round-trips


@given(st.sampled_from(STRUCTURES), json_values)
def test_random_json_for_any_structure(cls: type, data: object) -> None:
    _refused_or_valid(data, cls)


@given(mutated(valid_complaints))
def test_mutated_complaints(data: object) -> None:
    _refused_or_valid(data, bc.Complaint)


@given(mutated(valid_events))
def test_mutated_events(data: object) -> None:
    _refused_or_valid(data, ComplaintEvent)


@given(mutated(valid_trail_documents))
def test_mutated_trails_then_replay_and_verify(data: object) -> None:
    events = refuses_cleanly(bc.structure, data, list[ComplaintEvent])
    if isinstance(events, bc.ComplaintError):
        assert isinstance(events, InvalidComplaintDataError)
        return
    report = bc.verify_chain(events)  # a tampered trail is reported, never an exception
    assert report.ok in (True, False)
    if report.ok and events:
        refuses_cleanly(bc.Complaint.from_events, events)


SEED_JSON = [orjson.dumps(bc.unstructure(bc.Money("12.50", "CNY"))).decode(),
             '{"id": "K-1", "name": "王芳", "contact": {"phone": "13812345678"}}']


@given(st.sampled_from(STRUCTURES), mangled_bytes(SEED_JSON))
def test_from_json_with_mangled_bytes(cls: type, data: bytes) -> None:
    result = refuses_cleanly(bc.from_json, data, cls)
    assert isinstance(result, cls | InvalidComplaintDataError)


def test_from_json_refuses_documents_over_the_size_limit() -> None:
    text = '{"amount": "1", "currency": "CNY", "pad": "' + "x" * MAX_JSON_CHARS + '"}'
    result = refuses_cleanly(bc.from_json, text, bc.Money)
    assert isinstance(result, InvalidComplaintDataError)
    assert "limit" in str(result)


@given(mutated(st.just(orjson.loads(record_to_json(ComplaintRecord(id="C-1", received_on=__import__(
    "datetime").date(2026, 1, 5), channel="counter", business="bank_card", cause="funds_safety"))))))
def test_mutated_statistics_records(data: object) -> None:
    text = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode() if _jsonable(data) else str(data)
    result = refuses_cleanly(record_from_json, text, where="line 1")
    assert isinstance(result, ComplaintRecord | InvalidComplaintDataError)


def _jsonable(data: object) -> bool:
    try:
        orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return False
    return True
