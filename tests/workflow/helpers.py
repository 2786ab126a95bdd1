"""Complaints taken through the standard flow with the public API, and the refusal snapshot."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pendulum

import bankcomplaints as bc
from bankcomplaints import liability as lb
from bankcomplaints.workflow import engine

START = pendulum.datetime(2026, 10, 9, 9, tz="Asia/Shanghai")
BRANCH = bc.BranchRef(code="BJ-01", name="北京分行营业部", level="branch")
HANDLER_REF = bc.StaffRef(id="S-017", name="李娜", role="specialist", branch="BJ-01")
TELLER_REF = bc.StaffRef(id="S-031", name="张伟", role="front_line", branch="BJ-01")
ROLES = ("front_line", "specialist", "manager", "senior", "auditor", "system")
#: One actor per role; ids differ so four-eyes rules can tell them apart.
ACTORS = {role: bc.Actor(id=f"{role.upper()}-1", role=role, branch="BJ-01") for role in ROLES}


def at(hours: float) -> pendulum.DateTime:
    """``hours`` after the start of the case."""
    return START.add(minutes=int(hours * 60))


def received(key_customer: bool = False, id: str = "C-1", workflow: str = "cn-branch-standard") -> bc.Complaint:
    """A complaint just received at the counter, about teller S-031 (its first event still pending)."""
    return bc.Complaint.receive(
        id=id, actor=ACTORS["front_line"], now=START, branch=BRANCH, staff_complained=[TELLER_REF],
        complainant=bc.CustomerRef(id="K-9", name="王芳", key_customer=key_customer),
        narrative="ATM吞卡后柜员拒绝当日退卡", amount=bc.Money("3000", "CNY"), salt="s", workflow=workflow,
    )


def record_findings(complaint: bc.Complaint, now: pendulum.DateTime) -> None:
    """Evidence, one established finding and a liability determination, through the liability operations."""
    actor = ACTORS["specialist"]
    lb.collect_evidence(complaint, actor=actor, now=now, id="E1", kind="transaction_record", source="core banking",
                        description="ATM log shows the card retained", collected_by=HANDLER_REF,
                        sha256=hashlib.sha256(b"log").hexdigest())
    lb.record_finding(complaint, actor=actor, now=now, id="F1", statement="the ATM retained the card",
                      established=True, evidence_ids=["E1"])
    lb.determine_liability(
        complaint, actor=actor, now=now, root_cause="system", reasons="the ATM failed",
        parties=[lb.ResponsibleParty(kind="branch", ref="BJ-01", share=Decimal(100), finding_ids=("F1",))],
    )


def decision_notice(now: pendulum.DateTime, **changes: Any) -> lb.DecisionNotice:
    """A complete decision notice delivered by SMS at ``now``."""
    fields: dict[str, Any] = {
        "findings": ("F1",), "basis": "《银行卡业务管理办法》", "reasons": "the ATM failed", "outcome": "upheld",
        "channel": "sms", "delivered_at": now, "proof": "SMS-778",
    }
    return lb.DecisionNotice(**{**fields, **changes})


#: The happy path to closing: (trigger, role, inputs at time t, preparation before the step).
Step = tuple[str, str, Callable[[pendulum.DateTime], dict[str, Any]], Callable[[bc.Complaint, pendulum.DateTime],
                                                                             None] | None]


def give_feedback(complaint: bc.Complaint, now: pendulum.DateTime) -> None:
    lb.record_feedback(complaint, actor=ACTORS["front_line"], now=now, satisfaction="satisfied", channel="phone")


HAPPY_PATH: tuple[Step, ...] = (
    ("register", "front_line", lambda now: {"handler": HANDLER_REF, "no_conflict_declared": True}, None),
    ("accept", "specialist", lambda now: {}, None),
    ("triage", "specialist", lambda now: {"kind": bc.Kind.COMPLAINT}, None),
    ("investigate", "specialist", lambda now: {}, None),
    ("approve_liability", "manager", lambda now: {"reason": "agreed"}, record_findings),
    ("plan_resolution", "specialist", lambda now: {"summary": "return the card and apologise"}, None),
    ("notify_decision", "specialist", lambda now: {"notice": decision_notice(now)}, None),
    ("await_feedback", "front_line", lambda now: {}, None),
    ("close", "specialist", lambda now: {}, give_feedback),
)


def walk(complaint: bc.Complaint, until: str, *, start_hour: int = 1) -> int:
    """Take ``complaint`` along the happy path until it is in state ``until``; returns the next free hour."""
    hour = start_hour
    for trigger, role, inputs, prepare in HAPPY_PATH:
        if complaint.status == until:
            break
        if prepare is not None:
            prepare(complaint, at(hour))
        engine.advance(complaint, trigger, actor=ACTORS[role], now=at(hour), **inputs(at(hour)))
        hour += 1
    assert complaint.status == until, complaint.status
    return hour


def snapshot(complaint: bc.Complaint) -> tuple[Any, tuple[bc.ComplaintEvent, ...]]:
    """Everything a refusal must leave as it was: the complaint's data (with version) and its pending events."""
    return bc.unstructure(complaint), complaint.pending_events
