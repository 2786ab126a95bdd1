"""The standard guards: the rules a careful bank enforces before a complaint moves on.

A guard takes the complaint and the :class:`~bankcomplaints.workflow.definition.Step` and returns
None when it passes, or the reason it refuses (the engine raises
:class:`~bankcomplaints.errors.GuardRejectedError` naming the guard).
Guards only read: the complaint's fields (those of later stages through ``getattr`` with a default,
so a guard works before the stage's operations exist), the step's inputs and the workflow's settings.

Settings read here (``Workflow.settings``, configurable by the bank):

* ``review_window_days`` (30): calendar days after the decision reaches the customer in which a
  review (核查) may be requested (CBIRC Art. 20); the day of delivery is not counted.
* ``required_appeal_routes`` (review, mediation, arbitration, litigation): the routes a decision
  notice must name (CBIRC Art. 19).
* ``referral_routes`` (mediation, regulator, court, arbitration): where a complaint may be referred.
* ``reviewable_levels`` (branch, sub_branch, outlet): the institution levels whose decisions may be reviewed.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from bankcomplaints.values import Kind, StaffRef

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint
    from bankcomplaints.workflow.definition import Guard, Step

__all__ = ["STANDARD_GUARDS", "review_deadline"]


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _strings(step: Step, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = step.workflow.setting(name, default)
    return value if isinstance(value, tuple) else (str(value),)


def no_conflict_of_interest(complaint: Complaint, step: Step) -> str | None:
    """The handler is not among the staff complained of and has declared no interest (CBIRC Art. 17)."""
    handler = step.inputs.get("handler", complaint.assignee)
    if not isinstance(handler, StaffRef):
        return "no handler named"
    if any(member.id == handler.id for member in complaint.staff_complained):
        return f"handler {handler.id} is among the staff complained of"
    if step.inputs.get("no_conflict_declared") is not True:
        return f"handler {handler.id} has not declared that they have no interest in the case"
    return None


def handler_assigned(complaint: Complaint, step: Step) -> str | None:
    """A handler has been assigned."""
    return None if complaint.assignee is not None else "no handler assigned"


def _kind(complaint: Complaint, step: Step) -> Any:
    return step.inputs.get("kind", complaint.kind)


def is_complaint(complaint: Complaint, step: Step) -> str | None:
    """Triage says it is a complaint (CBIRC Art. 2): only complaints start the statutory clock."""
    kind = _kind(complaint, step)
    if not isinstance(kind, Kind):
        return "kind not recorded" if kind is None else f"kind {kind!r} is not a Kind"
    return None if kind is Kind.COMPLAINT else f"kind is {kind.value}, not complaint"


def not_complaint(complaint: Complaint, step: Step) -> str | None:
    """Triage says it is a consultation, suggestion or other contact: the fast track."""
    kind = _kind(complaint, step)
    if not isinstance(kind, Kind):
        return "kind not recorded" if kind is None else f"kind {kind!r} is not a Kind"
    return "kind is complaint" if kind is Kind.COMPLAINT else None


def has_findings(complaint: Complaint, step: Step) -> str | None:
    """At least one investigation finding is recorded before liability is determined."""
    return None if getattr(complaint, "findings", ()) else "no finding recorded"


def liability_recorded(complaint: Complaint, step: Step) -> str | None:
    """A liability determination is recorded (by the liability operations) before it is approved."""
    return None if getattr(complaint, "liability", None) is not None else "no liability determination recorded"


def decision_complete(complaint: Complaint, step: Step) -> str | None:
    """The decision notice states the findings, the basis and the routes of appeal (CBIRC Art. 19)."""
    notice = step.inputs.get("notice", getattr(complaint, "decision_notice", None))
    if notice is None:
        return "no decision notice"
    missing = []
    if not (getattr(notice, "findings", None) or getattr(complaint, "findings", ())):
        missing.append("findings")
    if not (getattr(notice, "basis", None)):
        missing.append("basis")
    routes = set(getattr(notice, "appeal_routes", ()) or ())
    required = _strings(step, "required_appeal_routes", ("review", "mediation", "arbitration", "litigation"))
    absent = [route for route in required if route not in routes]
    if absent:
        missing.append("appeal routes " + ", ".join(absent))
    return "the notice lacks " + "; ".join(missing) if missing else None


def decision_notified(complaint: Complaint, step: Step) -> str | None:
    """A decision notice has been delivered (or the customer could not be reached, CBIRC Art. 21)."""
    notice = getattr(complaint, "decision_notice", None)
    if notice is None:
        return "no decision notice recorded"
    if getattr(notice, "delivered_at", None) is None and not _text(getattr(notice, "unreachable_reason", None)):
        return "the decision notice has not been delivered"
    return None


def feedback_attempted(complaint: Complaint, step: Step) -> str | None:
    """The customer was asked for feedback, or why they could not be reached is recorded."""
    feedback = getattr(complaint, "feedback", ())
    if not feedback:
        return "no feedback attempt recorded"
    last = feedback[-1]
    if getattr(last, "satisfaction", None) == "unreachable" and not _text(getattr(last, "reason", None)):
        return "the customer was unreachable but no reason is recorded"
    return None


def reason_given(complaint: Complaint, step: Step) -> str | None:
    """The step carries a ``reason`` (a decline's ground, a withdrawal request, a referral)."""
    return None if _text(step.inputs.get("reason")) else "no reason given"


def submitter_told(complaint: Complaint, step: Step) -> str | None:
    """Whoever submitted a declined complaint is told (CBIRC Art. 18 ¶4).

    A ``notice`` input of kind ``decline`` (recorded by the transition's action), or one already recorded.
    """
    given = step.inputs.get("notice")
    notices = (*getattr(complaint, "notices", ()), *(() if given is None else (given,)))
    if any(getattr(notice, "kind", None) == "decline" for notice in notices):
        return None
    return "no decline notice to the submitter (kind 'decline', or unreachable with the reason)"


def customer_agreed(complaint: Complaint, step: Step) -> str | None:
    """The customer agreed to mediation (CBIRC Art. 23): ``customer_agreed=True``."""
    return None if step.inputs.get("customer_agreed") is True else "the customer has not agreed to mediation"


def referral_named(complaint: Complaint, step: Step) -> str | None:
    """A referral names where the complaint goes (``referred_to``) and why (``reason``)."""
    routes = _strings(step, "referral_routes", ("mediation", "regulator", "court", "arbitration"))
    where = step.inputs.get("referred_to")
    if where not in routes:
        return f"referred_to must be one of {', '.join(routes)}, not {where!r}"
    return reason_given(complaint, step)


def review_deadline(complaint: Complaint, step: Step) -> datetime.datetime | None:
    """The last moment a review may be requested: the end of the ``review_window_days``-th day after delivery.

    Days are counted in the time zone the delivery time was recorded in; the day of delivery is not counted.

    Args:
        complaint: the complaint (its ``decision_notice.delivered_at`` is read).
        step: the step (its workflow's settings are read).
    Returns:
        The deadline, or None when no decision has been delivered.
    """
    notice = getattr(complaint, "decision_notice", None)
    delivered = getattr(notice, "delivered_at", None)
    if not isinstance(delivered, datetime.datetime):
        return None
    days = step.workflow.setting("review_window_days", 30)
    window = days if isinstance(days, int) and not isinstance(days, bool) else 30
    last_day = datetime.datetime.date(delivered) + datetime.timedelta(days=window)  # a plain date: cheap to add to
    return datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), delivered.tzinfo)


def review_window_open(complaint: Complaint, step: Step) -> str | None:
    """A review (核查) lies against a branch's delivered decision, within the window (CBIRC Art. 20)."""
    levels = _strings(step, "reviewable_levels", ("branch", "sub_branch", "outlet"))
    if complaint.branch is None:
        return "no branch recorded; a review lies only against a branch's decision"
    if complaint.branch.level not in levels:
        return f"the decision was made at level {complaint.branch.level}, which is not reviewable"
    deadline = review_deadline(complaint, step)
    if deadline is None:
        return "no delivered decision to review"
    if step.now >= deadline:
        return f"the review window ended at {deadline.isoformat()}"
    return None


def review_window_closed(complaint: Complaint, step: Step) -> str | None:
    """No review can be requested any more (archiving must not cut the customer's right short)."""
    deadline = review_deadline(complaint, step)
    if deadline is not None and step.now < deadline:
        return f"a review may still be requested until {deadline.isoformat()}"
    return None


def follow_up_warranted(complaint: Complaint, step: Step) -> str | None:
    """Follow-up tracking is for key customers and major cases, or when a ``reason`` is given."""
    if complaint.complainant.key_customer or complaint.major or _text(step.inputs.get("reason")):
        return None
    return "not a key customer nor a major case, and no reason given"


STANDARD_GUARDS: dict[str, Guard] = {
    guard.__name__: guard
    for guard in (
        no_conflict_of_interest, handler_assigned, is_complaint, not_complaint, has_findings, liability_recorded,
        decision_complete, decision_notified, feedback_attempted, reason_given, submitter_told, customer_agreed,
        referral_named, review_window_open, review_window_closed, follow_up_warranted,
    )
}
