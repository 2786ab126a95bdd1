"""Properties: ``advance`` and the python-statemachine class agree on every sequence; refusals change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints import liability as lb
from bankcomplaints.workflow import engine, machine
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW
from tests.workflow.helpers import (
    ACTORS,
    HANDLER_REF,
    ROLES,
    START,
    TELLER_REF,
    decision_notice,
    give_feedback,
    received,
    record_findings,
    snapshot,
)

Inputs = Callable[[pendulum.DateTime], dict[str, Any]]


def _decline_notice(now: pendulum.DateTime) -> lb.Notice:
    return lb.Notice(id="N-1", kind="decline", summary="stranger", channel="sms", delivered_at=now, proof="P")


def _triage(kind: bc.Kind) -> Inputs:
    return lambda now: {"kind": kind}


REASON: list[Inputs] = [lambda now: {}, lambda now: {"reason": "the customer asked"}]
#: Inputs per trigger; the first entry of each list passes the trigger's guards.
MENU: dict[str, list[Inputs]] = {
    "register": [lambda now: {"handler": HANDLER_REF, "no_conflict_declared": True},
                 lambda now: {"handler": TELLER_REF, "no_conflict_declared": True},
                 lambda now: {"handler": HANDLER_REF}, lambda now: {}],
    "decline": [lambda now: {"reason": "stranger", "notice": _decline_notice(now)}, *REASON],
    "triage": [*[_triage(kind) for kind in bc.Kind], lambda now: {}],
    "notify_decision": [lambda now: {"notice": decision_notice(now)},
                        lambda now: {"notice": decision_notice(now, appeal_routes=("review",))},
                        lambda now: {"notice": decision_notice(now, findings=("F-none",))}, lambda now: {}],
    "plan_resolution": [lambda now: {"summary": "return the card"},
                        lambda now: {"summary": "refund", "redress": bc.Money("80000", "CNY")}, lambda now: {}],
    "refer_to_mediation": [lambda now: {"customer_agreed": True}, lambda now: {}],
    "refer_out": [lambda now: {"referred_to": "court", "reason": "sued"},
                  lambda now: {"referred_to": "press", "reason": "x"}],
}
TRIGGERS = (*STANDARD_WORKFLOW.triggers, "no_such_trigger")
OPERATIONS: dict[str, Callable[[bc.Complaint, pendulum.DateTime], None]] = {
    "findings": record_findings, "feedback": give_feedback,
}

#: Triggers that end a case early; drawn less often so that sequences also reach the later stages.
ENDINGS = frozenset({"withdraw", "decline", "refer_out"})
#: The liability operation a handler would perform in a state before moving on.
FITTING_OPERATION = {"investigating": "findings", "awaiting_feedback": "feedback"}


@st.composite
def move(draw: st.DrawFn, status: str) -> tuple[Any, ...]:
    """A next move, mostly one the flow offers from ``status`` by a role that may make it, sometimes anything."""
    gap = draw(st.sampled_from((1, 24, 24 * 20)))
    fitting = FITTING_OPERATION.get(status)
    if fitting is not None and draw(st.integers(0, 2)) == 0:
        return ("op", fitting, gap)
    if draw(st.integers(0, 9)) == 0:
        return ("op", draw(st.sampled_from(sorted(OPERATIONS))), gap)
    offered = engine.compile_workflow(STANDARD_WORKFLOW).triggers_from[status]
    forward = [trigger for trigger in offered if trigger not in ENDINGS]
    choice = draw(st.integers(0, 9))
    pool = forward if forward and choice < 7 else offered if offered and choice < 9 else TRIGGERS
    trigger = draw(st.sampled_from(pool))
    roles = sorted(STANDARD_WORKFLOW.policy.roles_for(trigger))
    role = draw(st.sampled_from(roles if roles and draw(st.integers(0, 3)) else ROLES))
    menu = MENU.get(trigger, REASON)
    inputs = menu[0] if trigger in MENU and draw(st.booleans()) else draw(st.sampled_from(menu))
    return ("fire", trigger, role, inputs, gap)


def outcome(run: Callable[..., object], *args: Any, **kwargs: Any) -> tuple[str, str]:
    """("ok", "") or the refusal's class name and message."""
    try:
        run(*args, **kwargs)
    except bc.ComplaintError as error:
        return type(error).__name__, str(error)
    return "ok", ""


@given(data=st.data(), length=st.integers(0, 40))
def test_advance_and_python_statemachine_agree(data: st.DataObject, length: int) -> None:
    fast, slow = received(), received()
    chart = machine.machine_for(slow, STANDARD_WORKFLOW)
    now = START
    for _ in range(length):
        step = data.draw(move(fast.status))
        now = now.add(hours=step[-1])
        if step[0] == "op":
            operation = OPERATIONS[step[1]]
            results = [outcome(operation, c, now) for c in (fast, slow)]
        else:
            _, trigger, role, inputs, _ = step
            actor = ACTORS[role]
            results = [
                outcome(engine.advance, fast, trigger, actor=actor, now=now, **inputs(now)),
                outcome(machine.send, chart, trigger, actor=actor, now=now, **inputs(now)),
            ]
        assert results[0] == results[1], step
        assert fast.status == slow.status == chart.current_state_value
        assert snapshot(fast) == snapshot(slow)


@given(data=st.data(), length=st.integers(0, 40))
def test_a_refused_step_leaves_the_complaint_exactly_as_before(data: st.DataObject, length: int) -> None:
    complaint = received()
    now = START
    for _ in range(length):
        step = data.draw(move(complaint.status))
        now = now.add(hours=step[-1])
        if step[0] == "op":
            outcome(OPERATIONS[step[1]], complaint, now)
            continue
        _, trigger, role, inputs, _ = step
        before = snapshot(complaint)
        version = complaint.version
        result = outcome(engine.advance, complaint, trigger, actor=ACTORS[role], now=now, **inputs(now))
        if result[0] == "ok":
            assert complaint.version > version
            changes = [e for e in complaint.pending_events if isinstance(e, bc.StatusChanged) and e.seq > version]
            assert [e.trigger for e in changes] == [trigger]
        else:
            assert snapshot(complaint) == before
