"""A bank's own flow in YAML (a quality-check state, no fast track) works end to end, on both engines."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

import bankcomplaints as bc
from bankcomplaints import liability as lb
from bankcomplaints.workflow import engine, machine
from bankcomplaints.workflow.definition import Step, load_workflow, standard_hooks
from tests.workflow.helpers import ACTORS, HANDLER_REF, at, decision_notice, snapshot

BANK_FLOW = """
name: example-bank
version: "2026-10"
initial: received
states: [received, registered, investigating, resolving, quality_check, decision_notified, closed, archived]
final: [archived]
settings:
  review_window_days: 30
  required_appeal_routes: [review, mediation, arbitration, litigation]
roles:
  register: [front_line, specialist]
  triage: [specialist]
  resolve: [specialist]
  check_quality: [manager]
  notify_decision: [specialist]
  close: [specialist, manager]
  withdraw: [front_line, specialist]
  archive: [system]
transitions:
  - {trigger: register, source: received, target: registered, guards: [no_conflict_of_interest],
     action: assign_handler}
  - trigger: triage
    source: registered
    target: investigating
    guards: [is_complaint]
    action: record_triage
    clocks: [[start, CN-CBIRC-2020, handling_decision]]
  - {trigger: resolve, source: investigating, target: resolving, guards: [has_findings],
     action: record_resolution_plan}
  - {trigger: check_quality, source: resolving, target: quality_check, guards: [quality_signed_off]}
  - trigger: notify_decision
    source: quality_check
    target: decision_notified
    guards: [decision_complete]
    action: record_decision_notice
    clocks: [[stop, CN-CBIRC-2020, handling_decision, met]]
  - {trigger: close, source: decision_notified, target: closed, outcome: resolved, guards: [decision_notified]}
  - trigger: withdraw
    source: [received, registered, investigating, resolving, quality_check]
    target: closed
    outcome: withdrawn
    guards: [reason_given]
    clocks: [[stop, "*", "*", withdrawn]]
  - {trigger: archive, source: closed, target: archived, guards: [review_window_closed]}
"""


def quality_signed_off(complaint: bc.Complaint, step: Step) -> str | None:
    """The bank's own guard: the quality checklist is complete."""
    return None if step.inputs.get("checklist_complete") is True else "quality checklist not complete"


HOOKS = standard_hooks().extended(guards={"quality_signed_off": quality_signed_off})
BANK = load_workflow(BANK_FLOW, hooks=HOOKS)


def bank_complaint() -> bc.Complaint:
    return bc.Complaint.receive(id="EB-1", actor=ACTORS["front_line"], now=at(0), workflow="example-bank",
                                complainant=bc.CustomerRef(id="K-1", name="陈"), salt="s",
                                branch=bc.BranchRef(code="SH-02", level="sub_branch"))


def finding(complaint: bc.Complaint, hour: int) -> None:
    actor = ACTORS["specialist"]
    lb.collect_evidence(complaint, actor=actor, now=at(hour), id="E1", kind="recording", source="counter camera",
                        description="video", collected_by=HANDLER_REF, sha256=hashlib.sha256(b"v").hexdigest())
    lb.record_finding(complaint, actor=actor, now=at(hour), id="F1", statement="the teller was rude",
                      established=True, evidence_ids=["E1"])


PATH: list[tuple[str, str, dict[str, Any]]] = [
    ("register", "front_line", {"handler": HANDLER_REF, "no_conflict_declared": True}),
    ("triage", "specialist", {"kind": bc.Kind.COMPLAINT}),
    ("resolve", "specialist", {"summary": "apologise and retrain"}),
    ("check_quality", "manager", {"checklist_complete": True}),
    ("notify_decision", "specialist", {}),
    ("close", "manager", {}),
]


def drive(complaint: bc.Complaint, fire: Any) -> None:
    for hour, (trigger, role, given) in enumerate(PATH, start=1):
        if trigger == "resolve":
            finding(complaint, hour)
        notice = {"notice": decision_notice(at(hour), reasons="the teller was rude")}
        fire(complaint, trigger, ACTORS[role], at(hour), notice if trigger == "notify_decision" else given)
    fire(complaint, "archive", ACTORS["system"], at(len(PATH)).add(days=32), {})


def test_the_bank_flow_runs_end_to_end_through_advance() -> None:
    complaint = bank_complaint()
    drive(complaint, lambda c, trigger, actor, now, inputs: engine.advance(
        c, trigger, actor=actor, now=now, workflow=BANK, **inputs))
    assert complaint.status == "archived" and complaint.outcome is bc.Outcome.RESOLVED
    triggers = [e.trigger for e in complaint.pending_events if isinstance(e, bc.StatusChanged)]
    assert triggers == [trigger for trigger, _, _ in PATH] + ["archive"]
    assert bc.verify_chain(complaint.collect_events()).ok


def test_the_same_flow_runs_on_its_python_statemachine_class() -> None:
    fast, slow = bank_complaint(), bank_complaint()
    drive(fast, lambda c, trigger, actor, now, inputs: engine.advance(
        c, trigger, actor=actor, now=now, workflow=BANK, **inputs))
    chart = machine.machine_for(slow, BANK)
    drive(slow, lambda c, trigger, actor, now, inputs: machine.send(chart, trigger, actor=actor, now=now, **inputs))
    assert snapshot(fast) == snapshot(slow)


def test_the_fast_track_is_gone_and_the_new_state_has_its_guard() -> None:
    complaint = bank_complaint()
    engine.advance(complaint, "register", actor=ACTORS["front_line"], now=at(1), workflow=BANK,
                   handler=HANDLER_REF, no_conflict_declared=True)
    with pytest.raises(bc.GuardRejectedError) as error:
        engine.advance(complaint, "triage", actor=ACTORS["specialist"], now=at(2), workflow=BANK,
                       kind=bc.Kind.CONSULTATION)
    assert error.value.rule == "is_complaint"
    with pytest.raises(bc.InvalidTransitionError):
        engine.advance(complaint, "answer", actor=ACTORS["specialist"], now=at(2), workflow=BANK)
    engine.advance(complaint, "triage", actor=ACTORS["specialist"], now=at(2), workflow=BANK, kind=bc.Kind.COMPLAINT)
    finding(complaint, 3)
    engine.advance(complaint, "resolve", actor=ACTORS["specialist"], now=at(3), workflow=BANK, summary="fix")
    with pytest.raises(bc.GuardRejectedError) as error:
        engine.advance(complaint, "check_quality", actor=ACTORS["manager"], now=at(4), workflow=BANK)
    assert error.value.rule == "quality_signed_off"
    with pytest.raises(bc.PermissionDeniedError):
        engine.advance(complaint, "check_quality", actor=ACTORS["specialist"], now=at(4), workflow=BANK,
                       checklist_complete=True)


def test_a_bank_flow_naming_its_guard_needs_its_hooks() -> None:
    with pytest.raises(bc.WorkflowDefinitionError) as error:
        load_workflow(BANK_FLOW)
    assert "quality_signed_off" in error.value.message


def test_the_diagram_shows_the_bank_state() -> None:
    assert "    resolving --> quality_check : check_quality [quality_signed_off]" in machine.mermaid(BANK).splitlines()
