"""Put a complaint in any state of the standard flow, with the inputs each transition needs to pass its guards."""

from __future__ import annotations

from typing import Any

import pendulum

import bankcomplaints as bc
from bankcomplaints import liability as lb
from bankcomplaints.workflow import engine
from bankcomplaints.workflow.deadlines import Approval, ClockNotice
from bankcomplaints.workflow.definition import Transition
from tests.workflow.helpers import (
    ACTORS,
    HANDLER_REF,
    at,
    decision_notice,
    give_feedback,
    received,
    record_findings,
    walk,
)

_CONSULTATION_PATH = (
    ("register", "front_line", {"handler": HANDLER_REF, "no_conflict_declared": True}),
    ("accept", "front_line", {}),
    ("triage", "front_line", {"kind": bc.Kind.CONSULTATION}),
    ("answer", "front_line", {}),
)


def _consultation(until: str) -> tuple[bc.Complaint, int]:
    complaint = received()
    hour = 1
    for trigger, role, inputs in _CONSULTATION_PATH:
        if complaint.status == until:
            break
        engine.advance(complaint, trigger, actor=ACTORS[role], now=at(hour), **inputs)
        hour += 1
    assert complaint.status == until
    return complaint, hour


def reach(state: str, *, consultation: bool = False) -> tuple[bc.Complaint, int]:
    """A complaint in ``state`` and the next free hour."""
    if consultation or state == "answered":
        return _consultation(state)
    if state == "in_mediation":
        complaint = received()
        hour = walk(complaint, "investigating")
        engine.advance(complaint, "refer_to_mediation", actor=ACTORS["manager"], now=at(hour), customer_agreed=True)
        return complaint, hour + 1
    if state in ("under_review", "following_up"):
        complaint, hour = reach("closed")
        trigger, inputs = ("request_review", {}) if state == "under_review" else ("start_follow_up", {"reason": "VIP"})
        engine.advance(complaint, trigger, actor=ACTORS["manager"], now=at(hour), **inputs)
        return complaint, hour + 1
    complaint = received()
    return complaint, walk(complaint, state)


def extension_approval(now: pendulum.DateTime) -> dict[str, Any]:
    """The approval and the notice the 60-day extension needs (CBIRC Art. 18 ¶1)."""
    return {
        "approvals": [Approval(key="superior_approval", approver_role="head_office_senior_manager",
                               approver_id="HO-7", approved_at=now)],
        "notices": [ClockNotice(key="complainant", channel="sms", sent_at=now)],
    }


def _notice(now: pendulum.DateTime) -> lb.Notice:
    return lb.Notice(id="N-1", kind="decline", summary="not made by the customer or their agent", channel="sms",
                     delivered_at=now, proof="SMS-1")


def _inputs(transition: Transition, complaint: bc.Complaint, now: pendulum.DateTime) -> dict[str, Any]:
    trigger = transition.trigger
    if trigger == "register":
        return {"handler": HANDLER_REF, "no_conflict_declared": True}
    if trigger == "decline":
        return {"reason": "submitted by a stranger (Art. 18 ¶4)", "notice": _notice(now)}
    if trigger == "triage":
        return {"kind": bc.Kind.COMPLAINT if transition.cond == "is_complaint" else bc.Kind.SUGGESTION}
    if trigger == "approve_liability":
        record_findings(complaint, now)
    if trigger == "close" and transition.source == "awaiting_feedback":
        give_feedback(complaint, now)
    if trigger == "extend_deadline_further":
        engine.advance(complaint, "extend_deadline", actor=ACTORS["specialist"], now=now)
        return extension_approval(now)
    if trigger == "notify_decision":
        return {"notice": decision_notice(now)}
    if trigger == "plan_resolution":
        return {"summary": "return the card"}
    if trigger == "refer_to_mediation":
        return {"customer_agreed": True}
    if trigger == "refer_out":
        return {"referred_to": "court", "reason": "the customer sued"}
    if trigger in ("withdraw", "start_follow_up"):
        return {"reason": "the customer asked"}
    return {}


def prepared(transition: Transition) -> tuple[bc.Complaint, dict[str, Any], pendulum.DateTime]:
    """A complaint in the transition's source state, the inputs that satisfy its guards, and the time to fire."""
    consultation = "not_complaint" in (transition.cond, *transition.guards)
    complaint, hour = reach(transition.source, consultation=consultation)
    now = at(hour)
    if transition.trigger == "archive":
        now = now.add(days=40)
    return complaint, _inputs(transition, complaint, now), now
