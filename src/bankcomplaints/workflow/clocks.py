"""Clock operations on a complaint: start, pause, resume, extend, stop and restart, each recording an event.

A complaint may run several clocks at once (a statutory one, a regulator's forwarding clock, the bank's
internal SLA); each is a :class:`~bankcomplaints.workflow.deadlines.Clock` in ``complaint.clocks``, named
by its regime and rule (``"CN-CBIRC-2020:handling_decision"``). :func:`binding_clock` picks the one due
first, which drives priority. Every operation validates first and changes nothing when it refuses.

    >>> import pendulum, bankcomplaints as bc
    >>> from bankcomplaints.workflow import clocks
    >>> received = pendulum.datetime(2026, 9, 28, 10, tz="Asia/Shanghai")
    >>> clerk = bc.Actor(id="S-001", role="front_line")
    >>> c = bc.Complaint.receive(id="C-1", actor=clerk, now=received,
    ...                          complainant=bc.CustomerRef(id="K-9", name="王芳"), salt="s")
    >>> clock = clocks.start_clock(c, regime="CN-CBIRC-2020", clock="handling_decision", actor=clerk, now=received)
    >>> clock.due().isoformat()
    '2026-10-14T00:00:00+08:00'
    >>> [type(e).__name__ for e in c.collect_events()]
    ['ComplaintReceived', 'ClockStarted']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs
import pendulum

from bankcomplaints._builders import evolve
from bankcomplaints._instants import local_date
from bankcomplaints.errors import DeadlineError, InvalidOperationError, RegimeError
from bankcomplaints.events import ComplaintEvent
from bankcomplaints.values import Actor
from bankcomplaints.workflow import regimes
from bankcomplaints.workflow.deadlines import MET, Approval, Clock, ClockNotice, GrantedExtension, Pause
from bankcomplaints.workflow.regimes.model import Regime, Unit

if TYPE_CHECKING:
    from bankcomplaints.complaint import Complaint

__all__ = [
    "Clock",
    "ClockExtended",
    "ClockPaused",
    "ClockRestarted",
    "ClockResumed",
    "ClockStarted",
    "ClockStopped",
    "binding_clock",
    "extend_clock",
    "find_clock",
    "open_clocks",
    "pause_clock",
    "restart_clock",
    "resume_clock",
    "start_clock",
    "stop_clock",
]


def _replace(complaint: Complaint, clock_id: str, change: Callable[[Clock], Clock]) -> None:
    complaint.clocks = tuple(change(clock) if clock.id == clock_id else clock for clock in complaint.clocks)


def _stopped(clock: Clock, at: pendulum.DateTime, reason: str) -> Clock:
    if clock.pauses and clock.pauses[-1].ended_at is None:
        last = evolve(clock.pauses[-1], ended_at=at)
        clock = evolve(clock, pauses=(*clock.pauses[:-1], last))
    return evolve(clock, stopped_at=at, stop_reason=reason)


@attrs.frozen(kw_only=True)
class ClockStarted(ComplaintEvent):
    """A deadline clock started; the event keeps the whole rule, so replay never depends on the registry."""

    clock: Clock

    def apply(self, complaint: Complaint) -> None:
        complaint.clocks = (*complaint.clocks, self.clock)


@attrs.frozen(kw_only=True)
class ClockPaused(ComplaintEvent):
    """A clock stopped counting (external appraisal, mediation ...)."""

    clock_id: str
    pause: Pause

    def apply(self, complaint: Complaint) -> None:
        _replace(complaint, self.clock_id, lambda clock: evolve(clock, pauses=(*clock.pauses, self.pause)))


@attrs.frozen(kw_only=True)
class ClockResumed(ComplaintEvent):
    """A paused clock counts again from ``resumed_at``."""

    clock_id: str
    resumed_at: pendulum.DateTime

    def apply(self, complaint: Complaint) -> None:
        def resume(clock: Clock) -> Clock:
            last = evolve(clock.pauses[-1], ended_at=self.resumed_at)
            return evolve(clock, pauses=(*clock.pauses[:-1], last))
        _replace(complaint, self.clock_id, resume)


@attrs.frozen(kw_only=True)
class ClockExtended(ComplaintEvent):
    """An extension was granted, with the approvals and notices its rule requires."""

    clock_id: str
    extension: GrantedExtension

    def apply(self, complaint: Complaint) -> None:
        _replace(complaint, self.clock_id,
                 lambda clock: evolve(clock, extensions=(*clock.extensions, self.extension)))


@attrs.frozen(kw_only=True)
class ClockStopped(ComplaintEvent):
    """A clock stopped: met (a decision or response given), withdrawn, or another reason."""

    clock_id: str
    stopped_at: pendulum.DateTime
    reason: str

    def apply(self, complaint: Complaint) -> None:
        _replace(complaint, self.clock_id, lambda clock: _stopped(clock, self.stopped_at, self.reason))


@attrs.frozen(kw_only=True)
class ClockRestarted(ComplaintEvent):
    """New facts or reasons from a repeat complaint restarted a clock (CBIRC Art. 18 ¶3).

    The old clock stops (reason ``"restarted"``) and ``clock`` starts on receipt of the new material.
    """

    previous_id: str
    clock: Clock

    def apply(self, complaint: Complaint) -> None:
        _replace(complaint, self.previous_id, lambda old: _stopped(old, self.clock.started_at, "restarted"))
        complaint.clocks = (*complaint.clocks, self.clock)


def _instant(value: object, field: str) -> pendulum.DateTime:
    if type(value) is pendulum.DateTime and value.tzinfo is not None:  # what as_instant returns as it is
        return value
    from bankcomplaints.complaint import as_instant

    return as_instant(value, field)


def _regime(regime: str | Regime) -> Regime:
    if isinstance(regime, Regime):
        return regime
    if not isinstance(regime, str):
        raise InvalidOperationError("regime", f"must be a regime code or a Regime, not {type(regime).__name__}")
    return regimes.get(regime)


def find_clock(complaint: Complaint, regime: str, clock: str) -> Clock:
    """The latest clock of ``regime`` and rule ``clock`` on the complaint (restarts make later ones).

    Args:
        complaint: the complaint.
        regime: the regime's code.
        clock: the rule's clock name.

    Returns:
        The clock.

    Raises:
        DeadlineError: the complaint has no such clock.
    """
    found = [c for c in complaint.clocks if c.regime == regime and c.rule.clock == clock]
    if not found:
        raise DeadlineError(f"{regime}:{clock}", "not started on this complaint")
    return found[-1]


def open_clocks(complaint: Complaint) -> tuple[Clock, ...]:
    """The complaint's clocks that have not stopped (running or paused, in time or overdue).

    Args:
        complaint: the complaint.

    Returns:
        The open clocks, in the order they started.
    """
    return tuple(clock for clock in complaint.clocks if clock.stopped_at is None)


def binding_clock(complaint: Complaint, now: pendulum.DateTime) -> Clock | None:
    """The open clock due first: the one that drives the complaint's priority.

    Args:
        complaint: the complaint.
        now: the current instant (paused clocks count their pause up to it).

    Returns:
        The open clock with the earliest due instant, or ``None`` when no clock is open.

    Raises:
        CalendarCoverageError: a clock's calendar lacks a day its count needs.
    """
    candidates = open_clocks(complaint)
    return min(candidates, key=lambda clock: clock.due(now)) if candidates else None


def start_clock(complaint: Complaint, *, regime: str | Regime, clock: str, actor: Actor, now: pendulum.DateTime,
                start: pendulum.DateTime | None = None, billing_cycle_day: int | None = None) -> Clock:
    """Start the clock of ``regime``'s rule ``clock`` and record :class:`ClockStarted`.

    Args:
        complaint: the complaint.
        regime: a regime code (looked up with :func:`bankcomplaints.workflow.regimes.get`) or a Regime.
        clock: the rule's clock name, e.g. ``"handling_decision"``.
        actor: who starts it.
        now: when it is recorded.
        start: when the clock starts; default: the complaint field the rule names in ``start_field``
            (``received_at`` for a handling deadline, ``forwarded_at`` for the regulator's forwarding), else ``now``.
        billing_cycle_day: the day of the month the account's billing cycle closes (billing-cycle rules).

    Returns:
        The started clock.

    Raises:
        RegimeError: unknown regime or clock, or the regime is not in force on the start date.
        DeadlineError: the same clock is already open, a billing-cycle rule lacks its cycle day, or the
            complaint lacks the rule's start field.
        CalendarCoverageError: the rule's calendar cannot count this clock's days.
        InvalidOperationError: a naive or future ``start``.
    """
    now = _instant(now, "now")
    chosen = _regime(regime)
    rule = chosen.rule(clock)
    clock_id = f"{chosen.code}:{clock}"
    if start is None and rule.start_field is not None:
        start = getattr(complaint, rule.start_field, None)
        if start is None:
            raise DeadlineError(clock_id, f"starts from the complaint's {rule.start_field}, which is not set")
    began = now if start is None else _instant(start, "start")
    if began > now:
        raise InvalidOperationError("start", "is later than now")
    day = local_date(began, rule.counting.time_zone)
    if not chosen.in_force(day):
        raise RegimeError(chosen.code, f"not in force on {day} (from {chosen.effective_from})")
    earlier = [c for c in complaint.clocks if c.regime == chosen.code and c.rule.clock == clock]
    if any(c.stopped_at is None for c in earlier):
        raise DeadlineError(clock_id, "is already running; stop or restart it")
    if billing_cycle_day is not None and not 1 <= billing_cycle_day <= 31:
        raise InvalidOperationError("billing_cycle_day", f"must be 1..31, got {billing_cycle_day}")
    if rule.unit is Unit.BILLING_CYCLES and billing_cycle_day is None:
        raise DeadlineError(clock_id, "a billing-cycle rule needs the account's billing_cycle_day")
    new = Clock(id=clock_id if not earlier else f"{clock_id}#{len(earlier) + 1}", regime=chosen.code, rule=rule,
                started_at=began, billing_cycle_day=billing_cycle_day)
    new.due()  # refuse now, not later, if the calendar cannot count it
    complaint._record(ClockStarted, actor=actor, now=now, clock=new)
    return new


def _changed(complaint: Complaint, regime: str, clock: str, now: pendulum.DateTime,
             at: pendulum.DateTime | None) -> tuple[Clock, pendulum.DateTime, pendulum.DateTime]:
    now = _instant(now, "now")
    when = now if at is None else _instant(at, "at")
    if when > now:
        raise InvalidOperationError("at", "is later than now")
    return find_clock(complaint, regime, clock), now, when


def pause_clock(complaint: Complaint, *, regime: str, clock: str, reason: str, actor: Actor,
                now: pendulum.DateTime, at: pendulum.DateTime | None = None, note: str = "") -> Clock:
    """Pause a clock for one of its rule's pause reasons and record :class:`ClockPaused`.

    Args:
        complaint: the complaint.
        regime: the regime's code.
        clock: the rule's clock name.
        reason: a reason in the rule's ``pause_reasons`` (e.g. ``"external_appraisal"``, ``"mediation"``).
        actor: who pauses it.
        now: when it is recorded.
        at: when the pause began, if earlier than ``now``.
        note: free text (the appraisal body, the mediation organisation).

    Returns:
        The paused clock.

    Raises:
        DeadlineError: no such clock, reason not allowed, already paused or stopped, or already due.
        InvalidOperationError: a naive or future ``at``.
    """
    current, now, when = _changed(complaint, regime, clock, now, at)
    paused = current.with_pause(reason, when, note)
    complaint._record(ClockPaused, actor=actor, now=now, clock_id=current.id, pause=paused.pauses[-1])
    return paused


def resume_clock(complaint: Complaint, *, regime: str, clock: str, actor: Actor, now: pendulum.DateTime,
                 at: pendulum.DateTime | None = None) -> Clock:
    """Resume a paused clock and record :class:`ClockResumed`.

    Args:
        complaint: the complaint.
        regime: the regime's code.
        clock: the rule's clock name.
        actor: who resumes it.
        now: when it is recorded.
        at: when the pause ended, if earlier than ``now``.

    Returns:
        The running clock.

    Raises:
        DeadlineError: no such clock, or it is not paused.
        InvalidOperationError: a naive or future ``at``.
    """
    current, now, when = _changed(complaint, regime, clock, now, at)
    resumed = current.with_resumption(when)
    complaint._record(ClockResumed, actor=actor, now=now, clock_id=current.id, resumed_at=when)
    return resumed


def extend_clock(complaint: Complaint, *, regime: str, clock: str, extension: str, actor: Actor,
                 now: pendulum.DateTime, approvals: Sequence[Approval] = (), notices: Sequence[ClockNotice] = (),
                 reason: str = "") -> Clock:
    """Grant an extension and record :class:`ClockExtended`; refused, naming what is missing, otherwise.

    Args:
        complaint: the complaint.
        regime: the regime's code.
        clock: the rule's clock name.
        extension: the extension's name in the rule (e.g. ``"especially_complex"``).
        actor: who grants it.
        now: when it is granted.
        approvals: the recorded approvals the extension needs.
        notices: the notices sent that it needs (e.g. to the complainant); an ``extension`` notice already
            recorded on the complaint (:func:`bankcomplaints.liability.notices.send_notice`) whose ``reference``
            is the clock id or the extension's name counts as the ``complainant`` notice.
        reason: why.

    Returns:
        The extended clock.

    Raises:
        ExtensionRefusedError: a required approval, notice or earlier extension is missing (``missing``
            names each); nothing changes.
        DeadlineError: no such clock or extension, already granted, stopped, or already due.
    """
    current, now, when = _changed(complaint, regime, clock, now, None)
    for index, approval in enumerate(approvals):
        if not isinstance(approval, Approval):
            raise InvalidOperationError(f"approvals[{index}]", f"must be an Approval, not {type(approval).__name__}")
    for index, notice in enumerate(notices):
        if not isinstance(notice, ClockNotice):
            raise InvalidOperationError(f"notices[{index}]", f"must be a ClockNotice, not {type(notice).__name__}")
    offered = [*notices, *_recorded_notices(complaint, current.id, extension)]
    extended = current.with_extension(extension, when, approvals=approvals, notices=offered, reason=reason)
    complaint._record(ClockExtended, actor=actor, now=now, clock_id=current.id, extension=extended.extensions[-1])
    return extended


def _recorded_notices(complaint: Complaint, clock_id: str, extension: str) -> list[ClockNotice]:
    """Extension notices already sent to the complainant through :mod:`bankcomplaints.liability.notices`.

    A notice of kind ``extension`` whose ``reference`` is the clock id or the extension's name counts as the
    ``complainant`` notice (CBIRC Art. 18 ¶1, Art. 21), dated when it was delivered.
    """
    return [ClockNotice(key="complainant", channel=notice.channel or "", sent_at=notice.delivered_at,
                        reference=notice.id)
            for notice in complaint.notices
            if notice.kind == "extension" and notice.reference in (clock_id, extension)
            and notice.delivered_at is not None]


def stop_clock(complaint: Complaint, *, regime: str, clock: str, actor: Actor, now: pendulum.DateTime,
               reason: str = MET, at: pendulum.DateTime | None = None) -> Clock:
    """Stop a clock and record :class:`ClockStopped`.

    Args:
        complaint: the complaint.
        regime: the regime's code.
        clock: the rule's clock name.
        actor: who stops it.
        now: when it is recorded.
        reason: ``"met"`` (decision or response given), ``"withdrawn"`` (CBIRC Art. 15: the day the
            withdrawal is received), or another reason.
        at: when it stopped, if earlier than ``now`` (e.g. when the withdrawal was received).

    Returns:
        The stopped clock.

    Raises:
        DeadlineError: no such clock, or it already stopped.
        InvalidOperationError: a naive or future ``at``.
    """
    current, now, when = _changed(complaint, regime, clock, now, at)
    stopped = current.with_stop(when, reason)
    complaint._record(ClockStopped, actor=actor, now=now, clock_id=current.id, stopped_at=when, reason=reason)
    return stopped


def restart_clock(complaint: Complaint, *, regime: str, clock: str, actor: Actor, now: pendulum.DateTime,
                  received_at: pendulum.DateTime | None = None) -> Clock:
    """Restart a clock on receipt of new facts or reasons (CBIRC Art. 18 ¶3) and record :class:`ClockRestarted`.

    Args:
        complaint: the complaint.
        regime: the regime's code.
        clock: the rule's clock name; its rule must allow restarts.
        actor: who records the new material.
        now: when it is recorded.
        received_at: when the new material was received; default ``now``.

    Returns:
        The new clock, counting from ``received_at``.

    Raises:
        DeadlineError: no such open clock, or its rule does not restart on new facts.
        InvalidOperationError: a naive or future ``received_at``.
    """
    current, now, when = _changed(complaint, regime, clock, now, received_at)
    if not current.rule.restart_on_new_facts:
        raise DeadlineError(current.id, "its rule does not restart on new facts")
    current.with_stop(when, "restarted")  # same checks as a stop
    count = sum(1 for c in complaint.clocks if c.regime == regime and c.rule.clock == clock)
    new = Clock(id=f"{regime}:{clock}#{count + 1}", regime=regime, rule=current.rule, started_at=when,
                billing_cycle_day=current.billing_cycle_day)
    new.due()
    complaint._record(ClockRestarted, actor=actor, now=now, previous_id=current.id, clock=new)
    return new

