"""Clock operations on the complaint aggregate: events, refusals that change nothing, several regimes."""

from __future__ import annotations

import json

import pendulum
import pytest

import bankcomplaints as bc
from bankcomplaints import serialization
from bankcomplaints.errors import (
    CalendarCoverageError,
    DeadlineError,
    ExtensionRefusedError,
    InvalidOperationError,
    RegimeError,
)
from bankcomplaints.events import ComplaintEvent, verify_chain
from bankcomplaints.workflow import clocks
from bankcomplaints.workflow.deadlines import Approval, ClockNotice, ClockStatus

CN = "CN-CBIRC-2020"
HANDLING = "handling_decision"
RECEIVED = pendulum.datetime(2026, 9, 28, 10, tz="Asia/Shanghai")  # just before National Day
CLERK = bc.Actor(id="S-001", role="front_line")
MANAGER = bc.Actor(id="M-001", role="head_office_senior_manager")


def _complaint() -> bc.Complaint:
    complaint = bc.Complaint.receive(id="C-1", actor=CLERK, now=RECEIVED,
                                     complainant=bc.CustomerRef(id="K-9", name="王芳"), salt="s")
    clocks.start_clock(complaint, regime=CN, clock=HANDLING, actor=CLERK, now=RECEIVED)
    return complaint


def _state(complaint: bc.Complaint) -> tuple[object, ...]:
    return complaint.version, complaint.last_hash, complaint.clocks, complaint.pending_events


def test_the_full_life_of_a_clock_replays_from_its_events() -> None:
    complaint = _complaint()
    day = RECEIVED.add(days=1)
    clocks.extend_clock(complaint, regime=CN, clock=HANDLING, extension="complex", actor=CLERK, now=day)
    clocks.pause_clock(complaint, regime=CN, clock=HANDLING, reason="external_appraisal", actor=CLERK,
                       now=day.add(days=1), note="司法鉴定所")
    clocks.resume_clock(complaint, regime=CN, clock=HANDLING, actor=CLERK, now=day.add(days=12),
                        at=day.add(days=11))
    approval = Approval(key="superior_approval", approver_role="head_office_senior_manager", approver_id="M-001",
                        approved_at=day.add(days=13))
    notice = ClockNotice(key="complainant", channel="sms", sent_at=day.add(days=13, hours=1), reference="SMS-77")
    clocks.extend_clock(complaint, regime=CN, clock=HANDLING, extension="especially_complex", actor=MANAGER,
                        now=day.add(days=14), approvals=[approval], notices=[notice], reason="cross-border")
    stopped = clocks.stop_clock(complaint, regime=CN, clock=HANDLING, actor=CLERK, now=day.add(days=40))
    # 60 days from 2026-09-28 plus the 10 days of appraisal (09-30 to 10-10): last day 2026-12-07.
    assert stopped.due() == pendulum.parse("2026-12-08T00:00:00+08:00")
    assert stopped.status(day.add(days=90)) is ClockStatus.MET
    events = complaint.collect_events()
    assert [type(e).__name__ for e in events] == [
        "ComplaintReceived", "ClockStarted", "ClockExtended", "ClockPaused", "ClockResumed", "ClockExtended",
        "ClockStopped"]
    assert verify_chain(events).ok
    stored = json.loads(serialization.dumps(events))
    replayed = bc.Complaint.from_events(serialization.structure(stored, list[ComplaintEvent]))
    assert replayed == complaint
    assert replayed.clocks[0].explain().due == stopped.due()


def test_extension_without_approval_and_notice_is_refused_and_changes_nothing() -> None:
    complaint = _complaint()
    clocks.extend_clock(complaint, regime=CN, clock=HANDLING, extension="complex", actor=CLERK,
                        now=RECEIVED.add(days=3))
    before = _state(complaint)
    with pytest.raises(ExtensionRefusedError) as caught:
        clocks.extend_clock(complaint, regime=CN, clock=HANDLING, extension="especially_complex", actor=CLERK,
                            now=RECEIVED.add(days=5))
    assert caught.value.missing == (
        "approval superior_approval (by superior_institution or head_office_senior_manager)", "notice complainant")
    assert "superior_approval" in str(caught.value) and "notice complainant" in str(caught.value)
    notice = ClockNotice(key="complainant", channel="phone", sent_at=RECEIVED.add(days=4))
    with pytest.raises(ExtensionRefusedError) as caught:
        clocks.extend_clock(complaint, regime=CN, clock=HANDLING, extension="especially_complex", actor=CLERK,
                            now=RECEIVED.add(days=5), notices=[notice])
    assert caught.value.missing == (
        "approval superior_approval (by superior_institution or head_office_senior_manager)",)
    with pytest.raises(InvalidOperationError, match=r"approvals\[0\]"):
        clocks.extend_clock(complaint, regime=CN, clock=HANDLING, extension="especially_complex", actor=CLERK,
                            now=RECEIVED.add(days=5), approvals=["yes"])  # type: ignore[list-item]
    assert _state(complaint) == before


def test_other_refusals_change_nothing() -> None:
    complaint = _complaint()
    before = _state(complaint)
    later = RECEIVED.add(days=1)
    attempts = [
        (RegimeError, lambda: clocks.start_clock(complaint, regime="XX", clock=HANDLING, actor=CLERK, now=later)),
        (RegimeError, lambda: clocks.start_clock(complaint, regime=CN, clock="nope", actor=CLERK, now=later)),
        (RegimeError, lambda: clocks.start_clock(complaint, regime=CN, clock="review_decision", actor=CLERK,
                                                 now=later, start=pendulum.datetime(2019, 5, 1, tz="UTC"))),
        (DeadlineError, lambda: clocks.start_clock(complaint, regime=CN, clock=HANDLING, actor=CLERK, now=later)),
        (DeadlineError, lambda: clocks.start_clock(complaint, regime="US-REG-Z", clock="resolution", actor=CLERK,
                                                   now=later)),
        (CalendarCoverageError, lambda: clocks.start_clock(
            complaint, regime=CN, clock="regulator_forwarding", actor=CLERK,
            now=pendulum.datetime(2026, 12, 29, tz="Asia/Shanghai"),
            start=pendulum.datetime(2026, 12, 28, 10, tz="Asia/Shanghai"))),
        (DeadlineError, lambda: clocks.start_clock(complaint, regime=CN, clock="regulator_forwarding",
                                                   actor=CLERK, now=later)),  # no forwarded_at on the complaint
        (InvalidOperationError, lambda: clocks.start_clock(complaint, regime=CN, clock="review_decision",
                                                           actor=CLERK, now=later, start=later.add(days=1))),
        (DeadlineError, lambda: clocks.pause_clock(complaint, regime=CN, clock=HANDLING, reason="holiday",
                                                   actor=CLERK, now=later)),
        (DeadlineError, lambda: clocks.resume_clock(complaint, regime=CN, clock=HANDLING, actor=CLERK, now=later)),
        (DeadlineError, lambda: clocks.stop_clock(complaint, regime=CN, clock="review_decision", actor=CLERK,
                                                  now=later)),
        (InvalidOperationError, lambda: clocks.stop_clock(complaint, regime=CN, clock=HANDLING, actor=CLERK,
                                                          now=later, at=later.add(hours=1))),
        (DeadlineError, lambda: clocks.restart_clock(complaint, regime="UK-FCA-DISP", clock="final_response",
                                                     actor=CLERK, now=later)),
    ]
    for error, attempt in attempts:
        with pytest.raises(error):
            attempt()
        assert _state(complaint) == before


def test_withdrawal_stops_the_clock_on_the_day_it_is_received() -> None:
    complaint = _complaint()
    withdrawn_at = RECEIVED.add(days=6)
    clock = clocks.stop_clock(complaint, regime=CN, clock=HANDLING, actor=CLERK, now=withdrawn_at.add(days=2),
                              reason="withdrawn", at=withdrawn_at)
    assert clock.stopped_at == withdrawn_at
    assert clock.status(RECEIVED.add(days=30)) is ClockStatus.STOPPED
    assert clocks.open_clocks(complaint) == ()
    assert clocks.binding_clock(complaint, RECEIVED.add(days=30)) is None


def test_new_facts_restart_the_clock() -> None:
    complaint = _complaint()
    clocks.pause_clock(complaint, regime=CN, clock=HANDLING, reason="mediation", actor=CLERK,
                       now=RECEIVED.add(days=2))
    material = RECEIVED.add(days=10)
    new = clocks.restart_clock(complaint, regime=CN, clock=HANDLING, actor=CLERK, now=material)
    assert new.id == f"{CN}:{HANDLING}#2"
    assert new.due() == pendulum.parse("2026-10-24T00:00:00+08:00")  # 15 days from 2026-10-08
    old = complaint.clocks[0]
    assert old.stop_reason == "restarted" and old.stopped_at == material
    assert old.pauses[-1].ended_at == material  # the open pause closed with the stop
    assert clocks.find_clock(complaint, CN, HANDLING) == new
    events = complaint.collect_events()
    assert bc.Complaint.from_events(events) == complaint


def test_several_regimes_and_the_binding_clock() -> None:
    complaint = _complaint()  # CBIRC handling decision due 2026-10-14T00:00+08:00
    clocks.start_clock(complaint, regime=clocks.regimes.example_internal_sla(), clock="first_contact",
                       actor=CLERK, now=RECEIVED)  # due 2026-09-29T17:30+08:00
    clocks.start_clock(complaint, regime="UK-FCA-DISP", clock="final_response", actor=CLERK, now=RECEIVED)
    now = RECEIVED.add(hours=2)
    binding = clocks.binding_clock(complaint, now)
    assert binding is not None and binding.id == "BANK-SLA-2026:first_contact"
    clocks.stop_clock(complaint, regime="BANK-SLA-2026", clock="first_contact", actor=CLERK, now=now)
    binding = clocks.binding_clock(complaint, now)
    assert binding is not None and binding.id == f"{CN}:{HANDLING}"
    assert len(clocks.open_clocks(complaint)) == 2


def test_an_extension_notice_sent_through_liability_counts() -> None:
    from bankcomplaints.liability.notices import Notice as ComplainantNotice
    from bankcomplaints.liability.notices import send_notice

    complaint = _complaint()
    clocks.extend_clock(complaint, regime=CN, clock=HANDLING, extension="complex", actor=CLERK,
                        now=RECEIVED.add(days=3))
    sent = RECEIVED.add(days=4)
    send_notice(complaint, ComplainantNotice(
        id="N-1", kind="extension", summary="处理期限延长30日", reference=f"{CN}:{HANDLING}", channel="sms",
        delivered_at=sent, proof="SMS-GW-123"), actor=CLERK, now=sent)
    approval = Approval(key="superior_approval", approver_role="superior_institution", approver_id="B-1",
                        approved_at=sent)
    clock = clocks.extend_clock(complaint, regime=CN, clock=HANDLING, extension="especially_complex",
                                actor=MANAGER, now=RECEIVED.add(days=5), approvals=[approval])
    assert clock.extensions[-1].notices[0].reference == "N-1"
    assert clock.explain().due_day == pendulum.Date(2026, 11, 27)

