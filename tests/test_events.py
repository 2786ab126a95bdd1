"""The hash chain: any alteration, removal, reordering or insertion is found; erasure keeps it valid."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import bankcomplaints as bc
from tests.strategies import event_trails

NOW = pendulum.datetime(2026, 2, 6, 9, tz="Asia/Shanghai")
CLERK = bc.Actor(id="S-1", role="front_line")


def _trail(n: int = 5) -> list[bc.ComplaintEvent]:
    c = bc.Complaint.receive(
        id="C-7", actor=CLERK, now=NOW,
        complainant=bc.CustomerRef(id="K-1", name="赵敏", id_number="11010119900307123X"),
        narrative="信用卡年费乱收", salt="pepper",
    )
    for i in range(n - 1):
        c.set_priority(bc.Priority.P2, actor=CLERK, now=NOW.add(hours=i), reason=f"step {i}")
    return c.collect_events()


def _mutations(event: bc.ComplaintEvent) -> list[tuple[str, Any]]:
    """One changed value per hashed field of the event."""
    changes: list[tuple[str, Any]] = []
    for field in attrs.fields(type(event)):
        value = getattr(event, field.name)
        if field.name in ("hash", "pii_salt"):
            continue
        if isinstance(value, str):
            changes.append((field.name, value + "x"))
        elif isinstance(value, bool):
            changes.append((field.name, not value))
        elif isinstance(value, int):
            changes.append((field.name, value + 1))
        elif isinstance(value, pendulum.DateTime):
            changes.append((field.name, value.add(seconds=1)))
        elif isinstance(value, bc.Actor):
            changes.append((field.name, attrs.evolve(value, role="senior")))
        elif isinstance(value, bc.CustomerRef):
            changes.append((field.name, attrs.evolve(value, name=value.name + "某")))
    return changes


@pytest.mark.parametrize("index", range(5))
def test_every_field_alteration_is_caught(index: int) -> None:
    """Changing any hashed field of any event makes verify_chain point at that event."""
    events = _trail()
    for name, value in _mutations(events[index]):
        forged = [*events]
        forged[index] = attrs.evolve(events[index], **{name: value})
        report = bc.verify_chain(forged)
        assert not report.ok and report.first_bad == index, name


@given(event_trails(), st.data())
def test_drop_swap_insert_are_caught(events: list[bc.ComplaintEvent], data: st.DataObject) -> None:
    """Dropping, swapping or inserting an event breaks the chain at the first affected index."""
    assume(len(events) >= 2)
    assert bc.verify_chain(events).ok
    i = data.draw(st.integers(0, len(events) - 2))
    dropped = events[:i] + events[i + 1 :]
    assert bc.verify_chain(dropped).first_bad == i
    swapped = [*events]
    swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
    assert bc.verify_chain(swapped).first_bad == i
    inserted = [*events[: i + 1], events[i], *events[i + 1 :]]
    assert bc.verify_chain(inserted).first_bad == i + 1


def test_truncation_needs_an_anchor() -> None:
    """Cutting events off the end is caught against the head hash the host keeps."""
    events = _trail()
    head = events[-1].hash
    assert bc.verify_chain(events[:-1]).ok  # a shorter chain is internally valid …
    report = bc.verify_chain(events[:-1], expected_head=head)
    assert not report.ok  # … but not against the stored head
    with pytest.raises(bc.ChainVerificationError):
        bc.verify_chain(events[:-2], expected_length=5).raise_if_broken()


def test_other_complaint_event_is_caught() -> None:
    """An event of another complaint spliced in is refused."""
    events = _trail(3)
    stranger = attrs.evolve(events[1], complaint_id="C-8")
    report = bc.verify_chain([events[0], stranger, events[2]])
    assert report.first_bad == 1 and "C-8" in report.reason


def test_erasure_keeps_the_chain_and_removes_the_data() -> None:
    """Erased trails verify, rebuild, and no longer contain the personal values."""
    events = _trail()
    erased = bc.erase_personal_data(events)
    assert bc.verify_chain(erased, expected_head=events[-1].hash).ok
    text = bc.to_json(erased)
    for secret in ("赵敏", "11010119900307123X", "pepper", "信用卡年费乱收"):  # the narrative is personal too
        assert secret not in text
    rebuilt = bc.Complaint.from_events(erased)
    assert rebuilt.narrative.startswith("erased:sha256:") and rebuilt.id == "C-7"
    assert repr(rebuilt.complainant).count("<erased>") == 2


def test_personal_data_is_hashed_as_salted_digest() -> None:
    """The same trail with another salt gives other hashes; tampering with a personal value is caught."""
    events = _trail(2)
    assert bc.verify_chain(events).ok
    first = events[0]
    assert isinstance(first, bc.ComplaintReceived)
    resalted = attrs.evolve(first, pii_salt="other")
    assert not bc.verify_chain([resalted, events[1]]).ok
    renamed = attrs.evolve(first, complainant=attrs.evolve(first.complainant, name="赵明"))
    assert bc.verify_chain([renamed, events[1]]).first_bad == 0
