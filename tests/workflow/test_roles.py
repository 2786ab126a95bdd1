"""The permission policy: tiers, four eyes, training records, denied attempts, listeners, allowed triggers."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest

import bankcomplaints as bc
from bankcomplaints.workflow import engine
from bankcomplaints.workflow.clocks import find_clock
from bankcomplaints.workflow.roles import DeniedAttempt, FourEyesRule, four_eyes_conflict
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW
from tests.workflow.helpers import ACTORS, HANDLER_REF, ROLES, at, received, record_findings, snapshot, walk
from tests.workflow.reach import extension_approval


def determined_by_specialist() -> tuple[bc.Complaint, int]:
    complaint = received()
    hour = walk(complaint, "investigating")
    record_findings(complaint, at(hour))  # determined by ACTORS["specialist"]
    engine.advance(complaint, "approve_liability", actor=ACTORS["manager"], now=at(hour + 1))
    return complaint, hour + 2


def test_who_determined_liability_may_not_approve_large_redress() -> None:
    complaint, hour = determined_by_specialist()
    before = snapshot(complaint)
    large = bc.Money("60000", "CNY")
    with pytest.raises(bc.PermissionDeniedError) as error:
        engine.advance(complaint, "plan_resolution", actor=ACTORS["specialist"], now=at(hour), redress=large)
    assert "four eyes" in error.value.reason and error.value.actor_id == ACTORS["specialist"].id
    assert snapshot(complaint) == before
    engine.advance(complaint, "plan_resolution", actor=ACTORS["manager"], now=at(hour), redress=large)
    assert complaint.status == "resolving"


def test_small_redress_needs_no_second_person() -> None:
    complaint, hour = determined_by_specialist()
    engine.advance(complaint, "plan_resolution", actor=ACTORS["specialist"], now=at(hour),
                   redress=bc.Money("50000", "CNY"))
    assert complaint.status == "resolving"


def test_four_eyes_helper_for_other_operations() -> None:
    complaint, _ = determined_by_specialist()
    rule = FourEyesRule(trigger="approve_redress", threshold=bc.Money("1000", "CNY"))
    assert four_eyes_conflict(rule, complaint, ACTORS["specialist"], bc.Money("1000.01", "CNY")) is not None
    assert four_eyes_conflict(rule, complaint, ACTORS["manager"], bc.Money("1000.01", "CNY")) is None
    assert four_eyes_conflict(rule, complaint, ACTORS["specialist"], bc.Money("1000", "CNY")) is None


def test_only_senior_approves_the_second_extension() -> None:
    assert STANDARD_WORKFLOW.policy.roles_for("extend_deadline_further") == frozenset({"senior"})
    complaint = received()
    hour = walk(complaint, "investigating")
    with pytest.raises(bc.PermissionDeniedError):
        engine.advance(complaint, "extend_deadline_further", actor=ACTORS["manager"], now=at(hour))
    with pytest.raises(bc.ExtensionRefusedError) as error:
        engine.advance(complaint, "extend_deadline_further", actor=ACTORS["senior"], now=at(hour))
    assert "approval superior_approval" in str(error.value)
    engine.advance(complaint, "extend_deadline", actor=ACTORS["specialist"], now=at(hour))
    engine.advance(complaint, "extend_deadline_further", actor=ACTORS["senior"], now=at(hour),
                   **extension_approval(at(hour)))
    clock = find_clock(complaint, "CN-CBIRC-2020", "handling_decision")
    assert [extension.name for extension in clock.extensions] == ["complex", "especially_complex"]


TRAINED_POLICY = attrs.evolve(STANDARD_WORKFLOW.policy, training_required=frozenset({"register"}))
TRAINED = attrs.evolve(STANDARD_WORKFLOW, policy=TRAINED_POLICY)


@pytest.mark.parametrize(("trained_until", "passes"), [(None, False), (datetime.date(2026, 10, 8), False),
                                                       (datetime.date(2026, 10, 9), True)])
def test_a_bank_may_require_a_current_training_record(trained_until: datetime.date | None, passes: bool) -> None:
    complaint = received()
    handler = attrs.evolve(HANDLER_REF, trained_until=trained_until)
    inputs: dict[str, Any] = {"handler": handler, "no_conflict_declared": True}
    if passes:
        engine.advance(complaint, "register", actor=ACTORS["front_line"], now=at(1), workflow=TRAINED, **inputs)
        assert complaint.assignee == handler
    else:
        before = snapshot(complaint)
        with pytest.raises(bc.PermissionDeniedError) as error:
            engine.advance(complaint, "register", actor=ACTORS["front_line"], now=at(1), workflow=TRAINED, **inputs)
        assert "training" in error.value.reason and snapshot(complaint) == before


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.denied: list[DeniedAttempt] = []
        self.seen: list[str] = []
        self.fail = fail

    def permission_denied(self, attempt: DeniedAttempt) -> None:
        self.denied.append(attempt)

    def after_transition(self, complaint: bc.Complaint, event: bc.StatusChanged) -> None:
        self.seen.append(event.trigger)
        if self.fail:
            raise RuntimeError("audit store down")


def test_denied_attempts_reach_the_host_as_values() -> None:
    complaint = received()
    recorder = Recorder()
    with pytest.raises(bc.PermissionDeniedError):
        engine.advance(complaint, "register", actor=ACTORS["auditor"], now=at(1), listeners=[recorder],
                       handler=HANDLER_REF, no_conflict_declared=True)
    (attempt,) = recorder.denied
    assert (attempt.actor, attempt.trigger, attempt.complaint_id, attempt.at) == (
        ACTORS["auditor"], "register", complaint.id, at(1))
    assert recorder.seen == []


def test_a_failing_listener_undoes_the_whole_step() -> None:
    complaint = received()
    before = snapshot(complaint)
    with pytest.raises(RuntimeError):
        engine.advance(complaint, "register", actor=ACTORS["front_line"], now=at(1), listeners=[Recorder(fail=True)],
                       handler=HANDLER_REF, no_conflict_declared=True)
    assert snapshot(complaint) == before and complaint.assignee is None
    recorder = Recorder()
    engine.advance(complaint, "register", actor=ACTORS["front_line"], now=at(1), listeners=[recorder],
                   handler=HANDLER_REF, no_conflict_declared=True)
    assert recorder.seen == ["register"]


def test_allowed_triggers_follow_the_policy_and_the_state() -> None:
    complaint = received()
    walk(complaint, "investigating")
    for role in ROLES:
        allowed = engine.allowed_triggers(complaint, ACTORS[role])
        expected = {t.trigger for t in STANDARD_WORKFLOW.transitions
                    if t.source == "investigating" and role in STANDARD_WORKFLOW.policy.roles_for(t.trigger)}
        assert set(allowed) == expected
    assert engine.allowed_triggers(complaint, ACTORS["auditor"]) == ()
    assert "approve_liability" in engine.allowed_triggers(complaint, ACTORS["manager"])


def test_a_complaint_of_another_workflow_is_refused() -> None:
    complaint = received(workflow="other-bank")
    with pytest.raises(bc.InvalidOperationError) as error:
        engine.advance(complaint, "register", actor=ACTORS["front_line"], now=at(1), handler=HANDLER_REF,
                       no_conflict_declared=True)
    assert error.value.field == "workflow"
    assert engine.allowed_triggers(complaint, ACTORS["front_line"]) == ()


def test_bad_actor_and_reserved_inputs_are_refused() -> None:
    complaint = received()
    with pytest.raises(bc.InvalidOperationError):
        engine.advance(complaint, "accept", actor="S-1", now=at(1))  # type: ignore[arg-type]
    with pytest.raises(bc.InvalidOperationError) as error:
        engine.advance(complaint, "withdraw", actor=ACTORS["front_line"], now=at(1), reason="x", target="closed")
    assert error.value.field == "target"
