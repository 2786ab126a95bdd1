"""The fast path: :func:`advance` on a transition table compiled once per workflow.

``advance`` checks, in this order, and refuses with the first failure, changing nothing:

1. the complaint follows this workflow (``Complaint.workflow`` is the workflow's name);
2. the trigger has a transition from the complaint's status (:class:`~bankcomplaints.errors.InvalidTransitionError`);
3. the actor may fire it (:class:`~bankcomplaints.errors.PermissionDeniedError`, from the policy);
4. a branch's condition holds (the first that does is taken), then each of its guards passes
   (:class:`~bankcomplaints.errors.GuardRejectedError` naming the guard).

Then, in one atomic step (:meth:`Complaint._transaction`): the transition's named action records the
stage's data, :class:`~bankcomplaints.events.StatusChanged` is recorded, the clock actions run, and
the host's listeners are called; if anything raises, the complaint, its version and its pending
events are exactly as before.

The python-statemachine class of :mod:`~bankcomplaints.workflow.machine` runs the same checks through
the same functions (:func:`permit`, :func:`guards_pass`, :func:`perform`), and a differential property
test demands that both give the same states and the same refusals.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs
import pendulum

from bankcomplaints._builders import positional_constructor
from bankcomplaints.complaint import as_instant
from bankcomplaints.errors import (
    GuardRejectedError,
    InvalidOperationError,
    InvalidTransitionError,
    PermissionDeniedError,
)
from bankcomplaints.events import StatusChanged
from bankcomplaints.values import Actor
from bankcomplaints.workflow.definition import Action, Guard, Step, Transition, Workflow
from bankcomplaints.workflow.roles import DeniedAttempt, check_permission, denied_attempt
from bankcomplaints.workflow.standard import STANDARD_WORKFLOW

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "RESERVED_INPUTS",
    "Branch",
    "CompiledWorkflow",
    "WorkflowListener",
    "advance",
    "allowed_triggers",
    "compile_workflow",
    "guards_pass",
    "no_branch_error",
    "perform",
    "permit",
]

#: Input names ``advance`` refuses, because python-statemachine passes values under them to callbacks.
RESERVED_INPUTS = frozenset(
    {"event", "event_data", "machine", "model", "source", "state", "target", "transition", "complaint"}
)


class WorkflowListener(Protocol):
    """What a host listener may implement (both methods are optional; any object will do).

    ``after_transition(complaint, event)`` runs inside the atomic step, after the status changed and
    the clocks ran; raising from it undoes the whole step.
    ``permission_denied(attempt)`` is told of each refused permission, e.g. to store a security event.
    """

    def after_transition(self, complaint: Complaint, event: StatusChanged) -> None:
        """Called inside the step; raise to undo it."""

    def permission_denied(self, attempt: DeniedAttempt) -> None:
        """Called after a permission refusal; the complaint is unchanged."""


@attrs.frozen(kw_only=True)
class Branch:
    """A transition with its guard and action names resolved to functions."""

    transition: Transition
    cond: Guard | None
    guards: tuple[tuple[str, Guard], ...]
    action: Action | None


@attrs.frozen(kw_only=True)
class CompiledWorkflow:
    """The lookup tables of a workflow: ``(status, trigger)`` → branches, status → triggers."""

    workflow: Workflow
    table: Mapping[tuple[str, str], tuple[Branch, ...]]
    triggers_from: Mapping[str, tuple[str, ...]]


@functools.lru_cache(maxsize=128)
def compile_workflow(workflow: Workflow) -> CompiledWorkflow:
    """The compiled tables of ``workflow`` (built once per workflow; the 128 latest are cached).

    Args:
        workflow: a validated workflow.
    Returns:
        Its :class:`CompiledWorkflow`.
    """
    hooks = workflow.hooks
    table: dict[tuple[str, str], list[Branch]] = {}
    for transition in workflow.transitions:
        branch = Branch(
            transition=transition,
            cond=None if transition.cond is None else hooks.guards[transition.cond],
            guards=tuple((name, hooks.guards[name]) for name in transition.guards),
            action=None if transition.action is None else hooks.actions[transition.action],
        )
        table.setdefault((transition.source, transition.trigger), []).append(branch)
    triggers_from: dict[str, list[str]] = {state: [] for state in workflow.states}
    for source, trigger in table:
        triggers_from[source].append(trigger)
    return CompiledWorkflow(
        workflow=workflow,
        table={key: tuple(branches) for key, branches in table.items()},
        triggers_from={state: tuple(triggers) for state, triggers in triggers_from.items()},
    )


def _step(trigger: str, actor: Actor, now: object, workflow: Workflow, inputs: dict[str, Any]) -> Step:
    if not isinstance(actor, Actor):
        raise InvalidOperationError("actor", f"must be an Actor, not {type(actor).__name__}")
    if inputs and not RESERVED_INPUTS.isdisjoint(inputs):
        reserved = sorted(RESERVED_INPUTS.intersection(inputs))
        raise InvalidOperationError(reserved[0], "is a reserved name and cannot be an input")
    if type(now) is not pendulum.DateTime or now.tzinfo is None:  # what as_instant returns as it is
        now = as_instant(now)
    return _make_step(trigger, actor, now, inputs, workflow)


def _step_by_keywords(trigger: str, actor: Actor, now: pendulum.DateTime, inputs: Mapping[str, Any],
                      workflow: Workflow) -> Step:
    return Step(trigger=trigger, actor=actor, now=now, inputs=inputs, workflow=workflow)


# The step's values are checked above: stored as they are, without keyword matching (Step() is unchanged).
_make_step: Callable[[str, Actor, pendulum.DateTime, Mapping[str, Any], Workflow], Step] = (
    (positional_constructor(Step) or _step_by_keywords)
    if tuple(field.name for field in attrs.fields(Step)) == ("trigger", "actor", "now", "inputs", "workflow")
    else _step_by_keywords
)


def permit(complaint: Complaint, step: Step, listeners: Sequence[object] = ()) -> None:
    """Refuse unless the complaint follows ``step.workflow`` and the actor may fire the trigger.

    Args:
        complaint: the complaint (read only).
        step: the step asked for.
        listeners: told of a permission refusal (``permission_denied``).
    Raises:
        InvalidOperationError: the complaint follows another workflow.
        PermissionDeniedError: the policy refuses the actor.
    """
    if complaint.workflow != step.workflow.name:
        raise InvalidOperationError(
            "workflow", f"complaint {complaint.id} follows {complaint.workflow!r}, not {step.workflow.name!r}"
        )
    try:
        check_permission(
            step.workflow.policy, complaint, step.trigger, actor=step.actor, now=step.now, inputs=step.inputs
        )
    except PermissionDeniedError as error:
        if listeners:
            attempt = denied_attempt(error, complaint_id=complaint.id, actor=step.actor, now=step.now)
            for listener in listeners:
                told = getattr(listener, "permission_denied", None)
                if told is not None:
                    told(attempt)
        raise


def guards_pass(branch: Branch, complaint: Complaint, step: Step) -> bool:
    """Run the branch's guards, in order.

    Returns:
        True (so the function can serve as a python-statemachine condition).
    Raises:
        GuardRejectedError: a guard refused; ``rule`` is its name.
    """
    for name, guard in branch.guards:
        reason = guard(complaint, step)
        if reason is not None:
            raise GuardRejectedError(complaint.id, step.trigger, name, reason)
    return True


def no_branch_error(branches: Sequence[Branch], complaint: Complaint, step: Step) -> GuardRejectedError:
    """The refusal when no branch's condition holds: names every condition and why it failed."""
    names = [b.transition.cond or "" for b in branches]
    reasons = [f"{b.transition.cond}: {b.cond(complaint, step)}" for b in branches if b.cond is not None]
    return GuardRejectedError(complaint.id, step.trigger, " | ".join(names), "; ".join(reasons))


def perform(complaint: Complaint, branch: Branch, step: Step, listeners: Sequence[object] = ()) -> StatusChanged:
    """Carry out a checked transition atomically: action, status change, clocks, listeners.

    Args:
        complaint: the complaint.
        branch: the branch chosen by the checks.
        step: the step.
        listeners: host listeners (``after_transition``).
    Returns:
        The recorded :class:`StatusChanged` event.
    Raises:
        ComplaintError: the action or a clock operation refused; nothing changed.
    """
    transition = branch.transition
    reason = step.inputs.get("reason", "")
    run_clock = step.workflow.hooks.clock_runner
    fields = {"trigger": transition.trigger, "source": transition.source, "target": transition.target,
              "outcome": transition.outcome, "reason": reason if isinstance(reason, str) else ""}
    if branch.action is None and not listeners and (run_clock is None or not transition.clocks):
        # A single event: _record is atomic by itself.
        return complaint._record(StatusChanged, actor=step.actor, now=step.now, **fields)
    with complaint._transaction():
        if branch.action is not None:
            branch.action(complaint, step)
        event = complaint._record(StatusChanged, actor=step.actor, now=step.now, **fields)
        if run_clock is not None:
            for clock in transition.clocks:
                run_clock(complaint, clock, step)
        for listener in listeners:
            after = getattr(listener, "after_transition", None)
            if after is not None:
                after(complaint, event)
    return event


def advance(
    complaint: Complaint,
    trigger: str,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    workflow: Workflow = STANDARD_WORKFLOW,
    listeners: Sequence[object] = (),
    **inputs: Any,
) -> StatusChanged:
    """Fire ``trigger`` on ``complaint``: check, then record the stage's data and the status change atomically.

    Args:
        complaint: the complaint; it must follow ``workflow``.
        trigger: what to do (``"register"``, ``"notify_decision"``...).
        actor: who does it; their role must be allowed by the workflow's policy.
        now: when (an aware datetime).
        workflow: the flow (default: the standard Chinese branch flow).
        listeners: host listeners (see :class:`WorkflowListener`).
        **inputs: what the guards and the action read (``handler``, ``kind``, ``reason``, ``redress``...).
    Returns:
        The :class:`StatusChanged` event (also queued on the complaint with any events of the action).
    Raises:
        InvalidOperationError: bad actor, naive ``now``, a reserved input name, another workflow's complaint.
        InvalidTransitionError: no transition for ``trigger`` from the current status.
        PermissionDeniedError: the actor may not fire it.
        GuardRejectedError: no branch's condition holds, or a guard refused (``rule`` names it).
        ComplaintError: the action or a clock operation refused.
    """
    step = _step(trigger, actor, now, workflow, inputs)
    compiled = compile_workflow(workflow)
    branches = compiled.table.get((complaint.status, trigger))
    if branches is None:
        raise InvalidTransitionError(complaint.id, complaint.status, trigger)
    permit(complaint, step, listeners)
    for branch in branches:
        if branch.cond is None or branch.cond(complaint, step) is None:
            if branch.guards:
                guards_pass(branch, complaint, step)
            return perform(complaint, branch, step, listeners)
    raise no_branch_error(branches, complaint, step)


def allowed_triggers(complaint: Complaint, actor: Actor, workflow: Workflow = STANDARD_WORKFLOW) -> tuple[str, ...]:
    """The triggers ``actor``'s role may fire from the complaint's status (guards are checked by ``advance``).

    Args:
        complaint: the complaint.
        actor: who asks.
        workflow: the flow.
    Returns:
        The triggers, in the workflow's order; empty for another workflow's complaint.
    """
    if complaint.workflow != workflow.name:
        return ()
    compiled = compile_workflow(workflow)
    policy = workflow.policy
    return tuple(t for t in compiled.triggers_from.get(complaint.status, ()) if actor.role in policy.roles_for(t))
