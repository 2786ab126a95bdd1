"""Improvement actions (溯源整改, CBIRC Art. 9 and 26): fixing a root cause found across cases.

A root cause that recurs across complaints becomes an improvement action with an owner, a due date
and a status, linked to the complaints it came from.
An action lives outside any one complaint: it is a frozen value, and each operation here returns
a new value with the change appended to its ``history`` (the host stores it as it likes).
:func:`recurring_root_causes` finds the candidates; statistics count the actions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints.errors import InvalidOperationError, LiabilityError
from bankcomplaints.liability import _checks as check
from bankcomplaints.liability.codes import ACTION_STATUSES, ROOT_CAUSES, CodeTable
from bankcomplaints.liability.remedy import CLOSED_STATUSES
from bankcomplaints.values import Actor, StaffRef

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "ImprovementAction",
    "ImprovementUpdate",
    "RecurringRootCause",
    "link_complaints",
    "open_improvement_action",
    "recurring_root_causes",
    "update_improvement_action",
]


@attrs.frozen(kw_only=True)
class ImprovementUpdate:
    """One change to an improvement action: who, when, the status after it, what was linked, and a note."""

    at: pendulum.DateTime
    by: str
    status: str
    note: str
    linked: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ImprovementAction:
    """An action to remove a root cause, linked to the complaints it came from."""

    id: str
    root_cause: str
    title: str
    owner: StaffRef
    due: datetime.date
    complaint_ids: tuple[str, ...]
    opened_by: str
    opened_at: pendulum.DateTime
    status: str = "open"
    history: tuple[ImprovementUpdate, ...] = ()

    def overdue(self, today: datetime.date) -> bool:
        """Whether the action is still open after its due date."""
        return self.status not in CLOSED_STATUSES and today > self.due


@attrs.frozen(kw_only=True)
class RecurringRootCause:
    """A root cause shared by several complaints: a candidate for an improvement action."""

    root_cause: str
    complaint_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many complaints share it."""
        return len(self.complaint_ids)


def recurring_root_causes(
    complaints: Iterable[Complaint], *, min_cases: int = 3, approved_only: bool = True
) -> tuple[RecurringRootCause, ...]:
    """Root causes determined in at least ``min_cases`` complaints, most frequent first.

    Args:
        complaints: the complaints to look across.
        min_cases: how many complaints make a cause recurrent.
        approved_only: count only determinations a manager approved.
    Returns:
        The recurring root causes, by count (descending) then slug.
    Raises:
        InvalidOperationError: ``min_cases`` is not a whole number of at least 1.
    """
    if isinstance(min_cases, bool) or not isinstance(min_cases, int) or min_cases < 1:
        raise InvalidOperationError("min_cases", "must be a whole number, 1 or more")
    found: dict[str, list[str]] = {}
    for complaint in complaints:
        determination = complaint.liability
        if determination is None or (approved_only and not determination.approved):
            continue
        found.setdefault(determination.root_cause, []).append(complaint.id)
    recurring = [RecurringRootCause(root_cause=cause, complaint_ids=tuple(dict.fromkeys(ids)))
                 for cause, ids in found.items()]
    return tuple(sorted((r for r in recurring if r.count >= min_cases), key=lambda r: (-r.count, r.root_cause)))


def open_improvement_action(
    *,
    actor: Actor,
    now: pendulum.DateTime,
    id: str,
    root_cause: str,
    title: str,
    owner: StaffRef,
    due: datetime.date,
    complaint_ids: Sequence[str],
    root_causes: CodeTable = ROOT_CAUSES,
) -> ImprovementAction:
    """Open an improvement action for a root cause.

    Args:
        actor: who opens it.
        now: when.
        id: the action's id (the host keeps them unique).
        root_cause: a slug of ``root_causes``.
        title: what will be changed.
        owner: who is responsible for it.
        due: when it is due (not before ``now``'s date).
        complaint_ids: the complaints it came from (at least one).
        root_causes: the bank's root-cause table.
    Returns:
        The new action, status ``open``.
    Raises:
        InvalidOperationError: unknown root cause, blank title, a past due date.
        LiabilityError: ``improvement.no_complaints``.
    """
    actor = check.instance(actor, Actor, "actor")
    moment = check.instant(now, "now")
    linked = check.ids(complaint_ids, "complaint_ids")
    if not linked:
        raise LiabilityError("improvement.no_complaints", "link the complaints the root cause was found in")
    due_day = check.day(due, "due")
    if due_day < moment.date():
        raise InvalidOperationError("due", f"{due_day} is already past")
    note = check.text(title, "title", limit=check.MAX_SHORT_TEXT, required=True)
    return ImprovementAction(
        id=check.ident(id, "id"), root_cause=root_causes.check(root_cause, "root_cause"), title=note,
        owner=check.instance(owner, StaffRef, "owner"), due=due_day, complaint_ids=linked,
        opened_by=actor.id, opened_at=moment,
        history=(ImprovementUpdate(at=moment, by=actor.id, status="open", note="opened", linked=linked),),
    )


def _open(action: object) -> ImprovementAction:
    checked: ImprovementAction = check.instance(action, ImprovementAction, "action")
    if checked.status in CLOSED_STATUSES:
        raise LiabilityError("improvement.closed", f"{checked.id} is {checked.status}")
    return checked


def link_complaints(
    action: ImprovementAction, complaint_ids: Sequence[str], *, actor: Actor, now: pendulum.DateTime, note: str = ""
) -> ImprovementAction:
    """Link more complaints to an open action (a new case with the same root cause).

    Args:
        action: the action.
        complaint_ids: the complaints to add; ones already linked are ignored.
        actor: who links them.
        now: when.
        note: why.
    Returns:
        The action with the complaints added.
    Raises:
        LiabilityError: ``improvement.closed``, ``improvement.no_complaints`` (nothing new to link).
    """
    current = _open(action)
    actor = check.instance(actor, Actor, "actor")
    new = tuple(cid for cid in check.ids(complaint_ids, "complaint_ids") if cid not in current.complaint_ids)
    if not new:
        raise LiabilityError("improvement.no_complaints", "no complaint to link that is not linked already")
    update = ImprovementUpdate(at=check.instant(now, "now"), by=actor.id, status=current.status,
                               note=check.text(note, "note", limit=check.MAX_SHORT_TEXT), linked=new)
    return attrs.evolve(current, complaint_ids=(*current.complaint_ids, *new), history=(*current.history, update))


def update_improvement_action(
    action: ImprovementAction, *, actor: Actor, now: pendulum.DateTime, status: str, note: str
) -> ImprovementAction:
    """Move an open action on (``in_progress``, ``done``, ``cancelled``) with a note.

    Args:
        action: the action.
        actor: who reports it.
        now: when.
        status: a slug of ``ACTION_STATUSES``.
        note: what happened.
    Returns:
        The action with its new status.
    Raises:
        InvalidOperationError: unknown status, blank note, ``now`` before the last update.
        LiabilityError: ``improvement.closed``.
    """
    current = _open(action)
    actor = check.instance(actor, Actor, "actor")
    moment = check.instant(now, "now")
    if current.history and moment < current.history[-1].at:
        raise InvalidOperationError("now", "is earlier than the action's last update")
    update = ImprovementUpdate(at=moment, by=actor.id, status=ACTION_STATUSES.check(status, "status"),
                               note=check.text(note, "note", required=True))
    return attrs.evolve(current, status=status, history=(*current.history, update))
