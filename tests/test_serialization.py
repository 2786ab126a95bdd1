"""JSON round trips for every event and value, strict validation at the edge, and JSON Schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from tests.strategies import actors, agents, branches, customers, event_trails, money, received_complaints, staff

VALUES = {
    "Money": money,
    "CustomerRef": customers,
    "AgentRef": agents,
    "BranchRef": branches,
    "StaffRef": staff,
    "Actor": actors,
}


@pytest.mark.parametrize("name", VALUES)
@given(data=st.data())
def test_values_round_trip(name: str, data: st.DataObject) -> None:
    """structure(unstructure(x)) == x for every public value, through JSON text too."""
    value = data.draw(VALUES[name])
    cls = type(value)
    assert bc.structure(bc.unstructure(value), cls) == value
    assert bc.from_json(bc.to_json(value), cls) == value


@given(event_trails())
def test_events_round_trip(events: list[bc.ComplaintEvent]) -> None:
    """Every event survives JSON both as its own class and as the ComplaintEvent union."""
    for event in events:
        text = bc.to_json(event)
        assert bc.from_json(text, type(event)) == event
        again = bc.from_json(text, bc.ComplaintEvent)  # type: ignore[type-abstract]
        assert again == event and type(again) is type(event)
        assert bc.to_json(again) == text
    back = [bc.from_json(bc.to_json(e), bc.ComplaintEvent) for e in events]  # type: ignore[type-abstract]
    assert bc.verify_chain(back).ok


def test_every_event_class_is_exercised() -> None:
    """The round-trip strategy covers every event class the foundation defines."""
    from bankcomplaints import events as ev

    foundation = {name for name in ev.__all__ if name in ev.EVENT_TYPES}
    covered = {"ComplaintReceived", "HandlerAssigned", "TriageRecorded", "PriorityChanged", "ComplaintLinked"}
    # StatusChanged and PersonalDataErased are written by the workflow and privacy code; test them directly.
    now = pendulum.datetime(2026, 1, 5, tz="Asia/Shanghai")
    actor = bc.Actor(id="S", role="manager")
    direct = [
        bc.StatusChanged(complaint_id="C", seq=2, occurred_at=now, actor=actor, trigger="close", source="a",
                         target="closed", outcome=bc.Outcome.RESOLVED),
        ev.PersonalDataErased(complaint_id="C", seq=3, occurred_at=now, actor=actor, basis="PIPL Art. 47"),
    ]
    for event in direct:
        assert bc.from_json(bc.to_json(event), bc.ComplaintEvent) == event  # type: ignore[type-abstract]
    assert foundation == covered | {type(e).__name__ for e in direct}


@given(received_complaints())
def test_complaint_round_trip(complaint: bc.Complaint) -> None:
    """A whole complaint round-trips and its JSON validates against its schema."""
    data = bc.unstructure(complaint)
    assert bc.structure(json.loads(json.dumps(data)), bc.Complaint) == complaint
    COMPLAINT_VALIDATOR.validate(data)


def test_named_time_zone_survives() -> None:
    """A datetime in a named zone comes back in that zone, not just at the same offset."""
    moment = pendulum.datetime(2026, 3, 29, 0, 30, tz="Europe/London")
    conv = bc.make_converter()
    text = conv.unstructure(moment)
    assert text == "2026-03-29T00:30:00+00:00[Europe/London]"
    back = conv.structure(text, pendulum.DateTime)
    assert back == moment and back.timezone_name == "Europe/London"
    assert back.add(hours=1).utcoffset() == moment.add(hours=1).utcoffset()


SCHEMA_COMPLAINT = bc.json_schema(bc.Complaint)
COMPLAINT_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA_COMPLAINT)


def test_schemas_are_valid_and_strict() -> None:
    """Every schema is a valid draft 2020-12 schema and rejects unknown keys."""
    for cls in (bc.Complaint, bc.ComplaintEvent, bc.Money, bc.CustomerRef, bc.Actor):
        schema = bc.json_schema(cls)
        jsonschema.Draft202012Validator.check_schema(schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"amount": "1", "currency": "CNY", "rate": 1}, bc.json_schema(bc.Money))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"amount": 1.5, "currency": "CNY"}, bc.json_schema(bc.Money))


def _document() -> dict[str, Any]:
    c = bc.Complaint.receive(
        id="C-1", actor=bc.Actor(id="S", role="front_line"), now=pendulum.datetime(2026, 5, 6, tz="Asia/Shanghai"),
        complainant=bc.CustomerRef(id="K", name="N", contact=bc.Contact(phone="13800000000")),
        amount=bc.Money("10", "CNY"), salt="",
    )
    data: dict[str, Any] = json.loads(bc.to_json(c))
    return data


BAD_DOCUMENTS = [
    ("missing field", lambda d: d.pop("received_at"), {"received_at"}),
    ("wrong type nested", lambda d: d["complainant"]["contact"].update(phone=138), {"complainant.contact.phone"}),
    ("bad currency", lambda d: d["amount"].update(currency="RMB"), {"amount.currency"}),
    ("float money", lambda d: d["amount"].update(amount=10.5), {"amount.amount"}),
    ("naive datetime", lambda d: d.update(received_at="2026-05-06T09:00:00"), {"received_at"}),
    ("unknown slug", lambda d: d.update(channel="carrier_pigeon"), {"channel"}),
    ("unknown key", lambda d: d.update(colour="red"), {""}),
    ("bool for int", lambda d: d.update(version=True), {"version"}),
    ("string for array", lambda d: d.update(related="C-1"), {"related"}),
    ("two faults", lambda d: (d.pop("id"), d["complainant"].update(name=None)), {"id", "complainant.name"}),
]


@pytest.mark.parametrize(("mutate", "paths"), [(m, p) for _, m, p in BAD_DOCUMENTS],
                         ids=[name for name, _, _ in BAD_DOCUMENTS])
def test_malformed_documents_name_their_paths(mutate: Any, paths: set[str]) -> None:
    """Each malformed document raises InvalidComplaintDataError listing exactly the bad paths."""
    doc = _document()
    mutate(doc)
    with pytest.raises(bc.InvalidComplaintDataError) as info:
        bc.structure(doc, bc.Complaint)
    assert set(info.value.paths) == paths


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", "null", '{"type": "Nope"}', "\"x\"", "1e999"])
def test_garbage_never_escapes_as_another_error(text: str) -> None:
    """Garbage input raises InvalidComplaintDataError and nothing else."""
    for cls in (bc.Complaint, bc.ComplaintEvent, bc.Money):
        with pytest.raises(bc.InvalidComplaintDataError):
            bc.from_json(text, cls)


def test_a_structure_without_a_json_form_is_refused_cleanly() -> None:
    """Asking structure() for a Workflow (it holds guard callables) is an InvalidComplaintDataError, not a NameError."""
    with pytest.raises(bc.InvalidComplaintDataError, match="load_workflow"):
        bc.structure({}, bc.Workflow)


def test_keys_that_are_not_strings_are_named_not_crashed_on() -> None:
    """A document with a null or numeric key (YAML allows them) is refused naming the keys (found by make fuzz)."""
    with pytest.raises(bc.InvalidComplaintDataError, match="extra fields found") as info:
        bc.structure({"amount": "1", "currency": "CNY", None: 1, 7: 2}, bc.Money)
    assert "None" in str(info.value) and "7" in str(info.value)
