"""The standard flow runs the CN-CBIRC-2020 clocks as its transitions say, in the same atomic step."""

from __future__ import annotations

import pytest

import bankcomplaints as bc
from bankcomplaints.workflow import engine
from bankcomplaints.workflow.clocks import find_clock, open_clocks
from tests.workflow.helpers import ACTORS, at, received, snapshot, walk
from tests.workflow.reach import reach

REGIME = "CN-CBIRC-2020"


def test_only_a_complaint_starts_the_handling_clock_counted_from_receipt() -> None:
    complaint = received()
    walk(complaint, "triaged")
    clock = find_clock(complaint, REGIME, "handling_decision")
    assert clock.started_at == complaint.received_at and clock.stopped_at is None
    consultation, _ = reach("triaged", consultation=True)
    assert consultation.clocks == ()


def test_mediation_pauses_the_handling_clock_and_its_end_resumes_it() -> None:
    complaint = received()
    hour = walk(complaint, "investigating")
    due_before = find_clock(complaint, REGIME, "handling_decision").due()
    engine.advance(complaint, "refer_to_mediation", actor=ACTORS["manager"], now=at(hour), customer_agreed=True)
    assert find_clock(complaint, REGIME, "handling_decision").paused
    engine.advance(complaint, "end_mediation", actor=ACTORS["manager"], now=at(hour).add(days=3))
    clock = find_clock(complaint, REGIME, "handling_decision")
    assert not clock.paused and clock.due() == due_before.add(days=3)


def test_withdrawal_stops_every_clock_that_runs() -> None:
    complaint = received()
    hour = walk(complaint, "investigating")
    engine.advance(complaint, "withdraw", actor=ACTORS["front_line"], now=at(hour), reason="settled privately")
    assert open_clocks(complaint) == ()
    assert {clock.stop_reason for clock in complaint.clocks} == {"withdrawn"}
    assert complaint.outcome is bc.Outcome.WITHDRAWN


def test_the_decision_stops_the_handling_clock_and_opens_the_review_window() -> None:
    complaint = received()
    walk(complaint, "decision_notified")
    handling = find_clock(complaint, REGIME, "handling_decision")
    window = find_clock(complaint, REGIME, "review_request_window")
    assert handling.stop_reason == "met"
    assert window.started_at == complaint.decision_notice.delivered_at and window.stopped_at is None


def test_a_refused_clock_operation_undoes_the_status_change() -> None:
    complaint = received()
    hour = walk(complaint, "investigating")
    engine.advance(complaint, "refer_to_mediation", actor=ACTORS["manager"], now=at(hour), customer_agreed=True)
    engine.advance(complaint, "end_mediation", actor=ACTORS["manager"], now=at(hour + 1))
    before = snapshot(complaint)
    # The handling clock is due after 15 days; a pause cannot start once it is due.
    late = at(hour + 2).add(days=40)
    with pytest.raises(bc.DeadlineError) as error:
        engine.advance(complaint, "refer_to_mediation", actor=ACTORS["manager"], now=late, customer_agreed=True)
    assert "handling_decision" in error.value.clock
    assert snapshot(complaint) == before
