"""The default flow of a Chinese bank branch (DESIGN.md §1), as a :class:`~bankcomplaints.workflow.definition.Workflow`.

A complaint is received, registered (handler assigned, conflict check), accepted or declined
(with a reason and a notice to the submitter), triaged (consultations and suggestions take a fast
track to *answered* and closed), investigated, its liability determined and approved, resolved, the
decision notified, feedback sought, and closed with an outcome.
A customer may withdraw from any open state (the clocks stop, CBIRC Art. 15); a case may be taken to
mediation (the handling clock pauses, Art. 23) or referred out (regulator, court, arbitration); a
branch's decision may be reviewed (核查) by the superior institution within the window (Art. 20),
which upholds it or reopens the case; key customers are followed up after closing; closed cases are
archived once no review can be asked for.

    >>> from bankcomplaints.workflow.standard import STANDARD_WORKFLOW, ComplaintStatus
    >>> STANDARD_WORKFLOW.initial == ComplaintStatus.RECEIVED
    True
    >>> sorted(STANDARD_WORKFLOW.policy.roles_for("extend_deadline_further"))
    ['senior']
"""

from __future__ import annotations

import enum

from bankcomplaints.values import Money, Outcome
from bankcomplaints.workflow.definition import ALL_CLOCKS, ClockAction, Transition, Workflow
from bankcomplaints.workflow.roles import FourEyesRule, PermissionPolicy

__all__ = ["CN_REGIME", "STANDARD_POLICY", "STANDARD_WORKFLOW", "ComplaintStatus"]

#: The regime whose clocks the standard flow starts and stops.
CN_REGIME = "CN-CBIRC-2020"


class ComplaintStatus(enum.StrEnum):
    """The states of the standard flow (``Complaint.status`` is plain text, so bank flows may add others)."""

    RECEIVED = "received"
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    TRIAGED = "triaged"
    ANSWERED = "answered"
    INVESTIGATING = "investigating"
    LIABILITY_DETERMINED = "liability_determined"
    RESOLVING = "resolving"
    IN_MEDIATION = "in_mediation"
    DECISION_NOTIFIED = "decision_notified"
    AWAITING_FEEDBACK = "awaiting_feedback"
    CLOSED = "closed"
    UNDER_REVIEW = "under_review"
    FOLLOWING_UP = "following_up"
    ARCHIVED = "archived"


S = ComplaintStatus

#: The review window runs from the decision's delivery (CBIRC Art. 20).
_DELIVERED = "decision_notice.delivered_at"
#: Open states: the customer may withdraw from each of them.
_OPEN = (S.RECEIVED, S.REGISTERED, S.ACCEPTED, S.TRIAGED, S.ANSWERED, S.INVESTIGATING, S.LIABILITY_DETERMINED,
         S.RESOLVING, S.IN_MEDIATION, S.DECISION_NOTIFIED, S.AWAITING_FEEDBACK)
#: States a case may be referred out of, or extended in.
_HANDLING = (S.INVESTIGATING, S.LIABILITY_DETERMINED, S.RESOLVING)


def _clock(operation: str, clock: str, detail: str | None = None, regime: str = CN_REGIME) -> ClockAction:
    return ClockAction(operation=operation, regime=regime, clock=clock, detail=detail)


def _stop_all(reason: str) -> ClockAction:
    return ClockAction(operation="stop", regime=ALL_CLOCKS, clock=ALL_CLOCKS, detail=reason)


def _transitions() -> list[Transition]:
    t = Transition
    handling = "handling_decision"
    flow = [
        t(trigger="register", source=S.RECEIVED, target=S.REGISTERED, guards=("no_conflict_of_interest",),
          action="assign_handler", description="open the file and assign a handler with no interest (Art. 17)"),
        t(trigger="accept", source=S.REGISTERED, target=S.ACCEPTED, guards=("handler_assigned",),
          description="the handler contacts the customer and accepts the complaint"),
        t(trigger="decline", source=S.REGISTERED, target=S.CLOSED, guards=("reason_given", "submitter_told"),
          action="record_notice", outcome=Outcome.DECLINED, clocks=(_stop_all("declined"),),
          description="decline with a reason and tell the submitter (Art. 18 ¶4)"),
        t(trigger="triage", source=S.ACCEPTED, target=S.TRIAGED, cond="is_complaint", action="record_triage",
          clocks=(_clock("start", handling, "received_at"),),
          description="a complaint: the handling clock starts, counted from receipt (Art. 2, 18)"),
        t(trigger="triage", source=S.ACCEPTED, target=S.TRIAGED, cond="not_complaint", action="record_triage",
          description="a consultation, suggestion or other contact: no statutory clock"),
        t(trigger="answer", source=S.TRIAGED, target=S.ANSWERED, guards=("not_complaint",),
          description="fast track: answer a consultation or suggestion"),
        t(trigger="close", source=S.ANSWERED, target=S.CLOSED, outcome=Outcome.RESOLVED,
          description="close an answered consultation or suggestion"),
        t(trigger="investigate", source=S.TRIAGED, target=S.INVESTIGATING, guards=("is_complaint",),
          description="collect evidence, visit the site, interview the parties"),
        t(trigger="approve_liability", source=S.INVESTIGATING, target=S.LIABILITY_DETERMINED,
          guards=("has_findings", "liability_recorded"), action="approve_liability",
          description="a manager approves the liability determination"),
        t(trigger="plan_resolution", source=S.LIABILITY_DETERMINED, target=S.RESOLVING,
          action="record_resolution_plan",
          description="plan the resolution and redress (four eyes above the threshold)"),
        t(trigger="notify_decision", source=S.RESOLVING, target=S.DECISION_NOTIFIED,
          guards=("decision_complete",), action="record_decision_notice",
          clocks=(_clock("stop", handling, "met"), _clock("start", "review_request_window", _DELIVERED)),
          description="notify the decision with findings, basis and appeal routes (Art. 19, 21)"),
        t(trigger="notify_decision", source=S.LIABILITY_DETERMINED, target=S.DECISION_NOTIFIED,
          guards=("decision_complete",), action="record_decision_notice",
          clocks=(_clock("stop", handling, "met"), _clock("start", "review_request_window", _DELIVERED)),
          description="notify a decision that needs no resolution plan"),
        t(trigger="await_feedback", source=S.DECISION_NOTIFIED, target=S.AWAITING_FEEDBACK,
          description="ask the customer whether they are satisfied"),
        t(trigger="close", source=S.AWAITING_FEEDBACK, target=S.CLOSED, outcome=Outcome.RESOLVED,
          guards=("decision_notified", "feedback_attempted"),
          description="close once the decision is notified and feedback was sought"),
        t(trigger="refer_to_mediation", source=S.INVESTIGATING, target=S.IN_MEDIATION,
          guards=("customer_agreed",), clocks=(_clock("pause", handling, "mediation"),),
          description="mediation with the customer's agreement; the handling period pauses (Art. 23)"),
        t(trigger="end_mediation", source=S.IN_MEDIATION, target=S.RESOLVING, clocks=(_clock("resume", handling),),
          description="mediation ends; handling resumes"),
        t(trigger="request_review", source=S.CLOSED, target=S.UNDER_REVIEW, guards=("review_window_open",),
          clocks=(_clock("stop", "review_request_window", "met"), _clock("start", "review_decision")),
          description="the customer asks the superior institution to review a branch's decision (Art. 20)"),
        t(trigger="uphold_decision", source=S.UNDER_REVIEW, target=S.CLOSED,
          clocks=(_clock("stop", "review_decision", "met"),), description="the review upholds the decision"),
        t(trigger="overturn_decision", source=S.UNDER_REVIEW, target=S.INVESTIGATING, action="reopen",
          clocks=(_clock("stop", "review_decision", "met"), _clock("start", handling)),
          description="the review reopens the case for handling again"),
        t(trigger="start_follow_up", source=S.CLOSED, target=S.FOLLOWING_UP, guards=("follow_up_warranted",),
          description="keep following a key customer or a major case after closing"),
        t(trigger="end_follow_up", source=S.FOLLOWING_UP, target=S.CLOSED, description="follow-up complete"),
        t(trigger="archive", source=S.CLOSED, target=S.ARCHIVED, guards=("review_window_closed",),
          description="archive once no review can be requested"),
    ]
    for source in (S.LIABILITY_DETERMINED, S.RESOLVING):
        flow.append(t(trigger="refer_to_mediation", source=source, target=S.IN_MEDIATION,
                      guards=("customer_agreed",), clocks=(_clock("pause", handling, "mediation"),)))
    for source in (*_HANDLING, S.IN_MEDIATION, S.DECISION_NOTIFIED, S.AWAITING_FEEDBACK):
        flow.append(t(trigger="refer_out", source=source, target=S.CLOSED, outcome=Outcome.REFERRED,
                      guards=("referral_named",), clocks=(_stop_all("referred"),),
                      description="refer to a regulator, court, arbitration or mediation organisation"))
    for source in _HANDLING:
        flow.append(t(trigger="extend_deadline", source=source, target=source,
                      clocks=(_clock("extend", handling, "complex"),), description="complex case: 30 days"))
        flow.append(t(trigger="extend_deadline_further", source=source, target=source,
                      clocks=(_clock("extend", handling, "especially_complex"),),
                      description="especially complex case: 60 days, senior approval and a notice"))
    for source in _OPEN:
        flow.append(t(trigger="withdraw", source=source, target=S.CLOSED, outcome=Outcome.WITHDRAWN,
                      guards=("reason_given",), clocks=(_stop_all("withdrawn"),),
                      description="the customer withdraws; the procedure ends that day (Art. 15)"))
    flow.append(t(trigger="withdraw", source=S.UNDER_REVIEW, target=S.CLOSED, guards=("reason_given",),
                  clocks=(_stop_all("withdrawn"),), description="the customer withdraws the review request"))
    return flow


_STAFF = ("front_line", "specialist", "manager")
_HANDLERS = ("specialist", "manager")
_MANAGERS = ("manager", "senior")

#: Who may fire each trigger of the standard flow, with the four-eyes rule on redress [U: threshold].
STANDARD_POLICY = PermissionPolicy(
    roles={
        "register": _STAFF, "accept": _STAFF, "decline": _HANDLERS, "triage": (*_STAFF, "system"),
        "answer": ("front_line", "specialist"), "close": _HANDLERS, "investigate": _HANDLERS,
        "approve_liability": _MANAGERS, "plan_resolution": ("specialist", "manager", "senior"),
        "notify_decision": _HANDLERS, "await_feedback": ("front_line", "specialist", "system"),
        "refer_to_mediation": _MANAGERS, "end_mediation": _MANAGERS, "refer_out": _MANAGERS,
        "request_review": ("specialist", "manager", "senior"), "uphold_decision": ("senior",),
        "overturn_decision": ("senior",), "start_follow_up": _HANDLERS, "end_follow_up": _HANDLERS,
        "archive": ("manager", "system"), "extend_deadline": _HANDLERS, "extend_deadline_further": ("senior",),
        "withdraw": _STAFF,
    },
    four_eyes=(FourEyesRule(trigger="plan_resolution", threshold=Money("50000", "CNY")),),
)

#: The default Chinese branch flow.
STANDARD_WORKFLOW = Workflow(
    name="cn-branch-standard",
    version="2026.1",
    description="Chinese bank branch complaint handling under CBIRC Order 2020 No. 3",
    initial=S.RECEIVED,
    states=tuple(S),
    final={S.ARCHIVED},
    transitions=_transitions(),
    policy=STANDARD_POLICY,
    settings={
        "review_window_days": 30,
        "required_appeal_routes": ("review", "mediation", "arbitration", "litigation"),
        "referral_routes": ("mediation", "regulator", "court", "arbitration"),
        "reviewable_levels": ("branch", "sub_branch", "outlet"),
    },
)
