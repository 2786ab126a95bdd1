"""The same workflow as a python-statemachine class, and its diagrams (Mermaid, Graphviz DOT).

:func:`machine_class` builds, once per workflow, a ``StateChart`` subclass whose transitions run the
engine's own checks and step (:func:`~bankcomplaints.workflow.engine.permit` as a validator, the
branch condition and :func:`~bankcomplaints.workflow.engine.guards_pass` as conditions,
:func:`~bankcomplaints.workflow.engine.perform` as the transition's action).
Instantiate it on a complaint with ``state_field="status"``: it starts from the complaint's status,
so a complaint loaded from storage needs no replay. :func:`send` (or :func:`send_async`, for a machine with
asynchronous listeners) drives it and turns
python-statemachine's ``TransitionNotAllowed`` into the errors :func:`~bankcomplaints.workflow.engine.advance` raises.
Hosts who want python-statemachine's listeners or async support use the class directly.

    >>> from bankcomplaints.workflow.machine import machine_class, mermaid
    >>> from bankcomplaints.workflow.standard import STANDARD_WORKFLOW
    >>> machine_class(STANDARD_WORKFLOW) is machine_class(STANDARD_WORKFLOW)
    True
    >>> print(mermaid(STANDARD_WORKFLOW).splitlines()[10])
        received --> registered : register [no_conflict_of_interest]
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from statemachine import StateChart
from statemachine.exceptions import InvalidDefinition, TransitionNotAllowed
from statemachine.io import create_machine_class_from_definition

from bankcomplaints.errors import ComplaintError, InvalidTransitionError, WorkflowDefinitionError
from bankcomplaints.events import StatusChanged
from bankcomplaints.values import Actor
from bankcomplaints.workflow.definition import Step, Transition, Workflow
from bankcomplaints.workflow.engine import (
    RESERVED_INPUTS,
    Branch,
    compile_workflow,
    guards_pass,
    no_branch_error,
    perform,
    permit,
)

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = ["dot", "machine_class", "machine_for", "mermaid", "send", "send_async"]


def _step(workflow: Workflow, kwargs: dict[str, Any]) -> Step:
    inputs = {k: v for k, v in kwargs.items() if k not in RESERVED_INPUTS and k not in ("actor", "now")}
    event = kwargs["event"]
    return Step(trigger=str(event), actor=kwargs["actor"], now=kwargs["now"], inputs=inputs, workflow=workflow)


def _named(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    function.__name__ = function.__qualname__ = name
    return function


def _callbacks(workflow: Workflow, branch: Branch) -> dict[str, Any]:
    def may_fire(**kwargs: Any) -> None:
        permit(kwargs["model"], _step(workflow, kwargs))

    def guarded(**kwargs: Any) -> bool:
        return guards_pass(branch, kwargs["model"], _step(workflow, kwargs))

    def act(**kwargs: Any) -> None:
        perform(kwargs["model"], branch, _step(workflow, kwargs))

    conds: list[Callable[..., Any]] = []
    if branch.cond is not None:
        cond = branch.cond

        def holds(**kwargs: Any) -> bool:
            return cond(kwargs["model"], _step(workflow, kwargs)) is None

        conds.append(_named(branch.transition.cond or "cond", holds))
    if branch.guards:
        conds.append(_named(", ".join(name for name, _ in branch.guards), guarded))
    spec: dict[str, Any] = {"target": branch.transition.target, "validators": [_named("policy", may_fire)],
                            "on": [_named(branch.transition.action or "record", act)]}
    if conds:
        spec["cond"] = conds
    return spec


@functools.lru_cache(maxsize=128)
def machine_class(workflow: Workflow) -> type[StateChart[Any]]:
    """The python-statemachine class of ``workflow`` (built once per workflow; the 128 latest are cached).

    Args:
        workflow: the workflow.
    Returns:
        A ``StateChart`` subclass with ``allow_event_without_transition=False`` and
        ``catch_errors_as_events=False``, so unknown triggers and our errors reach the caller.
    Raises:
        WorkflowDefinitionError: python-statemachine rejects the definition.
    """
    compiled = compile_workflow(workflow)
    states: dict[str, Any] = {
        state: {"name": state.replace("_", " "), "initial": state == workflow.initial,
                "final": state in workflow.final}
        for state in workflow.states
    }
    for (source, trigger), branches in compiled.table.items():
        on = states[source].setdefault("on", {})
        on[trigger] = [_callbacks(workflow, branch) for branch in branches]
    try:
        return create_machine_class_from_definition(
            _class_name(workflow.name), states=states,
            allow_event_without_transition=False, catch_errors_as_events=False, _workflow=workflow,
        )
    except InvalidDefinition as exc:
        raise WorkflowDefinitionError(workflow.name, f"python-statemachine rejects it: {exc}") from None


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("-", "_").split("_") if part) or "Workflow"


def machine_for(complaint: Complaint, workflow: Workflow, listeners: Sequence[object] = ()) -> StateChart[Any]:
    """A machine of ``workflow`` on ``complaint``, starting from its stored status (no replay).

    Args:
        complaint: the model; the machine reads and writes ``complaint.status``.
        workflow: the workflow.
        listeners: python-statemachine listeners (e.g. with ``after_transition(event, source, target)``).
    Returns:
        The machine.
    """
    return machine_class(workflow)(model=complaint, state_field="status", listeners=list(listeners))


def _not_allowed(machine: StateChart[Any], trigger: str, actor: Actor, now: Any, inputs: dict[str, Any]) -> (
    ComplaintError
):
    """``advance``'s error for python-statemachine's ``TransitionNotAllowed``."""
    complaint: Complaint = machine.model
    workflow: Workflow = machine.__class__._workflow  # type: ignore[attr-defined]
    branches = compile_workflow(workflow).table.get((complaint.status, trigger))
    if branches is None:
        return InvalidTransitionError(complaint.id, complaint.status, trigger)
    step = Step(trigger=trigger, actor=actor, now=now, inputs=inputs, workflow=workflow)
    return no_branch_error(branches, complaint, step)


def _recorded(complaint: Complaint, version: int) -> StatusChanged:
    return next(e for e in reversed(complaint.pending_events) if isinstance(e, StatusChanged) and e.seq > version)


def send(machine: StateChart[Any], trigger: str, *, actor: Actor, now: Any, **inputs: Any) -> StatusChanged:
    """Send ``trigger`` to a machine built by :func:`machine_for`, with ``advance``'s errors.

    Args:
        machine: the machine (its model is the complaint); its listeners must be synchronous.
        trigger: the trigger.
        actor: who fires it.
        now: when.
        **inputs: the step's inputs.
    Returns:
        The recorded :class:`StatusChanged` event.
    Raises:
        InvalidTransitionError: the machine has no transition for ``trigger`` from the current state.
        PermissionDeniedError, GuardRejectedError, ComplaintError: as :func:`~bankcomplaints.workflow.engine.advance`.
    """
    version = machine.model.version
    try:
        machine.send(trigger, actor=actor, now=now, **inputs)
    except TransitionNotAllowed:
        raise _not_allowed(machine, trigger, actor, now, inputs) from None
    return _recorded(machine.model, version)


async def send_async(machine: StateChart[Any], trigger: str, *, actor: Actor, now: Any, **inputs: Any) -> (
    StatusChanged
):
    """:func:`send` for a machine with asynchronous listeners (python-statemachine then runs its async engine).

    Args:
        machine: the machine (its model is the complaint).
        trigger: the trigger.
        actor: who fires it.
        now: when.
        **inputs: the step's inputs.
    Returns:
        The recorded :class:`StatusChanged` event.
    Raises:
        InvalidTransitionError, PermissionDeniedError, GuardRejectedError, ComplaintError: as :func:`send`.
    """
    version = machine.model.version
    try:
        result = machine.send(trigger, actor=actor, now=now, **inputs)
        if inspect.isawaitable(result):
            await result
    except TransitionNotAllowed:
        raise _not_allowed(machine, trigger, actor, now, inputs) from None
    return _recorded(machine.model, version)


def _label(transition: Transition) -> str:
    checks = [*([transition.cond] if transition.cond else []), *transition.guards]
    return transition.trigger + (f" [{', '.join(checks)}]" if checks else "")


def mermaid(workflow: Workflow) -> str:
    """The Mermaid ``stateDiagram-v2`` of ``workflow``, one edge per transition, labelled ``trigger [checks]``.

    It follows python-statemachine's layout (``f"{machine_class(workflow):mermaid}"``), but keeps every
    branch: python-statemachine 3.2 draws one edge per (source, target, trigger) and so drops the labels
    of a second branch between the same two states.

    Args:
        workflow: the workflow.
    Returns:
        The diagram source.
    """
    lines = ["stateDiagram-v2", "    direction LR"]
    lines += [f'    state "{state.replace("_", " ")}" as {state}' for state in workflow.states if "_" in state]
    lines.append(f"    [*] --> {workflow.initial}")
    lines += [f"    {state} --> [*]" for state in workflow.states if state in workflow.final]
    lines += [f"    {t.source} --> {t.target} : {_label(t)}" for t in workflow.transitions]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(workflow: Workflow) -> str:
    """The Graphviz DOT text of ``workflow`` (written directly: no graphviz binary or pydot needed).

    Edges are labelled ``trigger [cond; guards] / clock actions``; final states are double circles.

    Args:
        workflow: the workflow.
    Returns:
        The DOT source.
    """
    lines = [
        f"digraph {_quote(workflow.name)} {{",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  "__start__" [shape=point, label=""];',
    ]
    for state in workflow.states:
        shape = ", shape=doublecircle" if state in workflow.final else ""
        lines.append(f"  {_quote(state)} [label={_quote(state.replace('_', ' '))}{shape}];")
    lines.append(f'  "__start__" -> {_quote(workflow.initial)};')
    for t in workflow.transitions:
        label = _label(t)
        if t.clocks:
            label += " / " + ", ".join(str(clock) for clock in t.clocks)
        lines.append(f"  {_quote(t.source)} -> {_quote(t.target)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
