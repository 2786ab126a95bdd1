"""from_complaint: a complaint as statistics see it, with no personal data."""

from __future__ import annotations

import datetime

import pendulum

import bankcomplaints as bc
from bankcomplaints import liability as lb
from bankcomplaints.stats.aggregate import aggregate
from bankcomplaints.stats.derive import from_complaint
from bankcomplaints.stats.records import record_to_json
from bankcomplaints.testing import ComplaintGenerator
from bankcomplaints.workflow.clocks import start_clock, stop_clock
from tests.liability.helpers import CHECKER, at, determined, notice

START = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai")
CLERK = bc.Actor(id="S-001", role="front_line", branch="BJ01")
HANDLER = bc.Actor(id="S-017", role="handler", branch="BJ01")


def _handled() -> bc.Complaint:
    c = bc.Complaint.receive(
        id="C-1", actor=CLERK, now=START, channel=bc.Channel.PHONE, source=bc.Source.REGULATOR_FORWARDED,
        complainant=bc.CustomerRef(id="K-9", name="王芳", contact=bc.Contact(phone="13800000000")),
        branch=bc.BranchRef(code="BJ01", region="north"), narrative="信用卡年费未经同意扣收", product="credit_card",
        regulator_ref="12378-2026-001", salt="s",
    )
    c.assign(bc.StaffRef(id="S-017", name="李娜", role="handler", branch="BJ01"), actor=CLERK, now=START.add(hours=1))
    c.record_triage(actor=HANDLER, now=START.add(hours=2), kind=bc.Kind.COMPLAINT,
                    business=bc.BusinessCategory.BANK_CARD, cause=bc.Cause.PRICING_FEES,
                    risk_factors=[bc.RiskFactor.REGULATOR, bc.RiskFactor.REPEAT])
    lb.log_communication(c, actor=HANDLER, now=START.add(hours=3), channel="phone", direction="outbound",
                         summary="回电客户王芳，解释年费政策")
    start_clock(c, regime="CN-CBIRC-2020", clock="handling_decision", actor=HANDLER, now=START.add(hours=3),
                start=START)
    stop_clock(c, regime="CN-CBIRC-2020", clock="handling_decision", actor=HANDLER, now=START.add(days=5))
    return c


def test_record_carries_codes_clocks_and_flags() -> None:
    """Codes become slugs, the stopped clock is met with its days, feedback and first contact are judged."""
    record = from_complaint(_handled(), now=START.add(days=7), first_contact_within=datetime.timedelta(hours=24))
    assert (record.id, record.received_on, record.branch, record.region, record.staff) == (
        "C-1", datetime.date(2026, 3, 2), "BJ01", "north", "S-017")
    assert (record.channel, record.source, record.kind, record.business, record.cause) == (
        "phone", "regulator_forwarded", "complaint", "bank_card", "pricing_fees")
    assert record.risk_factors == ("regulator", "repeat") and record.repeat and record.escalated
    assert [(c.regime, c.state, c.days) for c in record.clocks] == [("CN-CBIRC-2020:handling_decision", "met", 5)]
    assert record.satisfied is None and record.first_contact_in_sla is True
    assert record.upheld is None and record.redress is None and not record.reopened
    assert record.attribute("product") == "credit_card"


def test_no_personal_data_in_the_record() -> None:
    """Names, phone numbers, narrative and comments never reach the record."""
    text = record_to_json(from_complaint(_handled(), now=START.add(days=7)))
    for secret in ("王芳", "13800000000", "年费未经同意", "李娜", "K-9"):
        assert secret not in text


def test_open_clock_and_missing_sla() -> None:
    """A running clock past its limit is breached; without an SLA first contact is left unset."""
    c = bc.Complaint.receive(id="C-2", actor=CLERK, now=START, complainant=bc.CustomerRef(id="K-1", name="x"),
                             salt="s")
    start_clock(c, regime="CN-CBIRC-2020", clock="handling_decision", actor=HANDLER, now=START)
    early = from_complaint(c, now=START.add(days=1))
    late = from_complaint(c, now=START.add(days=60))
    assert [cl.state for cl in early.clocks] == ["open"] and [cl.state for cl in late.clocks] == ["breached"]
    assert early.first_contact_in_sla is None and early.branch == "" and early.kind == ""
    overdue = from_complaint(c, now=START.add(days=3), first_contact_within=datetime.timedelta(hours=24))
    assert overdue.first_contact_in_sla is False


def test_generated_complaints_aggregate_by_their_true_labels() -> None:
    """Synthetic complaints, triaged with their true labels, count by business as the generator drew them."""
    batch = ComplaintGenerator(seed=3, lang="zh").complaints(40)
    records = []
    for s in batch:
        c = s.receive()
        c.record_triage(actor=HANDLER, now=s.received_at, kind=s.kind, business=s.business, cause=s.cause)
        records.append(from_complaint(c, now=s.received_at))
    counts = aggregate(records).counts("business")
    expected: dict[str, int] = {}
    for s in batch:
        expected[s.business.value] = expected.get(s.business.value, 0) + 1
    assert counts == expected


def test_decided_case_with_redress_feedback_and_review() -> None:
    """A determined, partly upheld case with paid redress and a dissatisfied customer asking for review."""
    c = determined()
    lb.record_redress(c, actor=HANDLER, now=at(30), id="R1", type="compensation", amount=bc.Money("2000", "CNY"),
                      description="credit")
    lb.approve_redress(c, actor=CHECKER, now=at(31), entry_id="R1")
    lb.pay_redress(c, actor=HANDLER, now=at(32), entry_id="R1", payment_ref="PAY-1")
    lb.issue_decision_notice(c, notice(outcome="partly_upheld", redress=("R1",)), actor=HANDLER, now=at(36))
    lb.record_feedback(c, actor=HANDLER, now=at(40), satisfaction="dissatisfied", channel="phone",
                       reason="amount too low", request="review", comments="客户很不满意")
    record = from_complaint(c, now=at(41))
    assert record.upheld is True and record.redress == bc.Money("2000", "CNY")
    assert record.root_cause == "system" and record.satisfied is False and record.reopened
    assert record.responded_on == at(35).date()
    assert "客户很不满意" not in record_to_json(record)
