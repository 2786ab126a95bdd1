"""The standard named actions: record a stage's data in the same atomic step as the status change.

An action takes the complaint and the :class:`~bankcomplaints.workflow.definition.Step` and calls the
complaint's operations (each records its own event); it raises a
:class:`~bankcomplaints.errors.ComplaintError` to refuse, and then
:func:`~bankcomplaints.workflow.engine.advance` leaves the complaint exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints.errors import InvalidOperationError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.liability.determination import approve_liability as approve
from bankcomplaints.liability.notices import issue_decision_notice, send_notice
from bankcomplaints.liability.remedy import plan_resolution
from bankcomplaints.values import Kind
from bankcomplaints.workflow import clocks
from bankcomplaints.workflow.deadlines import MET

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint
    from bankcomplaints.workflow.definition import Action, ClockAction, Step

__all__ = ["STANDARD_ACTIONS", "ComplaintReopened", "run_clock_action"]

_TRIAGE_INPUTS = ("business", "cause", "channel", "risk_factors", "risk_score", "major", "priority", "explanation")


@attrs.frozen(kw_only=True)
class ComplaintReopened(ComplaintEvent):
    """A closed complaint was reopened (a review overturned the branch's decision): its outcome is cleared."""

    reason: str = ""

    def apply(self, complaint: Complaint) -> None:
        complaint.outcome = None
        complaint.closed_at = None


def _reason(step: Step) -> str:
    reason = step.inputs.get("reason", "")
    if not isinstance(reason, str):
        raise InvalidOperationError("reason", f"must be text, not {type(reason).__name__}")
    return reason


def assign_handler(complaint: Complaint, step: Step) -> None:
    """Assign the ``handler`` input (registration, CBIRC Art. 17)."""
    if "handler" not in step.inputs:
        raise InvalidOperationError("handler", "registration needs the handler to assign")
    complaint.assign(step.inputs["handler"], actor=step.actor, now=step.now, reason=_reason(step))


def record_triage(complaint: Complaint, step: Step) -> None:
    """Record the triage given as inputs (``kind`` and optionally business, cause, priority...).

    Without a ``kind`` input the triage already recorded (e.g. by the classifier) stands.
    """
    if "kind" not in step.inputs:
        if not isinstance(complaint.kind, Kind):
            raise InvalidOperationError("kind", "triage needs the kind of contact")
        return
    extra = {name: step.inputs[name] for name in _TRIAGE_INPUTS if name in step.inputs}
    complaint.record_triage(actor=step.actor, now=step.now, kind=step.inputs["kind"], **extra)


def approve_liability(complaint: Complaint, step: Step) -> None:
    """A manager approves the recorded liability determination (unless it is already approved).

    Calls :func:`bankcomplaints.liability.determination.approve_liability` with the roles the workflow's
    policy allows for this trigger; the ``reason`` input becomes the approval note.
    """
    liability = getattr(complaint, "liability", None)
    if liability is not None and getattr(liability, "approved", False):
        return
    approve(complaint, actor=step.actor, now=step.now, note=_reason(step),
            roles=step.workflow.policy.roles_for(step.trigger))


def record_resolution_plan(complaint: Complaint, step: Step) -> None:
    """Record the resolution plan from the ``summary`` input (:func:`bankcomplaints.liability.remedy.plan_resolution`).

    Without a ``summary`` input the plan already recorded stands (or none is needed).
    """
    if "summary" in step.inputs:
        plan_resolution(complaint, actor=step.actor, now=step.now, summary=step.inputs["summary"])


def record_decision_notice(complaint: Complaint, step: Step) -> None:
    """Record the ``notice`` input as the decision notice (``liability.notices.issue_decision_notice``).

    The notice must name the routes of the workflow's ``required_appeal_routes`` setting.
    Without a ``notice`` input the notice already recorded stands.
    """
    if "notice" not in step.inputs:
        return
    routes = step.workflow.setting("required_appeal_routes", ())
    issue_decision_notice(complaint, step.inputs["notice"], actor=step.actor, now=step.now,
                          required_routes=routes if isinstance(routes, tuple) else (str(routes),))


def record_notice(complaint: Complaint, step: Step) -> None:
    """Record the ``notice`` input (e.g. a decline notice) with :func:`bankcomplaints.liability.notices.send_notice`."""
    if "notice" in step.inputs:
        send_notice(complaint, step.inputs["notice"], actor=step.actor, now=step.now)


def reopen(complaint: Complaint, step: Step) -> None:
    """Reopen the complaint (:class:`ComplaintReopened`): the earlier outcome no longer stands."""
    complaint._record(ComplaintReopened, actor=step.actor, now=step.now, reason=_reason(step))


STANDARD_ACTIONS: dict[str, Action] = {
    action.__name__: action for action in (
        assign_handler, record_triage, approve_liability, record_resolution_plan, record_decision_notice,
        record_notice, reopen,
    )
}


def _anchor(complaint: Complaint, path: str | None) -> object:
    value: object = complaint
    for part in (path or "").split("."):
        value = getattr(value, part, None) if part else None
    return value


def run_clock_action(complaint: Complaint, action: ClockAction, step: Step) -> None:
    """Perform one clock action of a transition through :mod:`bankcomplaints.workflow.clocks`.

    * ``start``: the clock starts at the complaint attribute named by ``detail`` (e.g. ``received_at``,
      ``decision_notice.delivered_at``), or at ``now`` when there is none;
    * ``stop``: reason ``detail`` (default ``met``); regime and clock ``*`` stop every open clock;
    * ``pause``: reason ``detail`` (a pause reason of the rule, e.g. ``mediation``), with the ``note`` input;
    * ``resume``;
    * ``extend``: extension ``detail``, with the ``approvals`` and ``notices`` inputs and the ``reason``.

    Raises:
        DeadlineError, ExtensionRefusedError, RegimeError: the clock operation refused (the step is undone).
    """
    regime, clock, actor, now = action.regime, action.clock, step.actor, step.now
    if action.operation == "start":
        anchor = _anchor(complaint, action.detail)
        start = anchor if isinstance(anchor, pendulum.DateTime) else now
        clocks.start_clock(complaint, regime=regime, clock=clock, actor=actor, now=now, start=start)
    elif action.operation == "stop" and regime == "*":
        for running in clocks.open_clocks(complaint):
            clocks.stop_clock(complaint, regime=running.regime, clock=running.rule.clock, actor=actor, now=now,
                              reason=action.detail or MET)
    elif action.operation == "stop":
        clocks.stop_clock(complaint, regime=regime, clock=clock, actor=actor, now=now, reason=action.detail or MET)
    elif action.operation == "pause":
        clocks.pause_clock(complaint, regime=regime, clock=clock, actor=actor, now=now, reason=action.detail or "",
                           note=str(step.inputs.get("note", "")))
    elif action.operation == "resume":
        clocks.resume_clock(complaint, regime=regime, clock=clock, actor=actor, now=now)
    else:
        clocks.extend_clock(complaint, regime=regime, clock=clock, actor=actor, now=now, extension=action.detail or "",
                            reason=_reason(step), approvals=step.inputs.get("approvals", ()),
                            notices=step.inputs.get("notices", ()))
