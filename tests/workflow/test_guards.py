"""Each guard of the standard flow refuses with GuardRejectedError naming it, and the complaint is unchanged."""

from __future__ import annotations

from typing import Any

import pytest

import bankcomplaints as bc
from bankcomplaints import liability as lb
from bankcomplaints.workflow import engine
from tests.workflow.helpers import (
    ACTORS,
    HANDLER_REF,
    TELLER_REF,
    at,
    decision_notice,
    received,
    record_findings,
    snapshot,
    walk,
)
from tests.workflow.reach import reach


def rejected(complaint: bc.Complaint, trigger: str, role: str, now: Any, **inputs: Any) -> bc.GuardRejectedError:
    before = snapshot(complaint)
    with pytest.raises(bc.GuardRejectedError) as error:
        engine.advance(complaint, trigger, actor=ACTORS[role], now=now, **inputs)
    assert snapshot(complaint) == before
    assert error.value.trigger == trigger and error.value.complaint_id == complaint.id
    return error.value


def test_a_handler_complained_of_may_not_handle() -> None:
    error = rejected(received(), "register", "front_line", at(1), handler=TELLER_REF, no_conflict_declared=True)
    assert error.rule == "no_conflict_of_interest" and TELLER_REF.id in error.reason


def test_the_handler_must_declare_no_interest() -> None:
    error = rejected(received(), "register", "front_line", at(1), handler=HANDLER_REF)
    assert error.rule == "no_conflict_of_interest" and "declared" in error.reason


def test_triage_needs_a_kind_and_only_complaints_are_investigated() -> None:
    complaint = received()
    walk(complaint, "accepted")
    assert rejected(complaint, "triage", "specialist", at(5)).rule == "is_complaint | not_complaint"
    assert "'complaint' is not a Kind" in rejected(complaint, "triage", "specialist", at(5), kind="complaint").reason
    engine.advance(complaint, "triage", actor=ACTORS["specialist"], now=at(5), kind=bc.Kind.SUGGESTION)
    assert rejected(complaint, "investigate", "specialist", at(6)).rule == "is_complaint"


def test_no_liability_without_a_finding() -> None:
    complaint = received()
    hour = walk(complaint, "investigating")
    assert rejected(complaint, "approve_liability", "manager", at(hour)).rule == "has_findings"


def test_no_decision_without_findings_basis_and_every_appeal_route() -> None:
    complaint = received()
    hour = walk(complaint, "resolving")
    partial = decision_notice(at(hour), appeal_routes=("review", "mediation"), basis="")
    error = rejected(complaint, "notify_decision", "specialist", at(hour), notice=partial)
    assert error.rule == "decision_complete"
    assert "basis" in error.reason and "arbitration, litigation" in error.reason
    assert rejected(complaint, "notify_decision", "specialist", at(hour)).reason == "no decision notice"


def test_no_close_without_a_feedback_attempt() -> None:
    complaint = received()
    hour = walk(complaint, "awaiting_feedback")
    assert rejected(complaint, "close", "specialist", at(hour)).rule == "feedback_attempted"
    lb.record_feedback(complaint, actor=ACTORS["front_line"], now=at(hour), satisfaction="unreachable",
                       channel="phone", reason="three calls unanswered")
    engine.advance(complaint, "close", actor=ACTORS["specialist"], now=at(hour + 1))
    assert complaint.outcome is bc.Outcome.RESOLVED


def test_decline_needs_a_reason_and_a_notice() -> None:
    complaint = received()
    walk(complaint, "registered")
    assert rejected(complaint, "decline", "specialist", at(3)).rule == "reason_given"
    assert rejected(complaint, "decline", "specialist", at(3), reason="stranger").rule == "submitter_told"


def test_mediation_needs_the_customers_agreement() -> None:
    complaint = received()
    hour = walk(complaint, "investigating")
    assert rejected(complaint, "refer_to_mediation", "manager", at(hour)).rule == "customer_agreed"


def test_referral_names_where() -> None:
    complaint = received()
    hour = walk(complaint, "investigating")
    error = rejected(complaint, "refer_out", "manager", at(hour), referred_to="newspaper", reason="x")
    assert error.rule == "referral_named" and "newspaper" in error.reason


def test_review_only_within_thirty_days_of_delivery() -> None:
    complaint, _ = reach("closed")
    delivered = complaint.decision_notice.delivered_at
    # The day of delivery is not counted: the 30th day after it still counts, the 31st does not.
    last_moment = delivered.start_of("day").add(days=31).subtract(microseconds=1)
    error = rejected(complaint, "request_review", "manager", last_moment.add(microseconds=1))
    assert error.rule == "review_window_open" and "ended" in error.reason
    engine.advance(complaint, "request_review", actor=ACTORS["manager"], now=last_moment)
    assert complaint.status == "under_review"


def test_review_lies_only_against_a_branch_decision() -> None:
    complaint = bc.Complaint.receive(
        id="C-HO", actor=ACTORS["front_line"], now=at(0), complainant=bc.CustomerRef(id="K", name="赵"),
        branch=bc.BranchRef(code="HO", level="head_office"), salt="s")
    walk(complaint, "closed")
    error = rejected(complaint, "request_review", "manager", at(20))
    assert error.rule == "review_window_open" and "head_office" in error.reason


def test_archive_waits_for_the_review_window() -> None:
    complaint, hour = reach("closed")
    assert rejected(complaint, "archive", "system", at(hour)).rule == "review_window_closed"
    engine.advance(complaint, "archive", actor=ACTORS["system"], now=at(hour).add(days=31))
    assert complaint.status == "archived"


def test_follow_up_is_for_key_customers_or_with_a_reason() -> None:
    complaint, hour = reach("closed")
    assert rejected(complaint, "start_follow_up", "manager", at(hour)).rule == "follow_up_warranted"
    key = received(key_customer=True, id="C-KEY")
    hour = walk(key, "closed")
    engine.advance(key, "start_follow_up", actor=ACTORS["manager"], now=at(hour))
    assert key.status == "following_up"


def test_overturned_review_reopens_the_case() -> None:
    complaint, hour = reach("under_review")
    assert complaint.outcome is bc.Outcome.RESOLVED
    engine.advance(complaint, "overturn_decision", actor=ACTORS["senior"], now=at(hour), reason="facts missed")
    assert complaint.status == "investigating" and complaint.outcome is None and not complaint.is_closed


def test_the_liability_operation_refusal_rolls_back_the_step() -> None:
    complaint = received()
    hour = walk(complaint, "investigating")
    record_findings(complaint, at(hour))
    engine.advance(complaint, "approve_liability", actor=ACTORS["manager"], now=at(hour + 1))
    before = snapshot(complaint)
    bad = decision_notice(at(hour + 2), findings=("F-unknown",))
    with pytest.raises(bc.LiabilityError) as error:
        engine.advance(complaint, "notify_decision", actor=ACTORS["specialist"], now=at(hour + 2), notice=bad)
    assert error.value.rule == "notice.unknown_finding"
    assert snapshot(complaint) == before
