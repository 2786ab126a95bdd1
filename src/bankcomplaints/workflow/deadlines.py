"""Deadline clocks: a rule, a start, pauses and extensions, and the arithmetic that gives the due instant.

A :class:`Clock` is a frozen value; its methods compute, and its ``with_*`` methods return a new
clock or refuse with :class:`~bankcomplaints.errors.DeadlineError` (or
:class:`~bankcomplaints.errors.ExtensionRefusedError`, naming each missing approval and notice).
:meth:`Clock.explain` gives every step of the arithmetic, and the steps add up to :meth:`Clock.due`.

How the due instant is found, for rules counted in days:

1. the start instant is read in the institution's time zone; its date is the start day;
2. ``n`` calendar days (weeks x 7) or ``n`` business days are added to the start day (to the day before
   it when the first day counts);
3. each pause that began before the due instant adds the calendar days (or business days) from the day
   it began to the day it ended, so pausing for ``k`` days moves the due date by exactly ``k`` days;
4. the last day rolls forward to a business day if the rule says so;
5. the last day ends at 24:00, or at the close of business the rule names.

Rules counted in hours add elapsed (or business-hours) seconds instead, and pauses add the seconds paused.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence

import attrs
import pendulum

from bankcomplaints._builders import evolve
from bankcomplaints._instants import local_date
from bankcomplaints.errors import DeadlineError, ExtensionRefusedError
from bankcomplaints.workflow._counting import DayCount, HourCount, limit_due
from bankcomplaints.workflow.regimes.model import DeadlineRule, Unit

__all__ = [
    "MET",
    "Approval",
    "Clock",
    "ClockNotice",
    "ClockStatus",
    "Explanation",
    "ExtensionStep",
    "GrantedExtension",
    "Pause",
    "PauseStep",
]


class ClockStatus(enum.Enum):
    """Where a clock stands at a given instant."""

    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"
    STOPPED = "stopped"
    """Ended before its due instant without meeting it (withdrawal, restart on new facts)."""


#: The stop reason that means the deadline was met (a decision or response was given in time).
MET = "met"

#: Units whose due instant, without pauses or extensions, is the rule's limit counted in days.
_PLAIN_DAY_UNITS = frozenset({Unit.CALENDAR_DAYS, Unit.BUSINESS_DAYS})


@attrs.frozen(kw_only=True)
class Pause:
    """Time not counted (e.g. external appraisal, mediation); ``ended_at`` is ``None`` while it lasts."""

    reason: str
    started_at: pendulum.DateTime
    ended_at: pendulum.DateTime | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class Approval:
    """A recorded approval: which requirement, who gave it in which role, when."""

    key: str
    approver_role: str
    approver_id: str
    approved_at: pendulum.DateTime
    reference: str = ""


@attrs.frozen(kw_only=True)
class ClockNotice:
    """A notice sent (e.g. to the complainant): its key, channel and time (CBIRC Art. 21)."""

    key: str
    channel: str
    sent_at: pendulum.DateTime
    reference: str = ""


@attrs.frozen(kw_only=True)
class GrantedExtension:
    """An extension granted, with the approvals and notices that allowed it."""

    name: str
    granted_at: pendulum.DateTime
    approvals: tuple[Approval, ...] = ()
    notices: tuple[ClockNotice, ...] = ()
    reason: str = ""


@attrs.frozen(kw_only=True)
class ExtensionStep:
    """One extension in an explanation: the limit it set."""

    name: str
    granted_at: pendulum.DateTime
    limit: int
    unit: Unit
    approvals: tuple[str, ...]
    notices: tuple[str, ...]


@attrs.frozen(kw_only=True)
class PauseStep:
    """One pause in an explanation: how much it added (in :attr:`Explanation.total_unit`)."""

    reason: str
    started_at: pendulum.DateTime
    ended_at: pendulum.DateTime
    counted: int
    note: str = ""


@attrs.frozen(kw_only=True)
class Explanation:
    """The arithmetic of a due instant, step by step; it adds up exactly.

    For day-counted rules: ``last_day = counted_from + total`` (calendar days, or business days on the
    rule's calendar), ``total = base + sum(pause.counted)``, ``due_day`` is ``last_day`` rolled forward if
    the rule says so, and ``due`` is ``due_day`` at the cut-off. For hour-counted rules, ``total`` is in
    seconds (elapsed, or business-hours) from ``started_at``.
    """

    clock: str
    regime: str
    title: str
    source: str
    started_at: pendulum.DateTime
    time_zone: str
    convention: str
    limit: int
    unit: Unit
    extensions: tuple[ExtensionStep, ...]
    base: int
    pauses: tuple[PauseStep, ...]
    total: int
    total_unit: str
    counted_from: datetime.date | None
    last_day: datetime.date | None
    due_day: datetime.date | None
    due: pendulum.DateTime
    steps: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Clock:
    """A running deadline on a complaint: its rule, start, pauses, extensions and stop.

    Attributes:
        id: unique among the complaint's clocks, e.g. ``"CN-CBIRC-2020:handling_decision"``.
        regime: the code of the regime the rule comes from.
        rule: the rule, kept whole so the clock is judged by the rule in force when it started.
        started_at: the start instant (e.g. receipt of the complaint).
        billing_cycle_day: for billing-cycle rules, the day of the month the account's cycle closes.
    """

    id: str
    regime: str
    rule: DeadlineRule
    started_at: pendulum.DateTime
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[GrantedExtension, ...] = ()
    stopped_at: pendulum.DateTime | None = None
    stop_reason: str | None = None
    billing_cycle_day: int | None = None

    # --- computing ----------------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        """Whether a pause is open."""
        return bool(self.pauses) and self.pauses[-1].ended_at is None

    def _limits(self) -> list[tuple[GrantedExtension | None, int, Unit]]:
        """The rule's limit, then the limit each granted extension set: the last one holds."""
        limit, unit = self.rule.limit, self.rule.unit
        limits: list[tuple[GrantedExtension | None, int, Unit]] = [(None, limit, unit)]
        for granted in self.extensions:
            extension = self.rule.extension(granted.name)
            if extension is None:  # a rule replaced under a stored clock: say so rather than guess
                raise DeadlineError(self.id, f"rule has no extension {granted.name!r}")
            limit, unit = extension.limit, extension.unit or unit
            limits.append((granted, limit, unit))
        return limits

    def _extension_steps(self) -> tuple[ExtensionStep, ...]:
        return tuple(ExtensionStep(
            name=granted.name, granted_at=granted.granted_at, limit=limit, unit=unit,
            approvals=tuple(f"{a.key} by {a.approver_role} {a.approver_id}" for a in granted.approvals),
            notices=tuple(f"{n.key} via {n.channel} at {n.sent_at.isoformat()}" for n in granted.notices))
            for granted, limit, unit in self._limits() if granted is not None)

    def _pause_end(self, pause: Pause, now: pendulum.DateTime | None) -> pendulum.DateTime:
        end = pause.ended_at or self.stopped_at or now
        if end is None:
            raise DeadlineError(self.id, "is paused; its due instant depends on when it resumes (pass now)")
        return end

    def _count(self, now: pendulum.DateTime | None) -> tuple[DayCount | HourCount, int, Unit, tuple[PauseStep, ...]]:
        _, limit, unit = self._limits()[-1]
        arithmetic: DayCount | HourCount
        if unit.counts_days:
            start_day = local_date(self.started_at, self.rule.counting.time_zone)
            arithmetic = DayCount(self, limit, unit, start_day)
        else:
            arithmetic = HourCount(self, limit, unit)
        pause_steps = []
        for pause in self.pauses:
            end = self._pause_end(pause, now)
            if pause.started_at >= arithmetic.due():
                counted, note = 0, "began at or after the due instant, not counted"
            else:
                counted, note = arithmetic.pause(pause.started_at, end), ""
            pause_steps.append(PauseStep(reason=pause.reason, started_at=pause.started_at, ended_at=end,
                                         counted=counted, note=note))
        return arithmetic, limit, unit, tuple(pause_steps)

    def explain(self, now: pendulum.DateTime | None = None) -> Explanation:
        """Every step from the start instant to the due instant.

        Args:
            now: the current instant; needed only while a pause is open (the pause counts up to ``now``).

        Returns:
            The explanation; its ``due`` is :meth:`due`.

        Raises:
            DeadlineError: the clock is paused and ``now`` is not given, or a billing-cycle rule has no
                :attr:`billing_cycle_day`.
            CalendarCoverageError: the rule's calendar has no data for a day the count needs.
        """
        rule, counting = self.rule, self.rule.counting
        zone = counting.time_zone
        arithmetic, limit, unit, pause_steps = self._count(now)
        extension_steps = self._extension_steps()
        steps = [f"clock {rule.clock} of {self.regime}: {rule.title}" + (f" ({rule.source})" if rule.source else ""),
                 f"started {self.started_at.isoformat()} = {self.started_at.in_timezone(zone).isoformat()} in {zone}",
                 f"convention: {counting.describe()}",
                 f"limit: {rule.limit} {rule.unit.value.replace('_', ' ')}"]
        steps += [f"extension {e.name} granted {e.granted_at.isoformat()}: limit now {e.limit} "
                  f"{e.unit.value.replace('_', ' ')}; approvals: {', '.join(e.approvals) or 'none'}; "
                  f"notices: {', '.join(e.notices) or 'none'}" for e in extension_steps]
        steps += arithmetic.notes
        steps += [f"pause {p.reason} {p.started_at.isoformat()} to {p.ended_at.isoformat()}: "
                  + (p.note or f"{p.counted} {arithmetic.total_unit} not counted") for p in pause_steps]
        steps += arithmetic.final_steps()
        return Explanation(
            clock=rule.clock, regime=self.regime, title=rule.title, source=rule.source,
            started_at=self.started_at, time_zone=zone, convention=counting.describe(), limit=limit, unit=unit,
            extensions=extension_steps, base=arithmetic.base, pauses=pause_steps, total=arithmetic.total,
            total_unit=arithmetic.total_unit, counted_from=arithmetic.counted_from, last_day=arithmetic.last_day,
            due_day=arithmetic.due_day, due=arithmetic.due(), steps=tuple(steps))

    def due(self, now: pendulum.DateTime | None = None) -> pendulum.DateTime:
        """The due instant, in the institution's time zone.

        Args:
            now: the current instant; needed only while a pause is open.

        Returns:
            The instant by which the clock must be met.

        Raises:
            DeadlineError: paused without ``now``, or a billing-cycle rule without a cycle day.
            CalendarCoverageError: the calendar lacks a day the count needs.
        """
        if not self.pauses and not self.extensions and self.rule.unit in _PLAIN_DAY_UNITS:
            return limit_due(self.rule, local_date(self.started_at, self.rule.counting.time_zone))
        return self._count(now)[0].due()

    def status(self, now: pendulum.DateTime) -> ClockStatus:
        """The clock's status at ``now``.

        Args:
            now: the current instant.

        Returns:
            ``met`` or ``stopped`` if it stopped in time (``met`` when the stop reason is :data:`MET`),
            ``breached`` if it stopped late or is still open past its due instant, else ``paused`` or ``running``.

        Raises:
            DeadlineError: see :meth:`due`.
            CalendarCoverageError: see :meth:`due`.
        """
        due = self.due(now)
        if self.stopped_at is not None:
            if self.stopped_at > due:
                return ClockStatus.BREACHED
            return ClockStatus.MET if self.stop_reason == MET else ClockStatus.STOPPED
        if now >= due:
            return ClockStatus.BREACHED
        return ClockStatus.PAUSED if self.paused else ClockStatus.RUNNING

    def time_left(self, now: pendulum.DateTime) -> datetime.timedelta:
        """Time from ``now`` (or from the stop, if earlier) to the due instant; negative when overdue.

        Args:
            now: the current instant.

        Returns:
            The time left.

        Raises:
            DeadlineError: see :meth:`due`.
            CalendarCoverageError: see :meth:`due`.
        """
        until = now if self.stopped_at is None else min(now, self.stopped_at)
        return self.due(now) - until

    def elapsed_share(self, now: pendulum.DateTime) -> float:
        """The share of the start-to-due span used up at ``now`` (may exceed 1 when overdue).

        Args:
            now: the current instant.

        Returns:
            ``(now - start) / (due - start)``, with ``now`` capped at the stop.

        Raises:
            DeadlineError: see :meth:`due`.
            CalendarCoverageError: see :meth:`due`.
        """
        until = now if self.stopped_at is None else min(now, self.stopped_at)
        span = self.due(now) - self.started_at
        if span <= datetime.timedelta(0):  # due at or before the start (e.g. started after the cut-off)
            return 1.0
        return (until - self.started_at) / span

    def in_warning(self, now: pendulum.DateTime) -> bool:
        """Whether an open clock has used at least ``rule.warning_percent`` of its time but is not yet due.

        Args:
            now: the current instant.

        Returns:
            True inside the warning window.

        Raises:
            DeadlineError: see :meth:`due`.
            CalendarCoverageError: see :meth:`due`.
        """
        if self.status(now) not in (ClockStatus.RUNNING, ClockStatus.PAUSED):
            return False
        return self.elapsed_share(now) * 100 >= self.rule.warning_percent

    # --- changing (each returns a new clock, or refuses) ----------------------------------------

    def _open_at(self, at: pendulum.DateTime, doing: str) -> None:
        if self.stopped_at is not None:
            raise DeadlineError(self.id, f"can't {doing}: stopped at {self.stopped_at.isoformat()}")
        if at < self.started_at:
            raise DeadlineError(self.id, f"can't {doing} at {at.isoformat()}, before the start")
        if self.pauses and at < (self.pauses[-1].ended_at or self.pauses[-1].started_at):
            raise DeadlineError(self.id, f"can't {doing} at {at.isoformat()}, before the last pause change")

    def with_pause(self, reason: str, at: pendulum.DateTime, note: str = "") -> Clock:
        """The clock paused from ``at`` for ``reason``.

        Args:
            reason: one of ``rule.pause_reasons``.
            at: when the pause begins.
            note: free text (e.g. the appraisal body).

        Returns:
            The paused clock.

        Raises:
            DeadlineError: the reason is not allowed, the clock is paused or stopped, ``at`` is out of
                order, or the clock was already due at ``at``.
        """
        self._open_at(at, "pause")
        if self.paused:
            raise DeadlineError(self.id, "is already paused")
        if reason not in self.rule.pause_reasons:
            allowed = ", ".join(self.rule.pause_reasons) or "none"
            raise DeadlineError(self.id, f"pause reason {reason!r} not allowed; allowed: {allowed}")
        if at >= self.due(at):
            raise DeadlineError(self.id, f"was already due at {self.due(at).isoformat()}; a pause can't revive it")
        return evolve(self, pauses=(*self.pauses, Pause(reason=reason, started_at=at, note=note)))

    def with_resumption(self, at: pendulum.DateTime) -> Clock:
        """The clock resumed at ``at``.

        Args:
            at: when the pause ends.

        Returns:
            The running clock.

        Raises:
            DeadlineError: the clock is not paused, or ``at`` is before the pause began.
        """
        if not self.paused:
            raise DeadlineError(self.id, "is not paused")
        self._open_at(at, "resume")
        last = evolve(self.pauses[-1], ended_at=at)
        return evolve(self, pauses=(*self.pauses[:-1], last))

    def missing_for(self, name: str, at: pendulum.DateTime, approvals: Sequence[Approval],
                    notices: Sequence[ClockNotice]) -> tuple[str, ...]:
        """What extension ``name`` still lacks at ``at``: prior extensions, approvals and notices.

        Args:
            name: the extension's name.
            at: when it would be granted.
            approvals: the approvals offered.
            notices: the notices offered.

        Returns:
            One entry per missing item, e.g. ``"approval superior_approval (by superior_institution or
            head_office_senior_manager)"``; empty when nothing is missing.

        Raises:
            DeadlineError: the rule has no such extension.
        """
        extension = self.rule.extension(name)
        if extension is None:
            known = ", ".join(e.name for e in self.rule.extensions) or "none"
            raise DeadlineError(self.id, f"no extension {name!r}; extensions: {known}")
        granted = {g.name for g in self.extensions}
        missing = [f"extension {required} granted first" for required in extension.requires
                   if required not in granted]
        for needed in extension.approvals:
            if not any(a.key == needed.key and a.approver_role in needed.approver_roles and a.approved_at <= at
                       for a in approvals):
                missing.append(f"approval {needed.key} (by {' or '.join(needed.approver_roles)})")
        missing += [f"notice {key}" for key in extension.notices
                    if not any(n.key == key and n.sent_at <= at for n in notices)]
        return tuple(missing)

    def with_extension(self, name: str, at: pendulum.DateTime, *, approvals: Sequence[Approval] = (),
                       notices: Sequence[ClockNotice] = (), reason: str = "") -> Clock:
        """The clock with extension ``name`` granted at ``at``.

        Args:
            name: the extension's name in the rule.
            at: when it is granted (must be before the due instant).
            approvals: the recorded approvals it needs (dated no later than ``at``).
            notices: the notices it needs (sent no later than ``at``).
            reason: why (free text).

        Returns:
            The extended clock.

        Raises:
            ExtensionRefusedError: an approval, notice or prior extension is missing (``missing`` lists each).
            DeadlineError: unknown or repeated extension, stopped clock, or the clock already due at ``at``.
        """
        self._open_at(at, "extend")
        if any(g.name == name for g in self.extensions):
            raise DeadlineError(self.id, f"extension {name!r} was already granted")
        missing = self.missing_for(name, at, approvals, notices)
        if missing:
            raise ExtensionRefusedError(self.id, name, missing)
        if at >= self.due(at):
            raise DeadlineError(self.id, f"was already due at {self.due(at).isoformat()}; too late to extend")
        granted = GrantedExtension(name=name, granted_at=at, approvals=tuple(approvals), notices=tuple(notices),
                                   reason=reason)
        return evolve(self, extensions=(*self.extensions, granted))

    def with_stop(self, at: pendulum.DateTime, reason: str = MET) -> Clock:
        """The clock stopped at ``at`` (an open pause ends there too).

        Args:
            at: when it stops.
            reason: :data:`MET` when the deadline is met; else e.g. ``"withdrawn"``, ``"restarted"``.

        Returns:
            The stopped clock.

        Raises:
            DeadlineError: already stopped, or ``at`` out of order.
        """
        self._open_at(at, "stop")
        clock = self.with_resumption(at) if self.paused else self
        return evolve(clock, stopped_at=at, stop_reason=reason)
