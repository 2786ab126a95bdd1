"""A complaint taken through investigation and liability, and the refusal check every test uses."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pendulum
import pytest

import bankcomplaints as bc
from bankcomplaints import liability as lb

START = pendulum.datetime(2026, 10, 9, 9, tz="Asia/Shanghai")
CLERK = bc.Actor(id="S-001", role="front_line", branch="BJ-01")
HANDLER = bc.Actor(id="S-017", role="specialist", branch="BJ-01")
MANAGER = bc.Actor(id="M-002", role="manager", branch="BJ-01")
CHECKER = bc.Actor(id="M-005", role="senior", branch="BJ-01")
HANDLER_REF = bc.StaffRef(id="S-017", name="李娜", role="handler", branch="BJ-01")
TELLER_REF = bc.StaffRef(id="S-031", name="张伟", role="teller", branch="BJ-01")


def at(hours: float) -> pendulum.DateTime:
    """``hours`` after the start of the case."""
    return START.add(minutes=int(hours * 60))


def digest(content: bytes) -> str:
    """The SHA-256 the host would store for an artefact."""
    return hashlib.sha256(content).hexdigest()


def received(id: str = "C-2026-1009", key_customer: bool = False) -> bc.Complaint:
    """A fresh complaint about an ATM that kept a card and a cash deposit."""
    return bc.Complaint.receive(
        id=id, actor=CLERK, now=START, channel=bc.Channel.SELF_SERVICE,
        complainant=bc.CustomerRef(id="K-77", name="王芳", key_customer=key_customer),
        narrative="ATM吞卡，存入的2000元没有到账",
        amount=bc.Money("2000", "CNY"), salt="s",
    )


def investigated(id: str = "C-2026-1009", key_customer: bool = False) -> bc.Complaint:
    """The complaint with CCTV, a machine log, an interview and two established findings."""
    c = received(id, key_customer)
    lb.collect_evidence(c, actor=HANDLER, now=at(1), id="E1", kind="cctv", source="ATM 0421 camera",
                        description="customer inserts card and 20 notes at 18:02", collected_by=HANDLER_REF,
                        sha256=digest(b"cctv"))
    lb.collect_evidence(c, actor=HANDLER, now=at(1.5), id="E2", kind="system_log", source="ATM 0421 journal",
                        description="cash module jam, deposit not posted, card retained", collected_by=HANDLER_REF,
                        sha256=digest(b"journal"))
    lb.record_interview(c, actor=HANDLER, now=at(2), id="I1", interviewee="张伟", role="teller",
                        conducted_by=HANDLER_REF, summary="did not clear the jam at end of day", signed=True,
                        staff_id="S-031")
    lb.record_finding(c, actor=HANDLER, now=at(3), id="F1", statement="the deposit module jammed",
                      established=True, evidence_ids=["E1", "E2"], truthfulness="true", subject="ATM-0421",
                      tags=["machine_fault"])
    lb.record_finding(c, actor=HANDLER, now=at(3.5), id="F2", statement="the jam was not cleared that evening",
                      established=True, evidence_ids=["E2"], interview_ids=["I1"], truthfulness="true",
                      subject="S-031", tags=["procedure_lapse"])
    return c


SPLIT = (
    lb.ResponsibleParty(kind="business_system", ref="ATM-0421", share=Decimal(60), finding_ids=("F1",)),
    lb.ResponsibleParty(kind="staff", ref="S-031", share=Decimal(40), finding_ids=("F2",)),
)


def determined(approve: bool = True, key_customer: bool = False) -> bc.Complaint:
    """The investigated complaint with a 60/40 determination, approved by the manager if ``approve``."""
    c = investigated(key_customer=key_customer)
    lb.determine_liability(c, actor=HANDLER, now=at(4), parties=SPLIT, root_cause="system",
                           reasons="jam, then no end-of-day clearance")
    if approve:
        lb.approve_liability(c, actor=MANAGER, now=at(5))
    return c


def refused(
    c: bc.Complaint, error: type[bc.ComplaintError], operation: Callable[..., Any], /, *args: Any,
    rule: str | None = None, **kwargs: Any,
) -> pytest.ExceptionInfo[bc.ComplaintError]:
    """Call ``operation(c, *args, **kwargs)``, expect ``error`` (with ``rule``), and check nothing changed."""
    before, pending = bc.unstructure(c), c.pending_events
    with pytest.raises(error) as info:
        operation(c, *args, **kwargs)
    if rule is not None:
        assert getattr(info.value, "rule", None) == rule
    assert bc.unstructure(c) == before
    assert c.pending_events == pending
    return info


def resolved() -> bc.Complaint:
    """The determined complaint carried through measures, plan, redress, notices and feedback."""
    c = determined()
    lb.log_communication(c, actor=HANDLER, now=at(5.5), channel="phone", direction="outbound",
                         summary="told the customer the log confirms the jam")
    lb.decide_measure(c, actor=MANAGER, now=at(6), id="A1", kind="training", target_kind="staff", target_ref="S-031",
                      reason="end-of-day ATM clearance procedure")
    lb.plan_resolution(c, actor=HANDLER, now=at(6.5), summary="credit the deposit, fix the module")
    lb.add_plan_action(c, actor=HANDLER, now=at(7), id="P1", description="replace the deposit module",
                       owner=TELLER_REF, due=at(7).date().add(days=3))
    lb.record_action_progress(c, actor=HANDLER, now=at(30), action_id="P1", status="done", note="module replaced")
    lb.check_resolution_effect(c, actor=MANAGER, now=at(31), effective=True, notes="no jam in 200 test deposits")
    lb.record_redress(c, actor=HANDLER, now=at(32), id="R1", type="compensation",
                      amount=bc.Money("2000", "CNY"), description="credit the deposit")
    lb.record_redress(c, actor=HANDLER, now=at(32), id="R2", type="non_monetary", amount=None,
                      description="new card issued free of charge")
    lb.approve_redress(c, actor=CHECKER, now=at(33), entry_id="R1")
    lb.pay_redress(c, actor=HANDLER, now=at(34), entry_id="R1", payment_ref="TXN-88")
    lb.send_notice(c, lb.Notice(id="N1", kind="acceptance", summary="complaint accepted", channel="sms",
                                delivered_at=at(0.5), proof="SMS-1"), actor=HANDLER, now=at(34))
    lb.issue_decision_notice(c, notice(), actor=HANDLER, now=at(35))
    lb.record_feedback(c, actor=HANDLER, now=at(40), satisfaction="satisfied", channel="phone",
                       comments="thanks")
    return c


def notice(**changes: Any) -> lb.DecisionNotice:
    """A complete decision notice for the resolved case, with ``changes``."""
    fields: dict[str, Any] = {
        "findings": ("F1", "F2"), "basis": "deposit agreement §4", "reasons": "the machine failed",
        "outcome": "upheld", "redress": ("R1", "R2"), "channel": "sms", "delivered_at": at(35), "proof": "SMS-2",
    }
    return lb.DecisionNotice(**(fields | changes))
