"""The demo host's clock runner: the workflow's clock actions, carried out as clock events on the complaint.

A :class:`~bankcomplaints.workflow.definition.Workflow` names the clock actions of each transition
(start, stop, pause, resume, extend) as data; a host that wants them run inside the transition's
atomic step gives the workflow a ``clock_runner``. This one performs each action through
:mod:`bankcomplaints.workflow.clocks`, so every start, pause, extension and stop is an event in the
complaint's hash-chained trail and ``complaint.clocks`` holds the deadlines:

* ``start`` starts the regime's rule; the handling clock counts from receipt (CBIRC Art. 18:
  自收到消费投诉之日起), every other clock from the step;
* ``extend`` grants the extension named by the action, with the ``approvals`` and ``notices`` inputs
  of the step (the especially complex extension needs the superior institution's approval and a
  notice to the complainant);
* ``stop`` on every clock (``*``) stops the open ones with the action's reason (withdrawal, decline,
  referral); a ``stop`` or ``resume`` of a clock that is not open is skipped (a decision notified
  again after a review has no handling clock left to stop).

    >>> from bankcomplaints.demo.clocks import with_clock_runner
    >>> from bankcomplaints.workflow.standard import STANDARD_WORKFLOW
    >>> with_clock_runner(STANDARD_WORKFLOW).hooks.clock_runner is not None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints.values import Actor
from bankcomplaints.workflow import clocks
from bankcomplaints.workflow.deadlines import Approval, ClockNotice
from bankcomplaints.workflow.definition import ALL_CLOCKS, ClockAction, Hooks, Step, Workflow

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = ["FROM_RECEIPT", "run_clock", "start_forwarding_clock", "with_clock_runner"]

#: Clocks that count from the receipt of the complaint rather than from the transition that starts them.
FROM_RECEIPT = ("handling_decision",)


def _open(complaint: Complaint, regime: str, clock: str) -> bool:
    return any(c.id == f"{regime}:{clock}" for c in clocks.open_clocks(complaint))


def _sequence(value: object) -> Sequence[object]:
    return value if isinstance(value, list | tuple) else ()


def run_clock(complaint: Complaint, action: ClockAction, step: Step) -> None:
    """Carry out one clock action of a transition on ``complaint`` (see the module notes).

    Args:
        complaint: the complaint, inside the transition's atomic step.
        action: the transition's clock action.
        step: the step (its ``now``, ``actor`` and the ``approvals``/``notices``/``reason`` inputs are read).
    Raises:
        DeadlineError: a clock refused (already open, already due, pause reason not allowed...).
        ExtensionRefusedError: an extension lacks an approval or a notice.
        RegimeError: the regime or rule is unknown or not in force.
    """
    actor, now = step.actor, step.now
    if action.operation == "stop" and action.clock == ALL_CLOCKS:
        for clock in clocks.open_clocks(complaint):
            regime, _, name = clock.id.partition(":")
            clocks.stop_clock(complaint, regime=regime, clock=name, actor=actor, now=now,
                              reason=action.detail or "stopped")
        return
    regime, name = action.regime, action.clock
    if action.operation == "start":
        start = complaint.received_at if name in FROM_RECEIPT else now
        clocks.start_clock(complaint, regime=regime, clock=name, actor=actor, now=now, start=start)
    elif action.operation == "extend":
        approvals = [a for a in _sequence(step.inputs.get("approvals")) if isinstance(a, Approval)]
        notices = [n for n in _sequence(step.inputs.get("notices")) if isinstance(n, ClockNotice)]
        reason = step.inputs.get("reason", "")
        clocks.extend_clock(complaint, regime=regime, clock=name, extension=action.detail or "", actor=actor,
                            now=now, approvals=approvals, notices=notices,
                            reason=reason if isinstance(reason, str) else "")
    elif not _open(complaint, regime, name):
        return
    elif action.operation == "stop":
        clocks.stop_clock(complaint, regime=regime, clock=name, actor=actor, now=now, reason=action.detail or "met")
    elif action.operation == "pause":
        clocks.pause_clock(complaint, regime=regime, clock=name, reason=action.detail or "", actor=actor, now=now)
    else:
        clocks.resume_clock(complaint, regime=regime, clock=name, actor=actor, now=now)


def with_clock_runner(workflow: Workflow) -> Workflow:
    """``workflow`` with :func:`run_clock` as its clock runner (same name, states, rules and policy).

    Args:
        workflow: the flow, e.g. the standard one.
    Returns:
        The flow whose transitions also run their clocks.
    """
    hooks = workflow.hooks
    return attrs.evolve(workflow, hooks=Hooks(guards=hooks.guards, actions=hooks.actions, clock_runner=run_clock))


def start_forwarding_clock(complaint: Complaint, *, regime: str, actor: Actor, now: pendulum.DateTime) -> None:
    """Time a regulator's forwarding of the complaint (CBIRC Art. 33: 7 working days), from its receipt
    at the regulator (``forwarded_at``) to the bank's receipt, on the China working-day calendar.

    Args:
        complaint: a complaint forwarded by a regulator (``forwarded_at`` is set; otherwise nothing happens).
        regime: the regime whose ``regulator_forwarding`` rule applies.
        actor: who records it (the bank's intake).
        now: when.
    Raises:
        DeadlineError: the clock is already open.
        CalendarCoverageError: the calendar has no data for the days counted.
    """
    if complaint.forwarded_at is None:
        return
    clocks.start_clock(complaint, regime=regime, clock="regulator_forwarding", actor=actor, now=now,
                       start=complaint.forwarded_at)
    clocks.stop_clock(complaint, regime=regime, clock="regulator_forwarding", actor=actor, now=now,
                      at=complaint.received_at)
