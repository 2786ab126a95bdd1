"""Refusal and failure change nothing: random workflow walks with random faults injected before each step.

Faults: a host listener raising inside the step (``after_transition``) or on a refusal (``permission_denied``),
a bank's guard raising, a bank's action raising after it recorded part of its work, and bad input
(an unknown trigger, a role the policy refuses, a naive or earlier ``now``, a reserved input name, a
non-Actor actor). After every failed attempt the complaint (``bc.unstructure``), its pending events and its
version must be exactly as before; then the valid step runs, so faults land in every stage of the flow.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pendulum
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints.testing import strategies as bcst
from bankcomplaints.testing.strategies import Operation, StageStep, TriggerStep
from bankcomplaints.workflow.engine import advance
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW


class HostFailure(RuntimeError):
    """What a host's own code raises in the middle of a step."""


class ExplodingListener:
    """A host listener that fails inside the step."""

    def after_transition(self, complaint: bc.Complaint, event_: bc.StatusChanged) -> None:
        raise HostFailure("audit sink unavailable")


class ExplodingSecurityLog:
    """A host listener that fails while being told of a refused permission."""

    def permission_denied(self, attempt: object) -> None:
        raise HostFailure("security log unavailable")


def _exploding_guard(complaint: bc.Complaint, step: Any) -> str | None:
    raise HostFailure("the bank's guard crashed")


def _half_done_action(complaint: bc.Complaint, step: Any) -> None:
    complaint.set_priority(bc.Priority.P1, actor=step.actor, now=step.now, reason="recorded before the crash")
    raise HostFailure("the bank's action crashed after recording part of its work")


_HOOKS = STANDARD_WORKFLOW.hooks
GUARD_CRASH = attrs.evolve(STANDARD_WORKFLOW, hooks=_HOOKS.extended(guards=dict.fromkeys(_HOOKS.guards,
                                                                                         _exploding_guard)))
ACTION_CRASH = attrs.evolve(STANDARD_WORKFLOW, hooks=_HOOKS.extended(actions=dict.fromkeys(_HOOKS.actions,
                                                                                           _half_done_action)))
FAULTS = ("listener", "security_log", "guard", "action", "unknown_trigger", "wrong_role", "naive_now",
          "earlier_now", "reserved_input", "not_an_actor", "bad_operation_input")


#: Faults injected, by kind and outcome; written to $ATOMICITY_REPORT (for docs/reliability.md) when set.
INJECTED: collections.Counter[str] = collections.Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_injected_faults() -> Iterator[None]:
    yield
    target = os.environ.get("ATOMICITY_REPORT")
    if target:
        Path(target).write_text(json.dumps(dict(sorted(INJECTED.items())), indent=1), encoding="utf-8")


def _state(complaint: bc.Complaint) -> tuple[Any, ...]:
    return bc.unstructure(complaint), complaint.pending_events, complaint.version, complaint.last_hash


def _next_now(complaint: bc.Complaint, after: int) -> Any:
    return (complaint.updated_at or complaint.received_at).add(seconds=after)


def _attempt(fault: str, complaint: bc.Complaint, step: TriggerStep | StageStep) -> None:
    """Try ``step`` with ``fault``; raises whatever the library or the host raised."""
    now = _next_now(complaint, step.after)
    if not isinstance(step, TriggerStep):  # a stage operation: only bad input
        complaint.set_priority("P1", actor=step.actor, now=now, reason="")  # type: ignore[arg-type]
        return
    inputs = dict(step.inputs)
    if fault == "listener":
        advance(complaint, step.trigger, actor=step.actor, now=now, listeners=[ExplodingListener()], **inputs)
    elif fault == "security_log":
        auditor = bc.Actor(id="AUD-1", role="auditor")
        advance(complaint, step.trigger, actor=auditor, now=now, listeners=[ExplodingSecurityLog()], **inputs)
    elif fault == "guard":
        advance(complaint, step.trigger, actor=step.actor, now=now, workflow=GUARD_CRASH, **inputs)
    elif fault == "action":
        advance(complaint, step.trigger, actor=step.actor, now=now, workflow=ACTION_CRASH, **inputs)
    elif fault == "unknown_trigger":
        advance(complaint, "teleport", actor=step.actor, now=now, **inputs)
    elif fault == "wrong_role":
        advance(complaint, step.trigger, actor=bc.Actor(id="X-1", role="auditor"), now=now, **inputs)
    elif fault == "naive_now":
        advance(complaint, step.trigger, actor=step.actor, now=datetime.datetime(2026, 1, 1, 9), **inputs)  # type: ignore[arg-type]
    elif fault == "earlier_now":
        advance(complaint, step.trigger, actor=step.actor, now=complaint.received_at.subtract(days=400), **inputs)
    elif fault == "reserved_input":
        advance(complaint, step.trigger, actor=step.actor, now=now, **{**inputs, "model": "x"})
    elif fault == "not_an_actor":
        advance(complaint, step.trigger, actor="S-001", now=now, **inputs)  # type: ignore[arg-type]
    else:
        complaint.set_priority("P1", actor=step.actor, now=now, reason="")  # type: ignore[arg-type]


def _apply(complaint: bc.Complaint, step: TriggerStep | StageStep | Operation) -> None:
    step.apply(complaint)


@given(bcst.received_complaints(2021, 2026), bcst.workflow_walks(), st.data())
def test_every_failed_operation_leaves_complaint_pending_events_and_version_unchanged(
    complaint: bc.Complaint, walk: list[TriggerStep | StageStep], data: st.DataObject
) -> None:
    if data.draw(st.booleans(), label="collect the intake event first"):
        complaint.collect_events()
    for step in walk:
        for fault in data.draw(st.lists(st.sampled_from(FAULTS), max_size=3), label="faults before this step"):
            before = _state(complaint)
            try:
                _attempt(fault, complaint, step)
            except (bc.ComplaintError, HostFailure) as failure:
                event(f"fault {fault}: {type(failure).__name__}")
                INJECTED[f"{fault}: {type(failure).__name__}"] += 1
                assert _state(complaint) == before, f"{fault} left a trace ({type(failure).__name__}: {failure})"
            else:  # the fault did not apply to this transition (no guard, no action): the step was taken
                event(f"fault {fault}: not applicable, step taken")
                INJECTED[f"{fault}: not applicable"] += 1
                break
        else:
            before = _state(complaint)
            try:
                _apply(complaint, step)
            except bc.ComplaintError as refused:  # the walk outran a deadline (e.g. extending a clock already due)
                event(f"walk step refused: {type(refused).__name__}")
                INJECTED[f"walk step refused: {type(refused).__name__}"] += 1
                assert _state(complaint) == before
                break
    if complaint.pending_events:
        assert complaint.version == complaint.pending_events[-1].seq
        assert complaint.last_hash == complaint.pending_events[-1].hash


@given(bcst.received_complaints(2021, 2026), bcst.operation_sequences(), st.data())
def test_operations_of_the_aggregate_refuse_without_a_trace(
    complaint: bc.Complaint, sequence: list[Operation], data: st.DataObject
) -> None:
    bad_inputs = [
        ("assign", {"handler": "H-1"}), ("assign", {"handler": None}),
        ("record_triage", {"kind": "complaint"}), ("record_triage", {"kind": bc.Kind.COMPLAINT, "risk_score": 101}),
        ("set_priority", {"priority": bc.Priority.P2, "reason": ""}), ("link", {"relation": "cousin", "other_id": "X"}),
        ("link", {"relation": "related", "other_id": complaint.id}),
    ]
    for operation in sequence:
        for name, arguments in data.draw(st.lists(st.sampled_from(bad_inputs), max_size=2), label="bad inputs"):
            before = _state(complaint)
            with pytest.raises(bc.ComplaintError) as refused:
                getattr(complaint, name)(actor=operation.actor, now=_next_now(complaint, 1), **arguments)
            INJECTED[f"{name} bad input: {type(refused.value).__name__}"] += 1
            assert _state(complaint) == before
        operation.apply(complaint)
    trail = complaint.collect_events()
    assert bc.verify_chain(trail).ok
    assert bc.Complaint.from_events(trail) == complaint


def _crashing_apply(self: bc.events.PriorityChanged, complaint: bc.Complaint) -> None:
    """An ``apply`` that breaks its contract: it changes the complaint, then raises."""
    complaint.priority = self.priority
    raise HostFailure("apply crashed half way")


def _received() -> bc.Complaint:
    now = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai")
    complaint = bc.Complaint.receive(id="C-1", actor=bc.Actor(id="S-1", role="front_line"), now=now,
                                     complainant=bc.CustomerRef(id="K-1", name="王芳"), salt="s")
    complaint.collect_events()
    return complaint


def test_a_failing_apply_changes_nothing_alone_or_inside_a_transaction() -> None:
    complaint = _received()
    actor, now = bc.Actor(id="S-1", role="specialist"), _next_now(complaint, 60)
    before = _state(complaint)
    with mock.patch.object(bc.events.PriorityChanged, "apply", _crashing_apply):
        with pytest.raises(HostFailure):
            complaint.set_priority(bc.Priority.P1, actor=actor, now=now, reason="urgent")
        assert _state(complaint) == before
        with pytest.raises(HostFailure), complaint._transaction():
            complaint.link("related", "C-2", actor=actor, now=now)
            complaint.set_priority(bc.Priority.P1, actor=actor, now=now, reason="urgent")
        assert _state(complaint) == before


def test_a_failing_apply_caught_inside_a_transaction_is_undone_and_raised_at_its_end() -> None:
    """Code inside a transaction that swallows the failure does not keep a half-applied event."""
    complaint = _received()
    actor, now = bc.Actor(id="S-1", role="specialist"), _next_now(complaint, 60)
    before = _state(complaint)
    with (mock.patch.object(bc.events.PriorityChanged, "apply", _crashing_apply),
          pytest.raises(HostFailure, match="half way"), complaint._transaction()):
        complaint.link("related", "C-2", actor=actor, now=now)
        with contextlib.suppress(HostFailure):
            complaint.set_priority(bc.Priority.P1, actor=actor, now=now, reason="urgent")
        assert complaint.priority is bc.Priority.P1  # half applied, until the transaction ends
    assert _state(complaint) == before
    complaint.set_priority(bc.Priority.P2, actor=actor, now=now, reason="again, with a working apply")
    assert complaint.priority is bc.Priority.P2 and complaint._open is None
