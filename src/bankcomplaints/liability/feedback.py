"""Feedback (反馈和跟踪) and the communication log.

After the decision the handler asks whether the customer is satisfied.
No CN, UK or EU rule requires the question (REGULATIONS.md §8 item 24), so it is optional; the
answer feeds the assessment (CBIRC Art. 27).
A dissatisfied customer may ask for a review by the superior institution (Art. 20) or a follow-up;
:class:`Feedback` records the request and :func:`wants_review` / :func:`wants_follow_up` expose it,
and the workflow opens the review.

The communication log records every contact with the customer (channel, direction, who, summary,
time), so that a supervisor can see the bank kept talking and listened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints.errors import InvalidOperationError, LiabilityError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import COMMUNICATION_CHANNELS, DIRECTIONS, FEEDBACK_REQUESTS, SATISFACTION
from bankcomplaints.values import Actor, personal

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "Communication",
    "CommunicationLogged",
    "Feedback",
    "FeedbackRecorded",
    "log_communication",
    "record_feedback",
    "wants_follow_up",
    "wants_review",
]


@attrs.frozen(kw_only=True)
class Feedback:
    """The customer's answer to the satisfaction question.

    Attributes:
        satisfaction: ``satisfied``, ``basically_satisfied``, ``dissatisfied`` or ``unreachable``.
        asked_at: when the question was put.
        asked_by: the staff id who asked.
        channel: how (a slug of ``COMMUNICATION_CHANNELS``).
        comments: what the customer said (personal data).
        reason: why they are dissatisfied, or why they could not be reached.
        request: ``review`` or ``follow_up`` if the customer asked for one, else ``None``.
    """

    satisfaction: str
    asked_at: pendulum.DateTime
    asked_by: str
    channel: str
    comments: str = personal(default="")
    reason: str = ""
    request: str | None = None


@attrs.frozen(kw_only=True)
class Communication:
    """One contact with the customer.

    ``staff_id`` is the member of staff who spoke or wrote; ``counterpart`` whom they dealt with
    (``customer``, ``agent``, ``family``…); ``summary`` is personal data.
    """

    at: pendulum.DateTime
    channel: str
    direction: str
    staff_id: str
    counterpart: str
    summary: str = personal()


@attrs.frozen(kw_only=True)
class FeedbackRecorded(ComplaintEvent):
    """The customer's satisfaction was asked and recorded."""

    feedback: Feedback

    def apply(self, complaint: Complaint) -> None:
        complaint.feedback = (*complaint.feedback, self.feedback)


@attrs.frozen(kw_only=True)
class CommunicationLogged(ComplaintEvent):
    """A contact with the customer was logged."""

    communication: Communication

    def apply(self, complaint: Complaint) -> None:
        complaint.communications = (*complaint.communications, self.communication)


def record_feedback(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    satisfaction: str,
    channel: str,
    comments: str = "",
    reason: str = "",
    request: str | None = None,
    asked_at: pendulum.DateTime | None = None,
) -> Feedback:
    """Record the customer's satisfaction after the decision (:class:`FeedbackRecorded`).

    Args:
        complaint: the complaint, with a decision notice.
        actor: who asked; recorded as ``asked_by``.
        now: when it is recorded.
        satisfaction: a slug of ``SATISFACTION``.
        channel: a slug of ``COMMUNICATION_CHANNELS``.
        comments: what the customer said.
        reason: required when ``dissatisfied`` or ``unreachable``.
        request: ``review`` (only when dissatisfied) or ``follow_up``.
        asked_at: when the question was put, if not ``now``.
    Returns:
        The feedback.
    Raises:
        InvalidOperationError: unknown slug, text over its limit, a future time.
        LiabilityError: ``feedback.no_decision`` (nothing to be satisfied with yet), ``feedback.reason_missing``,
            ``feedback.review_when_not_dissatisfied``, ``feedback.request_when_unreachable``.
    """
    SATISFACTION.check(satisfaction, "satisfaction")
    if complaint.decision_notice is None:
        raise LiabilityError("feedback.no_decision", "ask for satisfaction after the decision notice")
    if satisfaction in ("dissatisfied", "unreachable") and not check.text(reason, "reason").strip():
        raise LiabilityError("feedback.reason_missing", f"say why the customer is {satisfaction}")
    if request is not None:
        FEEDBACK_REQUESTS.check(request, "request")
        if satisfaction == "unreachable":
            raise LiabilityError("feedback.request_when_unreachable", "an unreachable customer asked for nothing")
        if request == "review" and satisfaction != "dissatisfied":
            raise LiabilityError("feedback.review_when_not_dissatisfied", "a review follows dissatisfaction")
    feedback = Feedback(
        satisfaction=satisfaction,
        asked_at=check.not_after(now if asked_at is None else asked_at, now, "asked_at"),
        asked_by=check.instance(actor, Actor, "actor").id,
        channel=COMMUNICATION_CHANNELS.check(channel, "channel"),
        comments=check.text(comments, "comments"),
        reason=check.text(reason, "reason", limit=check.MAX_SHORT_TEXT),
        request=request,
    )
    complaint._record(FeedbackRecorded, actor=actor, now=now, feedback=feedback)
    return feedback


def wants_review(complaint: Complaint) -> bool:
    """Whether the latest feedback asks for a review (the workflow opens it)."""
    return bool(complaint.feedback) and complaint.feedback[-1].request == "review"


def wants_follow_up(complaint: Complaint) -> bool:
    """Whether the latest feedback asks for a follow-up, or the customer is a key customer who is not satisfied."""
    if not complaint.feedback:
        return False
    latest = complaint.feedback[-1]
    unhappy = latest.satisfaction in ("dissatisfied", "basically_satisfied")
    return latest.request == "follow_up" or (complaint.complainant.key_customer and unhappy)


def log_communication(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    channel: str,
    direction: str,
    summary: str,
    counterpart: str = "customer",
    staff_id: str | None = None,
    at: pendulum.DateTime | None = None,
) -> Communication:
    """Log a contact with the customer (:class:`CommunicationLogged`).

    Args:
        complaint: the complaint.
        actor: who logs it.
        now: when it is logged.
        channel: a slug of ``COMMUNICATION_CHANNELS``.
        direction: ``inbound`` or ``outbound``.
        summary: what was said (personal data).
        counterpart: whom the bank dealt with.
        staff_id: the member of staff in contact, if not the actor.
        at: when the contact happened, if not ``now``.
    Returns:
        The log entry.
    Raises:
        InvalidOperationError: unknown channel or direction, blank summary, a future time.
    """
    actor = check.instance(actor, Actor, "actor")
    if staff_id is not None and not isinstance(staff_id, str):
        raise InvalidOperationError("staff_id", "must be text")
    communication = Communication(
        at=check.not_after(now if at is None else at, now, "at"),
        channel=COMMUNICATION_CHANNELS.check(channel, "channel"),
        direction=DIRECTIONS.check(direction, "direction"),
        staff_id=check.ident(actor.id if staff_id is None else staff_id, "staff_id"),
        counterpart=check.text(counterpart, "counterpart", limit=check.MAX_ID, required=True),
        summary=check.text(summary, "summary", required=True),
    )
    complaint._record(CommunicationLogged, actor=actor, now=now, communication=communication)
    return communication
