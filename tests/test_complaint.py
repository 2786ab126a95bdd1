"""The aggregate: operations record events, refusals change nothing, events rebuild the complaint."""

from __future__ import annotations

import datetime
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from tests.strategies import apply_operations, handled_complaints, operation_sequences, received_complaints

NOW = pendulum.datetime(2026, 9, 30, 16, 45, tz="Asia/Shanghai")
CLERK = bc.Actor(id="S-001", role="front_line", branch="BJ-01")


def _new(**overrides: Any) -> bc.Complaint:
    fields: dict[str, Any] = {
        "id": "C-2026-0001",
        "actor": CLERK,
        "now": NOW,
        "complainant": bc.CustomerRef(id="K-1", name="李雷", contact=bc.Contact(phone="13912345678")),
        "channel": bc.Channel.SELF_SERVICE,
        "narrative": "ATM吞卡，存款没有到账",
        "amount": bc.Money("5000", "CNY"),
        "salt": "fixed",
    }
    return bc.Complaint.receive(**(fields | overrides))


def _state(c: bc.Complaint) -> tuple[Any, tuple[bc.ComplaintEvent, ...]]:
    return bc.unstructure(c), c.pending_events


class TestReceive:
    def test_records_intake(self) -> None:
        """receive() keeps every intake fact and queues exactly one ComplaintReceived."""
        c = _new(received_at=NOW.subtract(days=1), co_complainants=3, in_person=True)
        assert (c.status, c.version, c.received_at) == ("received", 1, NOW.subtract(days=1))
        (event,) = c.collect_events()
        assert isinstance(event, bc.ComplaintReceived)
        assert event.narrative == c.narrative and event.amount == bc.Money("5000", "CNY")
        assert c.collect_events() == []

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"now": datetime.datetime(2026, 9, 30, 9)}, "now"),
            ({"received_at": NOW.add(hours=1)}, "received_at"),
            ({"id": ""}, "id"),
            ({"co_complainants": -1}, "co_complainants"),
            ({"narrative": "x" * 20_001}, "narrative"),
            ({"channel": "counter"}, "channel"),
            ({"amount": 12.5}, "amount"),
        ],
    )
    def test_refuses_bad_intake(self, overrides: dict[str, Any], field: str) -> None:
        """Bad intake raises InvalidOperationError naming the field."""
        with pytest.raises(bc.InvalidOperationError) as info:
            _new(**overrides)
        assert info.value.field == field

    def test_repr_hides_personal_data(self) -> None:
        """repr() of a complaint never shows the name or phone number."""
        text = repr(_new())
        assert "李雷" not in text and "13912345678" not in text
        assert "139****5678" in text


class TestOperations:
    def test_assign_refuses_handler_complained_of(self) -> None:
        """A handler who is complained of has a direct interest and is refused (Art. 17)."""
        c = _new(staff_complained=[bc.StaffRef(id="S-9")])
        before = _state(c)
        with pytest.raises(bc.InvalidOperationError, match="direct interest"):
            c.assign(bc.StaffRef(id="S-9"), actor=CLERK, now=NOW)
        assert _state(c) == before

    def test_time_may_not_run_backwards(self) -> None:
        """An operation dated before the last event is refused and changes nothing."""
        c = _new()
        before = _state(c)
        with pytest.raises(bc.InvalidOperationError, match="earlier than the last event"):
            c.set_priority(bc.Priority.P1, actor=CLERK, now=NOW.subtract(seconds=1), reason="VIP")
        assert _state(c) == before

    @pytest.mark.parametrize(
        "call",
        [
            lambda c: c.record_triage(actor=CLERK, now=NOW, kind="complaint"),
            lambda c: c.record_triage(actor=CLERK, now=NOW, kind=bc.Kind.COMPLAINT, risk_score=101),
            lambda c: c.set_priority(bc.Priority.P2, actor=CLERK, now=NOW, reason=" "),
            lambda c: c.link("cousin_of", "C-2", actor=CLERK, now=NOW),
            lambda c: c.link("repeat_of", c.id, actor=CLERK, now=NOW),
            lambda c: c.assign("S-1", actor=CLERK, now=NOW),
        ],
    )
    def test_refusals_change_nothing(self, call: Any) -> None:
        """Each refused operation raises a ComplaintError and leaves state and pending events as they were."""
        c = _new()
        c.link("repeat_of", "C-0", actor=CLERK, now=NOW)
        before = _state(c)
        with pytest.raises(bc.ComplaintError):
            call(c)
        assert _state(c) == before

    def test_failing_apply_rolls_back(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """If applying an event raises half-way, the complaint is restored exactly."""
        c = _new()
        before = _state(c)

        def explode(self: bc.TriageRecorded, complaint: bc.Complaint) -> None:
            complaint.kind = self.kind
            raise RuntimeError("host listener failed")

        monkeypatch.setattr(bc.TriageRecorded, "apply", explode)
        with pytest.raises(RuntimeError):
            c.record_triage(actor=CLERK, now=NOW, kind=bc.Kind.COMPLAINT)
        assert _state(c) == before

    def test_transaction_rolls_back_several_events(self) -> None:
        """A failure inside _transaction() undoes every event recorded in it."""
        c = _new()
        before = _state(c)
        with pytest.raises(bc.InvalidOperationError), c._transaction():
            c.set_priority(bc.Priority.P1, actor=CLERK, now=NOW, reason="elderly customer")
            c.link("bogus", "C-9", actor=CLERK, now=NOW)
        assert _state(c) == before


@given(st.data())
def test_events_rebuild_the_complaint(data: st.DataObject) -> None:
    """For random valid operation sequences, from_events(collect_events()) equals the complaint."""
    c = data.draw(received_complaints())
    apply_operations(c, data.draw(operation_sequences()))
    events = c.collect_events()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert bc.Complaint.from_events(events) == c
    assert bc.verify_chain(events, expected_head=c.last_hash).ok


@given(handled_complaints())
def test_whole_lifecycles_rebuild_and_verify(c: bc.Complaint) -> None:
    """Complaints walked through the workflow, clocks and liability stages rebuild exactly from their events."""
    events = c.collect_events()
    assert bc.Complaint.from_events(events) == c
    assert bc.verify_chain(events, expected_head=c.last_hash, expected_length=c.version).ok
    assert bc.from_json(bc.to_json(events), list[bc.ComplaintEvent]) == events


def test_from_events_refuses_a_trail_without_its_start() -> None:
    """A trail that does not begin with ComplaintReceived is refused with the path of the fault."""
    c = _new()
    c.set_priority(bc.Priority.P3, actor=CLERK, now=NOW, reason="routine")
    events = c.collect_events()
    with pytest.raises(bc.InvalidComplaintDataError) as info:
        bc.Complaint.from_events(events[1:])
    assert info.value.paths == ("events[0]",)
