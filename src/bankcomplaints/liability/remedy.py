"""The resolution plan (解决方案): actions with owners and due dates, their progress, and an effect check.

The plan says how the bank will put the matter right and stop it happening again.
Each action has an owner and a due date and moves ``open`` → ``in_progress`` → ``done`` (or ``cancelled``),
with a note at every step.
When no action is left open, someone checks whether the fix worked; an ineffective check sends the
handler back to add actions.
Money paid to the customer is in :mod:`bankcomplaints.liability.redress`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints._builders import evolve
from bankcomplaints.errors import InvalidOperationError, LiabilityError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import ACTION_STATUSES
from bankcomplaints.values import Actor, StaffRef

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "CLOSED_STATUSES",
    "EffectCheck",
    "PlanAction",
    "PlanActionAdded",
    "PlanActionProgressed",
    "ProgressNote",
    "ResolutionEffectChecked",
    "ResolutionPlan",
    "ResolutionPlanned",
    "add_plan_action",
    "check_resolution_effect",
    "plan_resolution",
    "record_action_progress",
]

#: Statuses after which an action takes no more progress.
CLOSED_STATUSES = frozenset({"done", "cancelled"})


@attrs.frozen(kw_only=True)
class ProgressNote:
    """One step of an action's progress."""

    at: pendulum.DateTime
    by: str
    status: str
    note: str


@attrs.frozen(kw_only=True)
class PlanAction:
    """An action of the plan, with its owner, due date and progress."""

    id: str
    description: str
    owner: StaffRef
    due: datetime.date
    status: str = "open"
    progress: tuple[ProgressNote, ...] = ()

    def overdue(self, today: datetime.date) -> bool:
        """Whether the action is still open after its due date."""
        return self.status not in CLOSED_STATUSES and today > self.due


@attrs.frozen(kw_only=True)
class EffectCheck:
    """Whether the fix worked, judged by whom and when."""

    checked_by: str
    checked_at: pendulum.DateTime
    effective: bool
    notes: str


@attrs.frozen(kw_only=True)
class ResolutionPlan:
    """The plan: a summary, its actions and the effect checks made on it."""

    summary: str
    planned_by: str
    planned_at: pendulum.DateTime
    actions: tuple[PlanAction, ...] = ()
    effect_checks: tuple[EffectCheck, ...] = ()

    def action(self, action_id: str) -> PlanAction | None:
        """The action ``action_id``, or ``None``."""
        return next((a for a in self.actions if a.id == action_id), None)

    @property
    def open_actions(self) -> tuple[PlanAction, ...]:
        """Actions neither done nor cancelled."""
        return tuple(a for a in self.actions if a.status not in CLOSED_STATUSES)

    @property
    def effective(self) -> bool | None:
        """The latest effect check's verdict, ``None`` before any check."""
        return self.effect_checks[-1].effective if self.effect_checks else None


# --- events ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ResolutionPlanned(ComplaintEvent):
    """The resolution plan was made, or its summary revised (its actions and checks are kept)."""

    summary: str

    def apply(self, complaint: Complaint) -> None:
        if complaint.resolution_plan is None:
            complaint.resolution_plan = ResolutionPlan(
                summary=self.summary, planned_by=self.actor.id, planned_at=self.occurred_at
            )
        else:
            complaint.resolution_plan = evolve(complaint.resolution_plan, summary=self.summary)


@attrs.frozen(kw_only=True)
class PlanActionAdded(ComplaintEvent):
    """An action was added to the plan."""

    action: PlanAction

    def apply(self, complaint: Complaint) -> None:
        plan = complaint.resolution_plan
        if plan is not None:
            complaint.resolution_plan = evolve(plan, actions=(*plan.actions, self.action))


@attrs.frozen(kw_only=True)
class PlanActionProgressed(ComplaintEvent):
    """An action moved on, with a note."""

    action_id: str
    status: str
    note: str

    def apply(self, complaint: Complaint) -> None:
        plan = complaint.resolution_plan
        if plan is None:
            return
        step = ProgressNote(at=self.occurred_at, by=self.actor.id, status=self.status, note=self.note)
        actions = tuple(
            evolve(a, status=self.status, progress=(*a.progress, step)) if a.id == self.action_id else a
            for a in plan.actions
        )
        complaint.resolution_plan = evolve(plan, actions=actions)


@attrs.frozen(kw_only=True)
class ResolutionEffectChecked(ComplaintEvent):
    """Someone checked whether the fix worked."""

    effective: bool
    notes: str

    def apply(self, complaint: Complaint) -> None:
        plan = complaint.resolution_plan
        if plan is not None:
            result = EffectCheck(checked_by=self.actor.id, checked_at=self.occurred_at, effective=self.effective,
                                 notes=self.notes)
            complaint.resolution_plan = evolve(plan, effect_checks=(*plan.effect_checks, result))


# --- operations ------------------------------------------------------------------------------------


def _plan(complaint: Complaint) -> ResolutionPlan:
    if complaint.resolution_plan is None:
        raise LiabilityError("resolution.no_plan", "make the resolution plan first")
    return complaint.resolution_plan


def plan_resolution(complaint: Complaint, *, actor: Actor, now: pendulum.DateTime, summary: str) -> ResolutionPlan:
    """Make the resolution plan, or revise its summary (:class:`ResolutionPlanned`).

    Args:
        complaint: the complaint.
        actor: who plans.
        now: when.
        summary: what the bank will do.
    Returns:
        The plan.
    Raises:
        InvalidOperationError: blank summary.
    """
    complaint._record(ResolutionPlanned, actor=actor, now=now, summary=check.text(summary, "summary", required=True))
    return _plan(complaint)


def add_plan_action(
    complaint: Complaint,
    *,
    actor: Actor,
    now: pendulum.DateTime,
    id: str,
    description: str,
    owner: StaffRef,
    due: datetime.date,
) -> PlanAction:
    """Add an action to the plan (:class:`PlanActionAdded`).

    Args:
        complaint: the complaint.
        actor: who adds it.
        now: when.
        id: the action's id, unique in the plan.
        description: what is to be done.
        owner: who must do it.
        due: the date it is due (not before ``now``'s date).
    Returns:
        The action.
    Raises:
        InvalidOperationError: blank description, a due date that is not a date or is already past.
        LiabilityError: ``resolution.no_plan``, ``resolution.duplicate_action``.
    """
    plan = _plan(complaint)
    due_day = check.day(due, "due")
    if due_day < check.instant(now, "now").date():
        raise InvalidOperationError("due", f"{due_day} is already past")
    action = PlanAction(
        id=check.new_id(id, (a.id for a in plan.actions), "id", "resolution.duplicate_action"),
        description=check.text(description, "description", required=True),
        owner=check.instance(owner, StaffRef, "owner"),
        due=due_day,
    )
    complaint._record(PlanActionAdded, actor=actor, now=now, action=action)
    return action


def record_action_progress(
    complaint: Complaint, *, actor: Actor, now: pendulum.DateTime, action_id: str, status: str, note: str
) -> PlanAction:
    """Move an action on (:class:`PlanActionProgressed`).

    Args:
        complaint: the complaint.
        actor: who reports the progress.
        now: when.
        action_id: the action.
        status: a slug of ``ACTION_STATUSES``.
        note: what happened.
    Returns:
        The action as it now stands.
    Raises:
        InvalidOperationError: unknown status, blank note.
        LiabilityError: ``resolution.no_plan``, ``resolution.unknown_action``, ``resolution.action_closed``
            (already done or cancelled).
    """
    plan = _plan(complaint)
    action = plan.action(check.ident(action_id, "action_id"))
    if action is None:
        raise LiabilityError("resolution.unknown_action", f"no action {action_id} in the plan")
    if action.status in CLOSED_STATUSES:
        raise LiabilityError("resolution.action_closed", f"{action.id} is {action.status}")
    complaint._record(PlanActionProgressed, actor=actor, now=now, action_id=action.id,
                      status=ACTION_STATUSES.check(status, "status"), note=check.text(note, "note", required=True))
    updated = _plan(complaint).action(action.id)
    assert updated is not None
    return updated


def check_resolution_effect(
    complaint: Complaint, *, actor: Actor, now: pendulum.DateTime, effective: bool, notes: str
) -> EffectCheck:
    """Record whether the fix worked (:class:`ResolutionEffectChecked`); every action must be closed.

    Args:
        complaint: the complaint.
        actor: who checks.
        now: when.
        effective: whether it worked.
        notes: how it was checked.
    Returns:
        The check.
    Raises:
        InvalidOperationError: a non-bool ``effective``, blank notes.
        LiabilityError: ``resolution.no_plan``, ``resolution.actions_open``.
    """
    plan = _plan(complaint)
    if not isinstance(effective, bool):
        raise InvalidOperationError("effective", "must be true or false")
    if plan.open_actions:
        raise LiabilityError("resolution.actions_open",
                             f"actions still open: {', '.join(a.id for a in plan.open_actions)}")
    complaint._record(ResolutionEffectChecked, actor=actor, now=now, effective=effective,
                      notes=check.text(notes, "notes", required=True))
    return _plan(complaint).effect_checks[-1]
