"""Feedback after the decision, its requests, and the communication log."""

from __future__ import annotations

import pytest

import bankcomplaints as bc
from bankcomplaints import liability as lb
from tests.liability.helpers import HANDLER, at, determined, notice, refused, resolved


def _noticed(key_customer: bool = False) -> bc.Complaint:
    c = determined(key_customer=key_customer)
    lb.issue_decision_notice(c, notice(redress=()), actor=HANDLER, now=at(36))
    return c


def test_feedback_before_decision_refused() -> None:
    """There is nothing to be satisfied with before the decision notice."""
    refused(determined(), bc.LiabilityError, lb.record_feedback, rule="feedback.no_decision", actor=HANDLER,
            now=at(40), satisfaction="satisfied", channel="phone")


def test_dissatisfied_asks_for_review() -> None:
    """A dissatisfied customer's review request is recorded and exposed for the workflow."""
    c = _noticed()
    assert not lb.wants_review(c)
    feedback = lb.record_feedback(c, actor=HANDLER, now=at(40), satisfaction="dissatisfied", channel="phone",
                                  comments="still short", reason="wants interest too", request="review")
    assert c.feedback == (feedback,) and feedback.asked_by == "S-017"
    assert lb.wants_review(c) and not lb.wants_follow_up(c)
    assert c.status == "received"


@pytest.mark.parametrize(("kwargs", "rule"), [
    ({"satisfaction": "dissatisfied"}, "feedback.reason_missing"),
    ({"satisfaction": "unreachable"}, "feedback.reason_missing"),
    ({"satisfaction": "satisfied", "request": "review"}, "feedback.review_when_not_dissatisfied"),
    ({"satisfaction": "unreachable", "reason": "no answer", "request": "follow_up"},
     "feedback.request_when_unreachable"),
])
def test_feedback_rules(kwargs: dict[str, str], rule: str) -> None:
    """Reasons for dissatisfaction, reviews only after dissatisfaction, no requests from the unreachable."""
    refused(_noticed(), bc.LiabilityError, lb.record_feedback, rule=rule, actor=HANDLER, now=at(40),
            channel="phone", **kwargs)


def test_follow_up_for_key_customers() -> None:
    """A key customer who is only basically satisfied is followed up; anyone may ask for a follow-up."""
    c = _noticed(key_customer=True)
    lb.record_feedback(c, actor=HANDLER, now=at(40), satisfaction="basically_satisfied", channel="sms")
    assert lb.wants_follow_up(c)
    other = _noticed()
    lb.record_feedback(other, actor=HANDLER, now=at(40), satisfaction="satisfied", channel="sms",
                       request="follow_up")
    assert lb.wants_follow_up(other) and not lb.wants_review(other)


def test_communication_log() -> None:
    """Each contact records channel, direction, who and when; the summary is personal data."""
    c = resolved()
    (first,) = c.communications
    assert (first.channel, first.direction, first.staff_id, first.counterpart) == ("phone", "outbound", "S-017",
                                                                                 "customer")
    assert first.at == at(5.5) and first.summary not in repr(first)
    logged = lb.log_communication(c, actor=HANDLER, now=at(41), at=at(40.5), channel="in_person",
                                  direction="inbound", summary="came to thank us", staff_id="S-031")
    assert c.communications[-1] == logged and logged.staff_id == "S-031"
    refused(c, bc.InvalidOperationError, lb.log_communication, actor=HANDLER, now=at(42), channel="phone",
            direction="sideways", summary="s")
