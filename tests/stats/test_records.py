"""Records JSON lines: the strict fast reader agrees with cattrs, and errors name the field."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given

from bankcomplaints.errors import InvalidComplaintDataError
from bankcomplaints.stats.records import ComplaintRecord, record_converter, record_from_json, record_to_json

from .strategies import records


@given(records())
def test_fast_reader_agrees_with_cattrs(record: ComplaintRecord) -> None:
    """The record read back equals both the original and what the cattrs converter makes of the same JSON."""
    text = record_to_json(record)
    assert record_from_json(text) == record_converter().structure(orjson.loads(text), ComplaintRecord) == record


def test_unusual_but_valid_input_goes_through_cattrs() -> None:
    """Input the strict reader declines (a numeric id) is still read, the way cattrs reads it."""
    record = record_from_json('{"id": 7, "received_on": "2024-01-01", "repeat": false}')
    assert record.id == "7" and record.received_on.isoformat() == "2024-01-01"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"id": "1", "received_on": "2024-13-01"}', r"line 9\.received_on"),
        ('{"id": "1", "received_on": "2024-01-01", "clocks": [["cn", "late", 1]]}', r"line 9\.clocks\[0\]"),
        ('{"id": "1"}', r"line 9\.received_on"),
        ('{"id": "1", "received_on": "2024-01-01", "redress": {"amount": "1", "currency": "XXQ"}}', "line 9.redress"),
        ("[1, 2]", "expected a JSON object"),
        ("{oops", "not JSON"),
    ],
)
def test_errors_name_the_line_and_field(text: str, match: str) -> None:
    """Malformed records raise InvalidComplaintDataError whose path starts with the given place."""
    with pytest.raises(InvalidComplaintDataError, match=match):
        record_from_json(text, where="line 9")
