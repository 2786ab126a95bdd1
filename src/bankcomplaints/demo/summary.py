"""The numbers the demo prints: counted from the complaints and events as reloaded from the store.

Every figure is counted from what was read back (:class:`~bankcomplaints.demo.persistence.Reloaded`),
never from the simulation's memory, so the summary shows what the stored trail proves.
Deadlines are judged at the end of the quarter with the clocks the complaints carry.

    >>> import tempfile, pathlib
    >>> from bankcomplaints.demo.simulation import simulate
    >>> from bankcomplaints.demo.persistence import persist, reload
    >>> from bankcomplaints.demo.summary import summarize
    >>> run = simulate(seed=2, count=30)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "q4.sqlite"
    >>> events = persist(run.complaints, path)
    >>> summary = summarize(reload(path), as_of=run.as_of)
    >>> summary.contacts, summary.events == events, summary.chains_verified
    (30, True, 30)
    >>> summary.closed + summary.open == summary.contacts
    True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import attrs
import pendulum

from bankcomplaints.complaint import Complaint
from bankcomplaints.demo.labels import text
from bankcomplaints.demo.persistence import Reloaded
from bankcomplaints.events import ComplaintEvent, StatusChanged
from bankcomplaints.values import Kind, Money, Outcome, Source
from bankcomplaints.workflow.deadlines import Clock, ClockStatus
from bankcomplaints.workflow.standard import CN_REGIME

__all__ = ["CLOSED_STATES", "HANDLING_CLOCK", "Summary", "summarize"]

#: The id of the statutory handling clock (15 days, extendable to 30 and 60; CBIRC Art. 18).
HANDLING_CLOCK = f"{CN_REGIME}:handling_decision"
#: The id of a regulator's forwarding clock (7 working days; CBIRC Art. 33).
FORWARDING_CLOCK = f"{CN_REGIME}:regulator_forwarding"
#: Statuses in which a complaint counts as closed (办结), including after-care and archive.
CLOSED_STATES = frozenset({"closed", "archived", "following_up"})
_SATISFIED = frozenset({"satisfied", "basically_satisfied"})


@attrs.frozen(kw_only=True)
class Summary:
    """What one simulated quarter produced, as counted from the reloaded store (field order = print order)."""

    contacts: int
    complaints: int
    not_complaints: int
    regulator_forwarded: int
    major: int
    repeats: int
    investigated: int
    extended: int
    extended_further: int
    mediated: int
    liability: int
    redress_paid: int
    redress_total: Money
    decisions: int
    notices: int
    feedback: int
    satisfied: int
    reviews: int
    overturned: int
    closed: int
    open: int
    declined: int
    withdrawn: int
    referred: int
    handling_met: int
    handling_breached: int
    handling_open: int
    forwarding_breached: int
    events: int
    chains: int
    chains_verified: int

    def rows(self, lang: str = "en") -> list[tuple[str, str]]:
        """The summary as (label, value) rows in ``lang``; the chain row reads ``verified/total``."""
        rows = []
        for field in attrs.fields(Summary):
            if field.name in ("chains", "chains_verified"):
                continue
            value = getattr(self, field.name)
            rows.append((text(field.name, lang), str(value) if isinstance(value, Money) else f"{value:,}"))
        rows.append((text("chains", lang), f"{self.chains_verified:,}/{self.chains:,}"))
        return rows

    def render(self, lang: str = "en") -> str:
        """The summary as aligned plain text, one figure per line (Chinese characters count two columns)."""
        rows = self.rows(lang)
        width = max(_columns(label) for label, _ in rows)
        return "\n".join(f"{label}{' ' * (width - _columns(label))}  {value:>14}" for label, value in rows)


def _columns(label: str) -> int:
    """How many terminal columns ``label`` takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in label)


def _triggers(events: Iterable[ComplaintEvent]) -> set[str]:
    return {event.trigger for event in events if isinstance(event, StatusChanged)}


def _latest(complaint: Complaint, clock_id: str) -> Clock | None:
    return next((clock for clock in reversed(complaint.clocks) if clock.id == clock_id), None)


def _status(complaint: Complaint, clock_id: str, as_of: pendulum.DateTime) -> ClockStatus | None:
    clock = _latest(complaint, clock_id)
    return None if clock is None else clock.status(as_of)


def _extended(complaint: Complaint, name: str) -> bool:
    clock = _latest(complaint, HANDLING_CLOCK)
    return clock is not None and any(granted.name == name for granted in clock.extensions)


def _mediated(complaint: Complaint) -> bool:
    clock = _latest(complaint, HANDLING_CLOCK)
    return clock is not None and any(pause.reason == "mediation" for pause in clock.pauses)


def summarize(reloaded: Reloaded, *, as_of: pendulum.DateTime, currency: str = "CNY") -> Summary:
    """Count what the reloaded quarter holds.

    Args:
        reloaded: the complaints and events read back from the store.
        as_of: the instant deadlines are judged at (the end of the quarter).
        currency: the currency redress is totalled in.
    Returns:
        The summary.
    Raises:
        CalendarCoverageError: a clock needs a day the calendar has no data for.
    """
    complaints = reloaded.complaints
    triggers = [_triggers(trail) for trail in reloaded.events]
    handling = [_status(c, HANDLING_CLOCK, as_of) for c in complaints]
    paid = [entry for c in complaints for entry in c.redress.live_entries
            if entry.paid_at is not None and entry.amount is not None and entry.amount.currency == currency]
    outcomes = [c.outcome for c in complaints if c.status in CLOSED_STATES]
    closed = sum(c.status in CLOSED_STATES for c in complaints)
    return Summary(
        contacts=len(complaints),
        complaints=sum(c.kind is Kind.COMPLAINT for c in complaints),
        not_complaints=sum(c.kind is not None and c.kind is not Kind.COMPLAINT for c in complaints),
        regulator_forwarded=sum(c.source is Source.REGULATOR_FORWARDED for c in complaints),
        major=sum(c.major for c in complaints),
        repeats=sum(c.repeat_of is not None for c in complaints),
        investigated=sum("investigate" in fired for fired in triggers),
        extended=sum(_extended(c, "complex") for c in complaints),
        extended_further=sum(_extended(c, "especially_complex") for c in complaints),
        mediated=sum(_mediated(c) for c in complaints),
        liability=sum(c.liability is not None and c.liability.approved_by is not None for c in complaints),
        redress_paid=len(paid),
        redress_total=sum((entry.amount for entry in paid if entry.amount is not None), Money.zero(currency)),
        decisions=sum(c.decision_notice is not None for c in complaints),
        notices=sum(len(c.notices) for c in complaints),
        feedback=sum(bool(c.feedback) for c in complaints),
        satisfied=sum(bool(c.feedback) and c.feedback[-1].satisfaction in _SATISFIED for c in complaints),
        reviews=sum("request_review" in fired for fired in triggers),
        overturned=sum("overturn_decision" in fired for fired in triggers),
        closed=closed,
        open=len(complaints) - closed,
        declined=outcomes.count(Outcome.DECLINED),
        withdrawn=outcomes.count(Outcome.WITHDRAWN),
        referred=outcomes.count(Outcome.REFERRED),
        handling_met=handling.count(ClockStatus.MET),
        handling_breached=handling.count(ClockStatus.BREACHED),
        handling_open=handling.count(ClockStatus.RUNNING) + handling.count(ClockStatus.PAUSED),
        forwarding_breached=sum(_status(c, FORWARDING_CLOCK, as_of) is ClockStatus.BREACHED for c in complaints),
        events=reloaded.event_count,
        chains=len(reloaded.reports),
        chains_verified=reloaded.verified,
    )
