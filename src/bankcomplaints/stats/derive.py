"""Derive a PII-free :class:`~bankcomplaints.stats.records.ComplaintRecord` from a :class:`~bankcomplaints.Complaint`.

What comes from where:

- codes (channel, source, kind, business, cause, priority, risk factors, status, outcome): their slugs;
- branch and region: ``complaint.branch``; staff: the assigned handler's id;
- dates: receipt, the decision notice's delivery (``responded_on``) and closing, as local dates in ``tz``;
- clocks: one :class:`~bankcomplaints.stats.records.ClockResult` per clock, named by the clock id
  (``met``, ``breached``, or ``open`` while running or paused); clocks stopped for other reasons (withdrawal)
  and clocks that time the customer rather than the bank (the review-request window) are left out;
- redress: what was paid on live ledger entries (in the first currency paid, by code order; amounts paid in
  other currencies are kept as ``redress:<currency>`` attributes);
- satisfied: the latest feedback (``satisfied`` or ``basically_satisfied`` → yes, ``dissatisfied`` → no);
- first contact: the first logged communication within ``first_contact_within`` of receipt (when the bank's
  SLA is given);
- upheld: the decision notice (``upheld`` and ``partly_upheld`` count as upheld);
- repeat: linked as a repeat, or the ``repeat`` risk factor; reopened: a review requested or under way;
  escalated: forwarded by a regulator or carrying a regulator reference;
- root cause: the liability determination;
- attributes: ``product`` (the product code, not customer data) and ``major`` when set.

Nothing personal is copied: no names, contacts, narrative, demand, amounts in dispute or feedback comments.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pendulum

from bankcomplaints.stats.records import ClockResult, ComplaintRecord
from bankcomplaints.values import Money, RiskFactor, Source
from bankcomplaints.workflow.deadlines import ClockStatus

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = ["CUSTOMER_CLOCKS", "from_complaint"]

CUSTOMER_CLOCKS = ("review_request_window",)
"""Clock names (the part after ``:`` in a clock id) that time the customer, not the bank."""

_CLOCK_STATES = {ClockStatus.MET: "met", ClockStatus.BREACHED: "breached", ClockStatus.RUNNING: "open",
                 ClockStatus.PAUSED: "open"}
_SATISFIED = {"satisfied": True, "basically_satisfied": True, "dissatisfied": False}
_UPHELD = {"upheld": True, "partly_upheld": True, "not_upheld": False}


def _local_date(instant: pendulum.DateTime | None, tz: str | None) -> datetime.date | None:
    if instant is None:
        return None
    return (instant.in_timezone(tz) if tz else instant).date()


def _clocks(complaint: Complaint, now: pendulum.DateTime, skip: tuple[str, ...]) -> tuple[ClockResult, ...]:
    results = []
    for clock in complaint.clocks:
        if clock.id.rpartition(":")[2] in skip:
            continue
        state = _CLOCK_STATES.get(clock.status(now))
        if state is None:
            continue
        end = clock.stopped_at or now
        results.append(ClockResult(clock.id, state, (end.date() - clock.started_at.date()).days))
    return tuple(results)


def _redress(complaint: Complaint) -> tuple[Money | None, tuple[tuple[str, str], ...]]:
    currencies = sorted({e.amount.currency for e in complaint.redress.live_entries
                         if e.amount is not None and e.paid_at is not None})
    paid = [complaint.redress.paid(currency) for currency in currencies]
    paid = [money for money in paid if money.amount != 0]
    if not paid:
        return None, ()
    return paid[0], tuple((f"redress:{m.currency}", str(m.amount)) for m in paid[1:])


def _first_contact(complaint: Complaint, within: datetime.timedelta | None, now: pendulum.DateTime) -> bool | None:
    if within is None:
        return None
    contacts = sorted(c.at for c in complaint.communications)
    deadline = complaint.received_at + within
    if contacts:
        return contacts[0] <= deadline
    return False if now > deadline else None


def from_complaint(
    complaint: Complaint,
    *,
    now: pendulum.DateTime,
    tz: str | None = None,
    first_contact_within: datetime.timedelta | None = None,
    customer_clocks: tuple[str, ...] = CUSTOMER_CLOCKS,
) -> ComplaintRecord:
    """The analytics record of a complaint as it stands at ``now``.

    Args:
        complaint: the complaint.
        now: the instant the record describes (open clocks are judged at it).
        tz: time zone for local dates (default: each instant's own zone).
        first_contact_within: the bank's internal SLA for the first contact; ``None`` leaves
            ``first_contact_in_sla`` unset.
        customer_clocks: clock names to leave out because they time the customer.

    Returns:
        The record; no personal data is copied.

    Raises:
        DeadlineError: a clock cannot be judged (see :meth:`bankcomplaints.workflow.deadlines.Clock.status`).
        CalendarCoverageError: a clock's calendar lacks a day it needs.
    """
    redress, extra = _redress(complaint)
    feedback = complaint.feedback[-1] if complaint.feedback else None
    notice = complaint.decision_notice
    review_clock = any(c.id.endswith(":review_decision") for c in complaint.clocks)
    attributes = (
        *((("product", complaint.product),) if complaint.product else ()),
        *((("major", "true"),) if complaint.major else ()),
        *extra,
    )
    received = _local_date(complaint.received_at, tz)
    assert received is not None
    return ComplaintRecord(
        id=complaint.id,
        received_on=received,
        branch=complaint.branch.code if complaint.branch else "",
        region=complaint.branch.region if complaint.branch else "",
        staff=complaint.assignee.id if complaint.assignee else "",
        channel=complaint.channel.value,
        source=complaint.source.value,
        kind=complaint.kind.value if complaint.kind else "",
        business=complaint.business.value if complaint.business else "",
        cause=complaint.cause.value if complaint.cause else "",
        priority=complaint.priority.value if complaint.priority else "",
        risk_factors=tuple(f.value for f in complaint.risk_factors),
        status=complaint.status,
        outcome=complaint.outcome.value if complaint.outcome else "",
        responded_on=_local_date(notice.delivered_at if notice else None, tz),
        closed_on=_local_date(complaint.closed_at, tz),
        clocks=_clocks(complaint, now, customer_clocks),
        redress=redress,
        satisfied=_SATISFIED.get(feedback.satisfaction) if feedback else None,
        first_contact_in_sla=_first_contact(complaint, first_contact_within, now),
        upheld=_UPHELD.get(notice.outcome) if notice else None,
        repeat=complaint.repeat_of is not None or RiskFactor.REPEAT in complaint.risk_factors,
        reopened=review_clock or complaint.status == "under_review"
        or any(f.request == "review" for f in complaint.feedback),
        escalated=complaint.source is Source.REGULATOR_FORWARDED or complaint.regulator_ref is not None,
        root_cause=complaint.liability.root_cause if complaint.liability else "",
        attributes=attributes,
    )
